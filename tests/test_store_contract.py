"""One contract, every registered backend (the sparql one against a real Virtuoso)."""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.errors import QueryError, StoreError
from kg.store import backends, open_store

EX = "http://example.org/"
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")


def sample() -> dict:
    g1, g2 = Graph(), Graph()
    g1.add((URIRef(EX + "a"), URIRef(EX + "p"), Literal("un", lang="fr")))
    g1.add((URIRef(EX + "a"), URIRef(EX + "q"), URIRef(EX + "b")))
    g2.add((URIRef(EX + "b"), URIRef(EX + "p"), Literal("2018", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))))
    g2.add((URIRef(EX + "b"), URIRef(EX + "p"), Literal("plain")))
    return {G1: g1, G2: g2}


pytestmark = pytest.mark.virtuoso_writes  # runs after the tests that read the shared Virtuoso's build


@pytest.fixture
def contract_virtuoso(empty_virtuoso):
    """The run's Virtuoso, emptied for each test: the contract's graphs never meet another test's."""
    return empty_virtuoso


def make_store(request, name: str, path, *, read_only: bool = False):
    settings = None
    if name == "sparql":
        from helpers import sparql_settings

        settings = sparql_settings(request.getfixturevalue("contract_virtuoso"), path)
    return open_store(name, path, read_only=read_only, settings=settings)


@pytest.fixture(params=backends())
def store(request, tmp_path):
    s = make_store(request, request.param, tmp_path / request.param)
    s.load(sample())
    yield s
    s.close()


def test_counts_and_graph_names(store):
    assert store.count() == 4
    assert store.count(G1) == 2
    assert store.graph_names() == [G1, G2]


def test_default_graph_is_the_union(store):
    res = store.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s")
    assert sorted(str(r[0]) for r in res.rows) == [EX + "a", EX + "b", EX + "b"]


def test_graph_keyword_reaches_each_graph(store):
    res = store.query(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g ORDER BY ?g")
    assert [(r["g"], int(r["n"])) for r in res.dicts()] == [(G1, 2), (G2, 2)]


def test_terms_round_trip(store):
    res = store.query(f"SELECT ?o WHERE {{ <{EX}b> <{EX}p> ?o }} ORDER BY STR(?o)")
    got = {r[0] for r in res.rows}
    assert Literal("plain") in got
    assert Literal("2018", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")) in got


def test_bindings_are_terms_not_text(store):
    res = store.query("SELECT * WHERE { ?s ?p ?o }", bindings={"s": URIRef(EX + "a"), "p": URIRef(EX + "p")})
    assert [r["o"] for r in res.dicts()] == [Literal("un", lang="fr")]
    # a value that would break the query if spliced is just a literal that matches nothing
    res = store.query("SELECT * WHERE { ?s ?p ?o }", bindings={"s": Literal('x" } ; DROP ALL ; #')})
    assert res.rows == []


def test_binding_an_unselected_variable_is_a_query_error(store):
    # Oxigraph only substitutes selected variables, so every store refuses the others the same way, never crashes
    with pytest.raises(QueryError, match="bound variables must be selected"):
        store.query("SELECT ?o WHERE { ?s ?p ?o }", bindings={"s": URIRef(EX + "a")})


def test_row_cap_says_it_cut(store):
    res = store.query("SELECT * WHERE { ?s ?p ?o }", max_rows=2)
    assert len(res.rows) == 2 and res.truncated
    res = store.query("SELECT * WHERE { ?s ?p ?o }", max_rows=4)
    assert len(res.rows) == 4 and not res.truncated


def test_ask_and_construct(store):
    assert store.query(f"ASK {{ <{EX}a> ?p ?o }}").boolean is True
    res = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
    assert isomorphic(res.graph, sample()[G1])


def test_quads_round_trip(store):
    back = {}
    for s, p, o, g in store.quads():
        back.setdefault(g, Graph()).add((s, p, o))
    for name, g in sample().items():
        assert isomorphic(back[name], g)


def test_syntax_error_is_a_query_error(store):
    with pytest.raises(QueryError, match="syntax"):
        store.query("SELEKT * WHERE { ?s ?p ?o }")


@pytest.mark.parametrize("name", backends())
def test_persisted_store_reopens_read_only(request, tmp_path, name):
    path = tmp_path / f"persist-{name}"
    s = make_store(request, name, path)
    s.load(sample())
    s.close()
    r = make_store(request, name, path, read_only=True)
    assert r.count() == 4
    assert r.graph_names() == [G1, G2]
    r.close()


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(StoreError, match="unknown store backend 'nope'"):
        open_store("nope")
