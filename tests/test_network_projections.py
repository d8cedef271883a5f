"""Projections on the tiny hand-made dataset of kg.network.sample, in both store backends.

The dataset (see the table in kg/network/sample.py) is small enough that
every node, edge and piece of evidence below was worked out by hand.
"""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from rdflib import Literal, URIRef

from kg.namespaces import NAP, action_iri as _action_iri, plan_iri as _plan_iri
from kg.network import analysis
from kg.network.actor_action import actor_action_graph
from kg.network.actor_instrument import actor_instrument_graph
from kg.network.co_involvement import co_involvement_graph
from kg.network.exceptions import EmptyProjection, InvalidParameter, ProjectionTooLarge
from kg.network.plan_items import actor_country_graph, actor_plan_graph, plan_item_graph
from kg.network.plan_overlap import plan_overlap_graph
from kg.network.readwrite import graph_bytes
from kg.network.sample import SAMPLE_GRAPH, example_graph, sample_iri
from kg.store import open_store

A = lambda name: sample_iri("actor", name)  # noqa: E731
P = lambda name: sample_iri("plan", name)  # noqa: E731
I = lambda name: sample_iri("instrument", name)  # noqa: E731


def action_iri(plan: str, notation: str) -> str:
    return str(_action_iri(plan, notation))


def plan_iri(plan: str) -> str:
    return str(_plan_iri(plan))


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def store(request):
    """The sample in each backend: the projections' queries must agree on both."""
    s = open_store(request.param)
    s.load({SAMPLE_GRAPH: example_graph()})
    yield s
    s.close()


@pytest.fixture(scope="module")
def projections():
    """Every projection of the sample, built once (Oxigraph), for the tests of what is done with a graph."""
    s = open_store("oxigraph")
    s.load({SAMPLE_GRAPH: example_graph()})
    built = {name: analysis.project(s, name) for name in analysis.PROJECTIONS}
    s.close()
    return built


def test_co_involvement_edges_weights_and_evidence(store):
    G = co_involvement_graph(store)
    expected = {  # pair -> shared actions
        (A("foreign"), A("justice")): ["p-be/1", "p-be2/1"],
        (A("justice"), A("ngo")): ["p-be/2"],
        (A("foreign"), A("ilo")): ["p-be2/1"],
        (A("ilo"), A("justice")): ["p-be2/1"],
        (A("ilo"), A("lux")): ["p-lu/1"],
    }
    got = {tuple(sorted((u, v))): [a.split("/action/")[1] for a in d["actions"]] for u, v, d in G.edges(data=True)}
    assert got == expected
    for u, v, d in G.edges(data=True):
        assert d["weight"] == len(d["actions"])
        assert d["distance"] == pytest.approx(1 / d["weight"])
    assert G.edges[A("foreign"), A("justice")]["plans"] == [P("p-be"), P("p-be2")]


def test_nodes_carry_iri_label_type_country(store):
    G = co_involvement_graph(store)
    j = G.nodes[A("justice")]
    assert j == {"iri": A("justice"), "label": "Ministry of Justice", "kind": "actor", "type": "ministry",
                 "country": "BEL", "n_actions": 3}
    assert G.nodes[A("ilo")]["country"] == ""  # no country in the data: empty, not invented


def test_only_chosen_predicates_become_edges_never_classes_or_literals(store):
    g = example_graph()
    g.add((_action_iri("p-be", "1"), NAP.involvedActor, Literal("a literal actor")))
    s = open_store("memory")
    s.load({SAMPLE_GRAPH: g})
    for G in (actor_action_graph(s), actor_instrument_graph(s), plan_item_graph(s)):
        for n, d in G.nodes(data=True):
            assert n.startswith(("https://w3id.org/napkg/id/", "http://metadata.un.org/sdg/")), n
            assert d["kind"] in {"actor", "action", "plan", "instrument", "sdg"}
            assert "ontology#" not in n
    # the country, label and type resources are attributes, never nodes
    assert not any("authority/country" in n or "actor-type" in n for n in actor_action_graph(s))


def test_responsible_only(store):
    B = actor_action_graph(store, responsible_only=True)
    assert {d["role"] for _, _, d in B.edges(data=True)} == {"responsible"}
    assert sorted(n for n, k in B.nodes(data="kind") if k == "actor") == [A("foreign"), A("justice"), A("lux")]
    assert co_involvement_graph(store, responsible_only=True).number_of_edges() == 0


def test_roles_in_the_bipartite_graph(store):
    B = actor_action_graph(store)
    assert B.edges[A("justice"), action_iri("p-be", "1")]["role"] == "responsible"
    assert B.edges[A("justice"), action_iri("p-be2", "1")]["role"] == "involved"
    assert all(B.nodes[n]["bipartite"] == (0 if B.nodes[n]["kind"] == "actor" else 1) for n in B)
    assert nx.is_bipartite(B)


def test_include_plans_counts_plan_level_actors(store):
    B = actor_action_graph(store, include_plans=True)
    assert B.has_edge(A("ngo"), str(plan_iri("p-be2")))
    assert B.nodes[str(plan_iri("p-be2"))]["kind"] == "plan"


@pytest.mark.parametrize("filters, actors", [
    ({"plan": "p-lu"}, ["ilo", "lux"]),
    ({"plan": str(plan_iri("p-lu"))}, ["ilo", "lux"]),
    ({"country": "BEL"}, ["foreign", "ilo", "justice", "ngo"]),
    ({"country": "lux"}, ["ilo", "lux"]),
    ({"source": "s-lu"}, ["ilo", "lux"]),
    ({"plan": "p-be", "country": "BEL"}, ["foreign", "justice", "ngo"]),
])
def test_filters(store, filters, actors):
    B = actor_action_graph(store, **filters)
    assert sorted(n for n, k in B.nodes(data="kind") if k == "actor") == [A(a) for a in actors]


@pytest.mark.parametrize("filters", [{"plan": "no-such-plan"}, {"country": "FRA"}, {"source": "nowhere"},
                                     {"plan": "p-be", "country": "LUX"}])
def test_a_filter_matching_nothing_is_a_clear_error(store, filters):
    with pytest.raises(EmptyProjection, match="check the plan, country or source id"):
        co_involvement_graph(store, **filters)


@pytest.mark.parametrize("bad", ["p-be> } UNION { ?s ?p ?o", "P BE", "'; DROP", "p_be"])
def test_filter_values_are_checked_not_spliced(store, bad):
    with pytest.raises(InvalidParameter, match="plan"):
        co_involvement_graph(store, plan=bad)


def test_an_iri_is_bound_as_a_term(store):
    # a well-formed IRI is passed through as an RDF term: it matches nothing, it cannot change the query
    with pytest.raises(EmptyProjection):
        co_involvement_graph(store, plan="https://example.org/x?s=1#p")
    with pytest.raises(InvalidParameter, match="not a valid IRI"):
        co_involvement_graph(store, plan='https://example.org/x"} ?s ?p ?o {')


def test_bad_country_code(store):
    with pytest.raises(InvalidParameter, match="three-letter"):
        actor_action_graph(store, country="Belgium")


def test_row_cap(store):
    with pytest.raises(ProjectionTooLarge, match="more than 3 rows"):
        actor_action_graph(store, max_rows=3)


def test_actor_instrument(store):
    B = actor_instrument_graph(store)
    assert sorted(B[A("ilo")]) == [I("ilo-p029"), I("oecd-guidelines")]
    assert B.edges[A("ilo"), I("ilo-p029")]["actions"] == [action_iri("p-be2", "1"), action_iri("p-lu", "1")]
    assert B.edges[A("justice"), I("ungp")]["actions"] == [action_iri("p-be", "1")]  # principle 26 rolled up
    parts = actor_instrument_graph(store, whole_instruments=False)
    assert sample_iri("instrument", "ungp/principle/26") in parts[A("justice")]


def test_plan_items_and_actor_plan(store):
    B = actor_plan_graph(store)
    assert sorted(B[P("p-be2")]) == [A("foreign"), A("ilo"), A("justice"), A("ngo")]
    assert B.edges[P("p-be2"), A("ngo")]["via"] == [P("p-be2")]  # named for the whole plan
    S = plan_item_graph(store, on="sdgs")
    assert sorted(S[P("p-be")]) == ["http://metadata.un.org/sdg/16", "http://metadata.un.org/sdg/8"]
    targets = plan_item_graph(store, on="sdgs", sdg_goals=False)
    assert "http://metadata.un.org/sdg/8.7" in targets[P("p-be")]
    C = actor_country_graph(B)
    assert sorted(C.nodes[c]["label"] for c in C[A("ilo")]) == ["BEL", "LUX"]


def test_plan_overlap(store):
    G = plan_overlap_graph(store)
    e = G.edges[P("p-be"), P("p-lu")]
    assert e["n_shared_actor"] == 0
    assert e["shared_instrument"] == [I("ungp")]
    assert e["jaccard_instrument"] == pytest.approx(1 / 3) and e["overlap_instrument"] == 1.0
    assert e["shared_sdg"] == ["http://metadata.un.org/sdg/8"]
    assert e["jaccard_sdg"] == pytest.approx(1 / 2)
    assert e["weight"] == 2
    assert G.nodes[P("p-lu")]["n_instrument"] == 3
    only_actors = plan_overlap_graph(store, on="actors")
    assert not only_actors.has_edge(P("p-be"), P("p-lu"))
    with pytest.raises(InvalidParameter, match="on"):
        plan_overlap_graph(store, on="budgets")


@pytest.mark.parametrize("projection", list(analysis.PROJECTIONS))
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_exports_parse_back(projections, projection, fmt):
    G = projections[projection]
    data = graph_bytes(G, format=fmt)
    if fmt == "graphml":
        H = nx.read_graphml(io.BytesIO(data))
    elif fmt == "gexf":
        H = nx.read_gexf(io.BytesIO(data))
    else:
        H = nx.node_link_graph(json.loads(data), edges="links")
    assert set(H) == set(G)
    assert H.number_of_edges() == G.number_of_edges()
    n = next(iter(G))
    assert H.nodes[n]["label"] == G.nodes[n]["label"]
    if projection == "co-involvement":
        u, v = A("foreign"), A("justice")
        assert float(H.edges[u, v]["weight"]) == 2
        evidence = H.edges[u, v]["actions"]
        assert (evidence.split() if isinstance(evidence, str) else evidence) == G.edges[u, v]["actions"]


@pytest.mark.parametrize("measure", list(analysis.MEASURES))
@pytest.mark.parametrize("projection", list(analysis.PROJECTIONS))
def test_every_measure_on_every_projection(projections, projection, measure):
    t = analysis.centrality(graph=projections[projection], projection=projection, measure=measure)
    assert t.rows and t.meta["normalisation"]
    assert [r["rank"] for r in t.rows] == list(range(1, len(t.rows) + 1))


def test_centrality_table_known_values(store):
    t = analysis.centrality(store, projection="co-involvement", measure="weighted-degree")
    assert [(r["label"], r["value"]) for r in t.rows][:2] == [("Ministry of Justice", 4.0),
                                                              ("International Labour Organization", 3.0)]
    t = analysis.centrality(store, projection="actor-action", measure="weighted-degree", kind="actor")
    assert t.rows[0]["label"] == "Ministry of Justice" and t.rows[0]["value"] == 3.0  # carries most actions
    t = analysis.centrality(store, projection="co-involvement", measure="betweenness", weighted=False, top=1)
    assert t.meta["rows_total"] == 5 and t.meta["exact"] is True


def test_sampled_betweenness_is_reported(store):
    t = analysis.centrality(store, projection="actor-action", measure="betweenness", kind="all", sample=4, seed=3)
    assert t.meta["sample"] == 4 and t.meta["seed"] == 3 and t.meta["exact"] is False


def test_project_refuses_what_a_projection_does_not_take(store):
    with pytest.raises(InvalidParameter, match="does not take plan"):
        analysis.project(store, "plan-overlap", plan="p-be")
    with pytest.raises(InvalidParameter, match="choose from"):
        analysis.project(store, "actor-budget")


def test_overlaps_tables(store):
    t = analysis.overlaps(store, analysis="recurring-actors", by="country")
    assert [r["label"] for r in t.rows] == ["International Labour Organization"]
    t = analysis.overlaps(store, analysis="brokers")
    assert t.rows[0]["actor"] == A("ilo") and t.rows[0]["separated_pairs"] == 2
    t = analysis.overlaps(store, analysis="similarity", on="sdgs")
    assert {r["jaccard"] for r in t.rows} == {1 / 2, 1.0}
    with pytest.raises(InvalidParameter, match="on"):
        analysis.overlaps(store, analysis="brokers", on="sdgs")


def test_projections_are_built_in_a_canonical_order(store):
    # seeded algorithms (Louvain, sampled betweenness) depend on node and edge order: it must not depend on
    # the store's row order or on PYTHONHASHSEED
    G = co_involvement_graph(store)
    assert list(G) == sorted(G)
    assert list(G.edges()) == sorted(G.edges())
    B = actor_action_graph(store)
    assert list(B) == list(actor_action_graph(store))
