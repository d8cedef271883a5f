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


# ---------------------------------------------------------------- what the endpoint, the build and export use

def test_run_answers_in_pyoxigraph_terms_on_the_union_or_the_dataset_given(store):
    import pyoxigraph as ox

    rows = [(r["s"].value, r["o"]) for r in store.run(f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s STR(?o)")]
    assert rows == [(EX + "a", ox.Literal("un", language="fr")),
                    (EX + "b", ox.Literal("2018", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))),
                    (EX + "b", ox.Literal("plain"))]
    only_g2 = [r["s"].value for r in store.run("SELECT ?s WHERE { ?s ?p ?o }", default_graphs=[str(G2)],
                                               named_graphs=[])]
    assert only_g2 == [EX + "b", EX + "b"]
    named = {r["g"].value for r in store.run("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", default_graphs=[],
                                             named_graphs=[str(G1)])}
    assert named == {str(G1)}
    assert bool(store.run(f"ASK {{ <{EX}a> ?p ?o }}")) is True
    assert bool(store.run("ASK { ?s ?p ?o }", default_graphs=[], named_graphs=[])) is False
    triples = list(store.run(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}"))
    assert {(t.subject.value, t.predicate.value) for t in triples} == {(EX + "a", EX + "p"), (EX + "a", EX + "q")}
    bound = list(store.run("SELECT * WHERE { ?s ?p ?o }", bindings={"s": ox.NamedNode(EX + "a"),
                                                                     "p": ox.NamedNode(EX + "q")}))
    assert [r["o"].value for r in bound] == [EX + "b"]


def test_held_graphs_are_the_graph_names(store):
    assert store.held_graphs() == frozenset({str(G1), str(G2)})


def test_answer_is_written_alike_by_every_store(store):
    a = store.answer(f"SELECT ?o WHERE {{ <{EX}b> <{EX}p> ?o }} ORDER BY STR(?o)", formats={"results": "csv"},
                     max_rows=10)
    assert (a.kind, a.media_type, a.body, a.truncated) == ("SELECT", "text/csv", b"o\r\n2018\r\nplain\r\n", False)
    cut = store.answer("SELECT * WHERE { ?s ?p ?o }", formats={"results": "json"}, max_rows=3)
    assert cut.rows == 3 and cut.truncated
    unknown = store.answer("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", formats={"results": "csv"}, max_rows=10,
                           default_graphs=[EX + "nowhere"])
    assert unknown.unknown_graphs == [EX + "nowhere"] and unknown.body == b"s,p,o\r\n"


@pytest.mark.parametrize("fmt, rdflib_format", [("nquads", "nquads"), ("trig", "trig")])
def test_dump_holds_every_quad(store, tmp_path, fmt, rdflib_format):
    from rdflib import Dataset

    target = tmp_path / f"dump.{fmt}"
    assert store.dump(fmt, target) == 4
    ds = Dataset()
    ds.parse(target, format=rdflib_format)
    for name, g in sample().items():
        assert isomorphic(ds.graph(name), g)


def _parts(tmp_path, graphs: dict) -> list:
    parts = []
    for i, (name, g) in enumerate(graphs.items()):
        path = tmp_path / f"part-{i}.nt"
        g.serialize(path, format="nt", encoding="utf-8")
        parts.append((name, path))
    return parts


@pytest.mark.parametrize("name", backends())
def test_the_build_transaction_stages_reads_what_it_staged_and_publishes(request, tmp_path, name):
    """stage -> staged() reads the new data -> publish; discard after a failure leaves the published data."""
    from kg.namespaces import INFERRED_GRAPH

    first = make_store(request, name, tmp_path / "first")
    first.load(sample())
    if "remote" not in first.capabilities:  # a local store is a new folder per build: nothing is published before
        first.close()
    g3 = Graph()
    g3.add((URIRef(EX + "c"), URIRef(EX + "p"), Literal("trois")))
    inferred = Graph()
    inferred.add((URIRef(EX + "c"), URIRef(EX + "p"), Literal("trois")))  # asserted elsewhere: dropped
    inferred.add((URIRef(EX + "c"), URIRef(EX + "r"), URIRef(EX + "a")))
    parts = _parts(tmp_path, {URIRef(EX + "g3"): g3, INFERRED_GRAPH: inferred})
    s = make_store(request, name, tmp_path / "second")
    assert s.stage(parts) == {EX + "g3": 1, str(INFERRED_GRAPH): 1}
    assert s.staged().held_graphs() == frozenset({EX + "g3", str(INFERRED_GRAPH)})
    if "staged_load" in s.capabilities:  # readers still see the published build
        assert make_store(request, name, tmp_path / "reader", read_only=True).held_graphs() == {str(G1), str(G2)}
    record = s.publish(build_id="b2", created="2026-12-06T00:00:00Z")
    assert isinstance(record, dict)
    s.close()  # as a build does before readers open its store
    reader = make_store(request, name, tmp_path / "second", read_only=True)
    assert reader.count() == 2 and reader.held_graphs() == {EX + "g3", str(INFERRED_GRAPH)}


@pytest.mark.parametrize("name", backends())
def test_discard_leaves_the_published_data(request, tmp_path, name):
    s = make_store(request, name, tmp_path / "store")
    s.load(sample())
    g3 = Graph()
    g3.add((URIRef(EX + "c"), URIRef(EX + "p"), Literal("trois")))
    s.stage(_parts(tmp_path, {URIRef(EX + "g3"): g3}))
    s.discard()
    if "staged_load" in s.capabilities:  # what was published stays, what was staged is gone
        reader = make_store(request, name, tmp_path / "store", read_only=True)
        assert reader.held_graphs() == {str(G1), str(G2)} and reader.count() == 4


@pytest.mark.parametrize("read_only", [True, False])
def test_a_damaged_oxigraph_store_is_a_store_error_naming_it(tmp_path, read_only):
    path = tmp_path / "damaged"
    s = open_store("oxigraph", path)
    s.load(sample())
    s.close()
    (path / "CURRENT").write_text("MANIFEST-999999\n")  # names a file RocksDB cannot find
    with pytest.raises(StoreError, match=f"cannot open the Oxigraph store at {path}"):
        open_store("oxigraph", path, read_only=read_only)
