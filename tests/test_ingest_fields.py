"""The fields issue 14 added to the data schema, as RDF: plan alt and replaces, label_sources, action ids.

Each test ingests a small data folder it writes itself; the last ones read the
real build (a label source is queryable and shows on the record's page).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import RDF, RDFS, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg import records
from kg.build import load_reference
from kg.errors import DataErrors
from kg.ingest import ingest
from kg.namespaces import NAPID, REGISTRY_GRAPH, graph_iri


@pytest.fixture(scope="module")
def vocab():
    return load_reference()[1]


def _ev(quote):
    return {"locator": "p. 1", "quote": quote}


def write(root: Path, *, plans=None, actions=None, actors=None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    actors = actors if actors is not None else [
        {"id": "region-flamande", "type": "regional-government",
         "label": {"fr": "Région flamande", "nl": "Vlaams Gewest", "en": "Flemish Region"},
         "label_sources": {"nl": "https://www.vlaanderen.be", "en": "curators' translation"},
         "evidence": [{"source": "t-src", "locator": "p. 1", "quote": "la Région flamande"}]}]
    (root / "actors.yaml").write_text(yaml.safe_dump(actors, allow_unicode=True), encoding="utf-8")
    (root / "instruments.yaml").write_text("[]\n", encoding="utf-8")
    doc = {"source": {"id": "t-src", "seed": "t.txt", "title": {"fr": "Rapport"}, "kind": "action-plan",
                      "evidence": _ev("Rapport")},
           "plans": plans if plans is not None else [
               {"id": "plan-2015", "kind": "action-plan", "label": {"fr": "Plan 2015-2019", "en": "Plan 2015-2019"},
                "evidence": _ev("le plan précédent")},
               {"id": "plan-2021", "kind": "action-plan", "label": {"fr": "Plan 2021-2025", "en": "Plan 2021-2025"},
                "alt": {"fr": ["plan d'action sur la traite des êtres humains"]}, "replaces": "plan-2015",
                "evidence": _ev("le nouveau plan")}],
           "actions": actions if actions is not None else []}
    (root / "t-src.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return root


def graphs(root, vocab):
    return ingest(records.load(root), vocab)


def errors_of(root, vocab) -> list[str]:
    try:
        records_ = records.load(root)
        ingest(records_, vocab)
    except DataErrors as e:
        return [str(err) for err in e.errors]
    return []


def test_plan_alt_and_replaces(tmp_path, vocab):
    g = graphs(write(tmp_path), vocab)[graph_iri("t-src")]
    plan = NAPID["plan/plan-2021"]
    # a researcher searching for the name the GCM entry uses finds the plan
    assert (plan, SKOS.altLabel, Literal("plan d'action sur la traite des êtres humains", lang="fr")) in g
    assert (plan, DCTERMS.replaces, NAPID["plan/plan-2015"]) in g
    assert not list(g.objects(NAPID["plan/plan-2015"], DCTERMS.replaces))


@pytest.mark.parametrize("replaces, message", [
    ("plan-1999", "unknown plan id 'plan-1999'"),
    ("plan-2021", "a plan cannot replace itself"),
])
def test_a_bad_replaces_is_named(tmp_path, vocab, replaces, message):
    root = write(tmp_path)
    doc = yaml.safe_load((root / "t-src.yaml").read_text(encoding="utf-8"))
    doc["plans"][1]["replaces"] = replaces
    (root / "t-src.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    (err,) = errors_of(root, vocab)
    assert "t-src.yaml" in err and "plans[1] (plan-2021)" in err and "replaces" in err and message in err


def test_label_sources_become_reified_statements(tmp_path, vocab):
    g = graphs(write(tmp_path), vocab)[REGISTRY_GRAPH]
    actor = NAPID["actor/region-flamande"]
    statements = {g.value(st, RDF.object): st for st in g.subjects(RDF.subject, actor)}
    assert set(statements) == {Literal("Vlaams Gewest", lang="nl"), Literal("Flemish Region", lang="en")}
    nl = statements[Literal("Vlaams Gewest", lang="nl")]
    assert (nl, RDF.type, RDF.Statement) in g and (nl, RDF.predicate, SKOS.prefLabel) in g
    # a URL is a link to follow; a citation stays text
    assert g.value(nl, DCTERMS.source) == URIRef("https://www.vlaanderen.be")
    assert g.value(statements[Literal("Flemish Region", lang="en")], DCTERMS.source) == Literal("curators' translation")
    assert "nl label “Vlaams Gewest”" in str(g.value(nl, RDFS.label))
    # the French label, from the text, has none
    assert Literal("Région flamande", lang="fr") not in statements


def test_a_label_source_for_a_missing_label_is_named(tmp_path, vocab):
    actors = [{"id": "x", "type": "ngo", "label": {"fr": "Xylo"}, "label_sources": {"nl": "a book"},
               "evidence": [{"source": "t-src", "locator": "p. 1", "quote": "Xylo"}]}]
    (err,) = errors_of(write(tmp_path, actors=actors), vocab)
    assert "actors.yaml" in err and "record 0 (x)" in err and "label_sources" in err
    assert "no 'nl' label to give a source for (label has: fr)" in err


def _action(notation=None, id_=None, parent=None, group=None):
    a = {"plan": "plan-2021", "title": {"fr": "Titre", "en": "Title"}, "evidence": _ev("Titre")}
    if notation:
        a["notation"] = notation
    if id_:
        a["id"] = id_
    if parent:
        a["parent"] = parent
    return a


def test_an_action_id_names_the_iri_and_the_notation_stays_as_printed(tmp_path, vocab):
    actions = [_action("3", "set-up-3"), _action("3", "growth-3"), _action(None, "set-up-3.1", parent="set-up-3"),
               _action("4")]
    g = graphs(write(tmp_path, actions=actions), vocab)[graph_iri("t-src")]
    a = NAPID["action/plan-2021/set-up-3"]
    assert g.value(a, SKOS.notation) == Literal("3")
    assert g.value(NAPID["action/plan-2021/growth-3"], SKOS.notation) == Literal("3")
    bullet = NAPID["action/plan-2021/set-up-3.1"]
    assert g.value(bullet, SKOS.notation) is None and g.value(bullet, DCTERMS.isPartOf) == a
    assert g.value(NAPID["action/plan-2021/4"], SKOS.notation) == Literal("4")  # no id: the notation names it


def test_a_repeated_notation_without_id_is_named(tmp_path, vocab):
    errs = errors_of(write(tmp_path, actions=[_action("3"), _action("3")]), vocab)
    assert len(errs) == 1
    assert "actions[1] (3)" in errs[0] and "duplicate action '3'" in errs[0] and "give repeated notations an id" in errs[0]


def test_an_action_with_neither_notation_nor_id_is_named(tmp_path, vocab):
    (err,) = errors_of(write(tmp_path, actions=[_action()]), vocab)
    assert "t-src.yaml" in err and "actions[0]" in err and "missing: one of 'notation' or 'id'" in err


# ---------------------------------------------------------------- the real build


def test_every_label_no_source_gives_is_queryable(store):
    rows = store.query("""
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?record ?label ?source WHERE {
          ?st a rdf:Statement ; rdf:subject ?record ; rdf:object ?label ; dcterms:source ?source }""").dicts()
    by_record = {(str(r["record"]), str(r["label"])): r["source"] for r in rows}
    # 002 writes "DCAF" only; the English name is DCAF's own
    assert by_record[(str(NAPID["actor/dcaf"]), "DCAF – Geneva Centre for Security Sector Governance")] == \
        URIRef("https://www.dcaf.ch")
    assert len(by_record) > 50


def test_a_label_source_shows_on_the_record_page(store):
    from kg.describe import describe

    d = describe(store, NAPID["actor/dcaf"])
    en = next(lab for lab in d["labels"] if lab["property"] == "skos:prefLabel" and lab["lang"] == "en")
    assert en["source"] == {"kind": "iri", "value": "https://www.dcaf.ch", "label": None}
    fr = next(lab for lab in d["labels"] if lab["property"] == "skos:prefLabel" and lab["lang"] == "fr")
    assert fr["source"] is None  # "DCAF", as the guide writes it
