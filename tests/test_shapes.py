"""Each shape rejects a crafted bad record (and the untouched data conforms)."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg import records
from kg.build import load_reference
from kg.ingest import ingest
from kg.namespaces import NAP, NAPID, REGISTRY_GRAPH, action_iri, actor_iri, graph_iri, plan_iri, update_iri
from kg.validate import results, validate
from helpers import DATA

# records of data/ the mutations start from, named by the functions that mint their IRIs
LU, BE = graph_iri("lu-pan2"), graph_iri("be-nap-bhr-2017-progress")
ACTION, BE_ACTION = action_iri("lu-nap-bhr-2", "4.4"), action_iri("be-nap-bhr-2017", "13")
UPDATE, PLAN, ACTOR = update_iri("be-nap-bhr-2017", "1", 1), plan_iri("lu-nap-bhr-2"), actor_iri("spf-justice")


@pytest.fixture(scope="module")
def base():
    ontology, vocab, shapes = load_reference()
    graphs = ingest(records.load(DATA), vocab)
    return ontology, vocab, shapes, graphs


def check(base, mutate):
    ontology, vocab, shapes, graphs = base
    data = Graph()
    for g in (ontology, vocab, *graphs.values()):
        data += g
    mutate(data)
    conforms, report, _ = validate(data, shapes=shapes)
    return conforms, [r for r in results(report) if r.severity == "Violation"]


def test_untouched_data_conforms(base):
    conforms, violations = check(base, lambda g: None)
    assert conforms, violations[:5]


LABEL_SOURCE = NAPID["label-source/test"]


def _label_source(g, subject=ACTOR, source=True):
    """A reified 'this label comes from ...' statement (kg/label_sources.py), broken as asked."""
    g.add((LABEL_SOURCE, RDF.type, RDF.Statement))
    g.add((LABEL_SOURCE, RDF.subject, subject))
    g.add((LABEL_SOURCE, RDF.predicate, SKOS.prefLabel))
    g.add((LABEL_SOURCE, RDF.object, Literal("FOD Justitie", lang="nl")))
    if source:
        g.add((LABEL_SOURCE, DCTERMS.source, URIRef("https://justitie.belgium.be")))


def test_a_well_formed_label_source_conforms(base):
    conforms, violations = check(base, _label_source)
    assert conforms, [r.line() for r in violations][:5]


def first_evidence(g, s):
    return next(g.objects(s, NAP.evidence))


CASES = {
    # an item the text does not number has no notation (issue 14), but never two
    "action with two notations": (lambda g: g.add((ACTION, SKOS.notation, Literal("4.4.bis"))), ACTION, "notation"),
    "label source that cites nothing": (lambda g: _label_source(g, source=False), LABEL_SOURCE, "source"),
    "label source about no actor or instrument": (lambda g: _label_source(g, subject=PLAN), LABEL_SOURCE, "subject"),
    "action in two plans": (lambda g: g.add((ACTION, NAP.partOfPlan, NAPID["plan/be-nap-bhr-2017"])), ACTION, "partOfPlan"),
    "action without plan": (lambda g: g.remove((ACTION, NAP.partOfPlan, None)), ACTION, "partOfPlan"),
    "action without English title": (lambda g: [g.remove((ACTION, SKOS.prefLabel, l)) for l in list(g.objects(ACTION, SKOS.prefLabel)) if l.language == "en"], ACTION, "prefLabel"),
    "label in an unknown language": (lambda g: g.add((ACTION, SKOS.prefLabel, Literal("x", lang="xx"))), ACTION, "prefLabel"),
    "two labels in one language": (lambda g: g.add((ACTION, SKOS.prefLabel, Literal("autre", lang="fr"))), ACTION, "prefLabel"),
    "SDG object not a UN IRI": (lambda g: g.add((ACTION, NAP.addressesSDG, URIRef("http://example.org/sdg/8"))), ACTION, "addressesSDG"),
    "responsible actor that is no actor": (lambda g: g.add((ACTION, NAP.responsibleActor, NAPID["instrument/ungp"])), ACTION, "responsibleActor"),
    "principle that is no instrument part": (lambda g: g.add((ACTION, NAP.implementsPrinciple, NAPID["instrument/ungp"])), ACTION, "implementsPrinciple"),
    "action without provenance": (lambda g: g.remove((ACTION, PROV.wasDerivedFrom, None)), ACTION, "wasDerivedFrom"),
    "action without evidence": (lambda g: g.remove((ACTION, NAP.evidence, None)), ACTION, "evidence"),
    "evidence without quote": (lambda g: g.remove((first_evidence(g, ACTION), NAP.quote, None)), None, "quote"),
    "update without period": (lambda g: g.remove((UPDATE, NAP.period, None)), UPDATE, "period"),
    "update with a malformed period": (lambda g: (g.remove((UPDATE, NAP.period, None)), g.add((UPDATE, NAP.period, Literal("2017-18")))), UPDATE, "period"),
    "update with a status outside the scheme": (lambda g: g.add((UPDATE, NAP.status, NAPID["status/finished"])), UPDATE, "status"),
    "update without text": (lambda g: g.remove((UPDATE, RDFS.comment, None)), UPDATE, "comment"),
    "actor without type": (lambda g: g.remove((ACTOR, NAP.actorType, None)), ACTOR, "actorType"),
    "actor with two countries": (lambda g: g.add((ACTOR, NAP.country, URIRef("http://publications.europa.eu/resource/authority/country/FRA"))), ACTOR, "country"),
    "plan without English label": (lambda g: [g.remove((PLAN, SKOS.prefLabel, l)) for l in list(g.objects(PLAN, SKOS.prefLabel)) if l.language == "en"], PLAN, "prefLabel"),
    "instrument without any provenance": (lambda g: g.add((NAPID["instrument/made-up"], RDF.type, NAP.Instrument)), NAPID["instrument/made-up"], ""),
    "group outside any plan": (lambda g: g.remove((NAPID["group/lu-nap-bhr-2/cat-1"], DCTERMS.isPartOf, None)), NAPID["group/lu-nap-bhr-2/cat-1"], "isPartOf"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_shape_rejects(case, base):
    mutate, focus, path = CASES[case]
    conforms, violations = check(base, mutate)
    assert not conforms, case
    assert any((focus is None or r.focus == str(focus)) and path in r.path for r in violations), \
        f"{case}: {[r.line() for r in violations][:5]}"
