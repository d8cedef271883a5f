"""Reasoning: the fast engine equals the owlrl reference, adds what the axioms mean, and only to graph/inferred."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, URIRef

from kg.build import load_reference, prepare
from kg.namespaces import INFERRED_GRAPH, NAP, NAPID, ORG
from kg.reason import infer


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.mark.slow
def test_reasonable_equals_owlrl_on_the_real_data(built, tmp_path_factory):
    fast = prepare(built.replace(cache_dir=str(tmp_path_factory.mktemp("c1"))), engine="reasonable")
    ref = prepare(built.replace(cache_dir=str(tmp_path_factory.mktemp("c2"))), engine="owlrl")
    a, b = set(fast[INFERRED_GRAPH]), set(ref[INFERRED_GRAPH])
    assert len(a) > 1000
    assert a == b, f"only reasonable: {sorted(a - b)[:5]}; only owlrl: {sorted(b - a)[:5]}"


@pytest.mark.parametrize("engine", ["reasonable", "owlrl"])
def test_axioms_add_expected_triples(engine, reference):
    ontology = reference[0]
    a, p = NAPID["action/x/1"], NAPID["plan/x"]
    u, r, y = NAPID["update/x/1/1"], NAPID["actor/r"], NAPID["actor/y"]
    resp, org = NAPID["actor/resp"], NAPID["actor/org"]
    g = Graph()
    g.add((a, NAP.partOfPlan, p))
    g.add((a, NAP.hasProgressUpdate, u))
    g.add((u, NAP.reportedBy, r))
    g.add((u, NAP.involvedActor, y))
    g.add((a, NAP.responsibleActor, resp))
    g.add((org, RDF.type, ORG.Organization))
    before = set(g)
    inferred = set(infer(g, ontology, engine=engine))
    expected = {
        (p, NAP.hasAction, a),                # inverse
        (u, NAP.progressOf, a),               # inverse
        (a, NAP.involvedActor, resp),         # subproperty
        (u, NAP.involvedActor, r),            # reportedBy is a kind of involvement
        (a, NAP.involvedActor, r),            # chain through the update
        (a, NAP.involvedActor, y),            # chain through the update
        (org, RDF.type, NAP.Actor),           # org:Organization under nap:Actor
        (p, RDF.type, NAP.ActionPlan),        # range of partOfPlan
    }
    assert expected <= inferred
    assert set(g) == before, "reasoning changed its input"
    assert not inferred & before, "inferred triples repeat asserted ones"


def test_no_noise_in_inferred(store):
    q = """SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/napkg/graph/inferred> {
             { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o } UNION { ?s a <http://www.w3.org/2002/07/owl#Thing> }
             UNION { ?s ?p ?s } } }"""
    assert int(store.query(q).rows[0][0]) == 0


def test_inferred_graph_holds_no_asserted_triple(store):
    q = """ASK { GRAPH <https://w3id.org/napkg/graph/inferred> { ?s ?p ?o }
                 GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/napkg/graph/inferred>) }"""
    assert store.query(q).boolean is False


def test_asserted_graphs_hold_no_inverse_of_their_own(store):
    # hasAction is only ever inferred: the source graphs assert partOfPlan
    q = """ASK { GRAPH ?g { ?p <https://w3id.org/napkg/ontology#hasAction> ?a }
                 FILTER(?g != <https://w3id.org/napkg/graph/inferred>) }"""
    assert store.query(q).boolean is False
