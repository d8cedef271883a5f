"""Network answers on the real data, checked by hand against the source documents.

Each expectation names the lines of ../shared/seeds that support it:

- 000 = 000_be310143d1ea1315.txt, Belgium's NAP on business and human rights
  (be-nap-bhr-2017), progress table 2017-2018;
- 001 = 001_e7ca9fcfdb27691b.txt, Luxembourg's PAN 2 (lu-nap-bhr-2);
- 004 = 004_806b347d332ec418.txt, Belgium's GCM entry: the plans against
  trafficking (be-nap-trafficking-2021-2025) and smuggling (be-nap-smuggling-2021-2025).

The assertions are "at least": curation may add actors or instruments, it
must not lose these.
"""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest

from kg.network import analysis
from kg.network.co_involvement import co_involvement_graph
from kg.network.plan_items import actor_plan_graph, plan_item_graph
from kg.network.readwrite import graph_bytes
from kg.network.sample import sample_iri

A = lambda name: sample_iri("actor", name)  # noqa: E731
P = lambda name: sample_iri("plan", name)  # noqa: E731
I = lambda name: sample_iri("instrument", name)  # noqa: E731
BHR, TRAFFICKING, SMUGGLING, LU = (P("be-nap-bhr-2017"), P("be-nap-trafficking-2021-2025"),
                                   P("be-nap-smuggling-2021-2025"), P("lu-nap-bhr-2"))


@pytest.fixture(scope="module")
def actor_plan(store):
    return actor_plan_graph(store)


def test_bodies_in_both_the_bhr_plan_and_the_trafficking_plan(actor_plan):
    # 000 l.103 & 114: action 5 is led by "SPF Affaires étrangères", "SPF Justice :" reports on it;
    # 000 l.285-287 (action 14): the "Cellule Interdépartementale de lutte contre le trafic et la traite
    # des êtres humains (SPF Justice)" and "le Bureau de la Cellule";
    # 004 "Partenaires impliqués": "Service Public Fédéral des Affaires étrangères, ..., SPF Justice, SPF
    # Intérieur, SPF Inspection sociale", coordinated by the cell (cellule) and its bureau ("Résumé").
    shared = set(actor_plan[BHR]) & set(actor_plan[TRAFFICKING])
    assert {A("spf-justice"), A("spf-affaires-etrangeres"), A("be-cell-trafficking"),
            A("be-cell-trafficking-bureau")} <= shared


def test_the_trafficking_and_smuggling_plans_share_their_partners(actor_plan):
    # 004 "Partenaires impliqués" and "Résumé": the same departments run both plans.
    shared = set(actor_plan[TRAFFICKING]) & set(actor_plan[SMUGGLING])
    assert {A("spf-justice"), A("spf-interieur"), A("spf-affaires-etrangeres"), A("be-federal-police"),
            A("office-etrangers"), A("payoke"), A("pag-asa"), A("surya")} <= shared


def test_recurring_actors_table(store):
    t = analysis.overlaps(store, analysis="recurring-actors")
    rows = {r["actor"]: r for r in t.rows}
    for a in ("spf-justice", "spf-affaires-etrangeres", "be-cell-trafficking"):
        assert rows[A(a)]["count"] >= 3  # the BHR plan and both GCM plans
        assert {BHR, TRAFFICKING, SMUGGLING} <= set(rows[A(a)]["plans"])


def test_instruments_shared_by_the_belgian_and_luxembourg_plans(store):
    # ILO P029: 000 l.435 (action 24, SPF Emploi: "dossier d'assentiment au Protocole de 2014 relatif à la
    #   Convention sur le travail forcé de l'OIT"); 001 l.39 ("4.4. Envisager la ratification du Protocole (P29)").
    # OECD Guidelines: 000 l.159 ("Principes directeurs de l'OCDE"); 001 l.53 (6.2, "Principes directeurs de l'OCDE").
    # UNGP: 000, the "PO" principle numbers of every action (e.g. l.101 "PO 26 & 27"); 001 l.25, l.43
    #   (3.2, 5.1 "Principes directeurs").
    B = plan_item_graph(store, on="instruments")
    shared = set(B[BHR]) & set(B[LU])
    assert {I("ilo-p029"), I("oecd-guidelines"), I("ungp")} <= shared
    assert action(B.edges[LU, I("ilo-p029")]["via"]) >= {"lu-nap-bhr-2/4.4"}
    t = analysis.overlaps(store, analysis="similarity", on="instruments")
    row = next(r for r in t.rows if {r["plan_a"], r["plan_b"]} == {BHR, LU})
    assert row["n_shared"] >= 3 and 0 < row["jaccard"] <= row["overlap"] <= 1


def action(iris) -> set[str]:
    return {i.split("/action/")[1] for i in iris if "/action/" in i}


def test_co_involvement_evidence_points_at_the_shared_actions(store):
    # 000 l.103-114: action 5 (SPF Affaires étrangères responsible, SPF Justice reporting);
    # 004 "Résumé": both sit in the coordination meetings of the trafficking plan (m1).
    G = co_involvement_graph(store)
    e = G.edges[A("spf-justice"), A("spf-affaires-etrangeres")]
    assert {"be-nap-bhr-2017/5", "be-nap-trafficking-2021-2025/m1"} <= action(e["actions"])
    assert e["weight"] == len(e["actions"])
    assert {BHR, TRAFFICKING} <= set(e["plans"])


def test_filters_on_the_real_graph(store):
    lu = co_involvement_graph(store, country="LUX")
    assert lu.number_of_nodes() and all(d["kind"] == "actor" for _, d in lu.nodes(data=True))
    be = co_involvement_graph(store, plan="be-nap-trafficking-2021-2025")
    assert A("spf-justice") in be


@pytest.mark.parametrize("projection", list(analysis.PROJECTIONS))
def test_every_measure_answers_on_every_real_projection(store, projection):
    G = analysis.project(store, projection)
    assert G.number_of_nodes() > 3
    for measure in analysis.MEASURES:
        t = analysis.centrality(graph=G, projection=projection, measure=measure, top=5)
        assert t.rows, (projection, measure)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_real_graph_files_parse_back(store, fmt):
    G = co_involvement_graph(store)
    data = graph_bytes(G, format=fmt)
    H = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(data))
    assert set(H) == set(G) and H.number_of_edges() == G.number_of_edges()
    assert H.nodes[A("spf-justice")]["label"] == G.nodes[A("spf-justice")]["label"]
    assert json.loads(graph_bytes(G, format="json"))["links"]
