"""The ``sparql`` backend against a real Virtuoso: builds as transactions, errors that say what to do, secrets kept.

Every test here talks to the run's Virtuoso servers (``tests/conftest.py``: one shared, one that caps
answers at 3 rows; their own ini and database, 127.0.0.1, free ports) and skips with the reason where
``virtuoso-t`` is not installed.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from helpers import VIRTUOSO_PASSWORD, make_settings, sparql_settings
from kg.build import build
from kg.builds import open_current
from kg.errors import DataErrors, StoreError
from kg.query import named_queries
from kg.settings import ROOT
from kg.sparql_guard import projected_variables as projected
from kg.store.sparql import BUILD_GRAPH, MANIFEST, STAGING, UNION, SparqlStore
from kg.store.sparql_publish import build_graph_updates
from kg.store.sparql_text import bind_values, where_start

pytestmark = pytest.mark.slow
CANARY = "pw-canary-5f1e"


def _cli(*args: str, env: dict, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def _env(settings, **extra) -> dict:
    env = {"NAPKG_" + k.upper(): str(v) for k, v in settings.as_dict().items()
           if k.startswith("sparql_") or k in ("store_backend", "data_dir", "store_dir", "cache_dir")}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def _staging_graphs(server, prefix: str = STAGING) -> list[str]:
    """The store's graphs whose IRI starts with ``prefix`` (staging graphs by default), read past napkg."""
    import urllib.parse
    import urllib.request

    q = f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{prefix}")) }}'
    req = urllib.request.Request(server.query_url, data=urllib.parse.urlencode({"query": q}).encode(),
                                 headers={"Accept": "text/csv"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return sorted(line.strip('"') for line in r.read().decode().splitlines()[1:])


def _one_triple_graphs(n: int, width: int = 1) -> dict:
    """``n`` napkg graphs ``test-<i>`` of one triple each."""
    from rdflib import Graph, Literal, URIRef

    graphs = {}
    for i in range(n):
        g = Graph()
        g.add((URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"), Literal(i)))
        graphs[URIRef(f"https://w3id.org/napkg/graph/test-{i:0{width}d}")] = g
    return graphs


# ---------------------------------------------------------------- the build, published


def test_remote_build_holds_what_the_embedded_build_holds(built, built_remote):
    with open_current(built) as local, open_current(built_remote) as remote:
        assert remote.name == "sparql"
        assert remote.graph_names() == local.graph_names()
        counts = {str(g): local.count(g) for g in local.graph_names()}
        assert {str(g): remote.count(g) for g in remote.graph_names()} == counts
        assert remote.count() == local.count()
        info = remote.build_info()
    assert info["graphs"] == counts  # the build graph lists every graph with its size
    assert str(BUILD_GRAPH) not in info["graphs"]  # it describes the dataset and is not part of it


def _cell(term) -> str:
    """A value as text, a GROUP_CONCAT's parts sorted (SPARQL leaves their order to the engine)."""
    text = "" if term is None else str(term)
    for sep in (" | ", ", "):
        if sep in text:
            return sep.join(sorted(text.split(sep)))
    return text


def test_every_competency_query_answers_alike_row_by_row(built, built_remote):
    """Not just as many rows: the same rows (ties in ORDER BY and GROUP_CONCAT's order are the engine's)."""
    with open_current(built) as local, open_current(built_remote) as remote:
        for name, q in named_queries().items():
            a, b = local.query(q.text), remote.query(q.text)
            assert a.vars == b.vars, name
            assert sorted(tuple(map(_cell, r)) for r in a.rows) == sorted(tuple(map(_cell, r)) for r in b.rows), name


def test_query_through_the_cli_reads_the_remote_store(built_remote, tmp_path):
    # another host: no local build folder at all, only the store's URL
    env = _env(built_remote, NAPKG_STORE_DIR=str(tmp_path / "elsewhere"), NAPKG_SPARQL_USER="", NAPKG_SPARQL_PASSWORD="")
    r = _cli("query", "@07-shared-instruments", "-f", "csv", env=env)
    assert r.returncode == 0, r.stderr
    assert "ilo-p029" in r.stdout
    r = _cli("stats", env=env)
    assert r.returncode == 0 and "be-nap-bhr-2017" in r.stdout


# ---------------------------------------------------------------- failures leave the published graphs answering


@pytest.fixture
def fresh(remote_to_break):
    """The run's Virtuoso with one good build in it."""
    return remote_to_break


def _published(settings) -> tuple[str, dict, int]:
    store = SparqlStore(read_only=True, settings=settings)
    info = store.build_info()
    rows = len(store.query(named_queries()["04-co-responsibility"].text).rows)
    return info["id"], info["graphs"], rows


def test_killed_load_leaves_the_previous_graphs_answering(fresh):
    server, settings = fresh
    before = _published(settings)
    env = _env(settings, NAPKG_SPARQL_CHUNK_TRIPLES="100", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", "--no-dumps"], cwd=ROOT, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT), **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen = []
    for line in proc.stderr:  # wait until the load is under way, then kill it hard
        seen.append(line)
        if re.search(r"of [\d,]+ triples", line) and len([x for x in seen if "triples (" in x]) >= 3:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()
    assert any("triples" in x for x in seen), "".join(seen)
    assert _staging_graphs(server), "the load was killed before it wrote anything: the test proves nothing"
    assert _published(settings) == before  # same build, same graphs and counts, same answers

    # the next build clears what the killed one left
    report = build(settings, dumps=False)
    after = _published(settings)
    assert after[0] != before[0] and after[1] == before[1] and after[2] == before[2]
    assert _staging_graphs(server) == []
    assert report.seconds["publish"] > 0


def test_bad_data_changes_nothing_in_the_store(fresh, data_copy):
    server, settings = fresh
    before = _published(settings)
    (data_copy / "lu-pan2.yaml").write_text("source: {id: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataErrors):
        build(settings.replace(data_dir=str(data_copy)))
    assert _published(settings) == before
    assert _staging_graphs(server) == []


def test_refused_credentials_exit_2_name_the_url_and_never_show_the_password(fresh):
    server, settings = fresh
    before = _published(settings)
    r = _cli("build", "--no-dumps", env=_env(settings, NAPKG_SPARQL_PASSWORD=CANARY))
    assert r.returncode == 2
    # the first write names its URL: dropping an earlier build's union (update URL) or staging a graph (GSP URL)
    assert "refused the credentials of 'dba'" in r.stderr
    assert server.graph_store_url in r.stderr or server.update_url in r.stderr
    assert "NAPKG_SPARQL_PASSWORD" in r.stderr  # what to do
    assert CANARY not in r.stdout + r.stderr and "Traceback" not in r.stderr
    assert _published(settings) == before and _staging_graphs(server) == []


def test_password_from_a_file_and_never_from_an_argument(fresh, tmp_path):
    server, settings = fresh
    secret = tmp_path / "pw"
    secret.write_text(VIRTUOSO_PASSWORD + "\n")
    env = _env(settings, NAPKG_SPARQL_PASSWORD="", NAPKG_SPARQL_PASSWORD_FILE=str(secret))
    r = _cli("build", "--no-dumps", "-q", env=env)
    assert r.returncode == 0, r.stderr
    r = _cli("build", "--sparql-password", "x", env=env)
    assert r.returncode == 2 and "No such option" in r.stderr


def test_a_store_that_is_down_exits_2_and_says_what_to_do(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    url = f"http://127.0.0.1:{port}/sparql"
    env = {"NAPKG_STORE_BACKEND": "sparql", "NAPKG_SPARQL_QUERY_URL": url, "NAPKG_STORE_DIR": str(tmp_path)}
    r = _cli("query", "ASK {}", env=env)
    assert r.returncode == 2
    assert f"cannot reach the SPARQL store at {url}" in r.stderr and "is it running" in r.stderr


def test_a_store_that_never_answers_times_out_with_a_message(tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    held = []
    threading.Thread(target=lambda: held.append(listener.accept()), daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    env = {"NAPKG_STORE_BACKEND": "sparql", "NAPKG_SPARQL_QUERY_URL": url, "NAPKG_STORE_DIR": str(tmp_path),
           "NAPKG_SPARQL_TIMEOUT_S": "1"}
    t = time.monotonic()
    r = _cli("query", "ASK {}", env=env, timeout=60)
    assert r.returncode == 2 and time.monotonic() - t < 30
    assert f"the SPARQL store at {url} did not answer" in r.stderr and "within 1 s" in r.stderr
    for conn, _ in held:
        conn.close()
    listener.close()


def test_the_read_only_store_refuses_to_write(built_remote):
    from rdflib import Graph, URIRef

    with open_current(built_remote) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.load({URIRef("http://example.org/g"): Graph()})


def test_settings_never_show_a_password():
    s = make_settings(ROOT, sparql_password=CANARY, sparql_read_password=CANARY)
    assert CANARY not in repr(s)


# ---------------------------------------------------------------- how bindings reach a store that has no substitution


@pytest.mark.parametrize("query, expected", [
    ('SELECT ?x WHERE { ?x <http://ex/p> "{}" }', 'SELECT ?x WHERE { VALUES (?x) { (<http://ex/a>) } ?x'),
    ("PREFIX ex: <http://ex/#>\nSELECT * { ?x ex:p ?y } GROUP BY ?x", "SELECT * { VALUES (?x) { (<http://ex/a>) } ?x"),
    ("# a { comment\nCONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }", "WHERE { VALUES (?x) { (<http://ex/a>) } ?x ?p ?o }"),
    ("CONSTRUCT WHERE { ?x ?p ?o }", "CONSTRUCT WHERE { ?x ?p ?o }\nVALUES (?x) { (<http://ex/a>) }"),
    ("SELECT ?x WHERE { ?x ?p '''{'''  }", "SELECT ?x WHERE { VALUES (?x) { (<http://ex/a>) } ?x ?p '''{'''"),
])
def test_bindings_join_at_the_start_of_the_where_pattern(query, expected):
    import pyoxigraph as ox

    assert expected in bind_values(query, {"x": ox.NamedNode("http://ex/a")})


def test_projection_is_read_without_a_parser():
    assert projected("SELECT DISTINCT ?a (SUM(?b) AS ?c) { ?a ?p ?b } GROUP BY ?a") == {"a", "c"}
    assert projected("SELECT * { ?s ?p ?o }") is None
    assert projected("ASK { ?s ?p ?o }") is None
    assert where_start("ASK { }") == 5


def test_serving_an_empty_store_exits_2_and_says_to_build(empty_virtuoso, tmp_path):
    server = empty_virtuoso
    env = {"NAPKG_STORE_BACKEND": "sparql", "NAPKG_SPARQL_QUERY_URL": server.query_url,
           "NAPKG_STORE_DIR": str(tmp_path)}
    r = _cli("serve", "--port", "0", env=env, timeout=60)
    assert r.returncode == 2
    assert f"no graph built yet in {server.query_url}" in r.stderr and "napkg build" in r.stderr


def test_a_read_account_answers_digest_challenges_and_a_wrong_one_is_named(fresh):
    # Virtuoso's /sparql-auth asks for HTTP Digest: as a query endpoint it stands for a store whose reads need an account
    server, settings = fresh
    reader = settings.replace(sparql_query_url=server.update_url, sparql_read_user="dba",
                              sparql_read_password=VIRTUOSO_PASSWORD, sparql_user="", sparql_password="")
    store = SparqlStore(read_only=True, settings=reader)
    assert store.count() > 20_000
    wrong = SparqlStore(read_only=True, settings=reader.replace(sparql_read_password=CANARY))
    with pytest.raises(StoreError) as e:
        wrong.count()
    assert "refused the credentials of 'dba'" in str(e.value) and "NAPKG_SPARQL_READ_PASSWORD" in str(e.value)
    assert CANARY not in str(e.value)


def _five_triples(server, tmp_path) -> SparqlStore:
    from rdflib import Graph, Literal, URIRef

    g = Graph()
    for i in range(5):
        g.add((URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"), Literal(i)))
    store = SparqlStore(settings=sparql_settings(server, tmp_path))
    store.load({URIRef("http://example.org/g"): g})
    return store


def test_a_store_that_cuts_answers_short_is_caught_not_believed(empty_capped_virtuoso, tmp_path):
    server = empty_capped_virtuoso
    store = _five_triples(server, tmp_path)
    assert store.count() == 5
    with pytest.raises(StoreError, match=r"returned [0-4] of the 5 triples.*ResultSetMaxRows"):
        list(store.quads())


def test_an_answer_the_store_cut_is_marked_cut(empty_capped_virtuoso, tmp_path):
    server = empty_capped_virtuoso
    store = _five_triples(server, tmp_path)
    assert store.query("SELECT * WHERE { ?s ?p ?o }").truncated is True
    assert store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 2").truncated is False


def test_a_build_of_many_graphs_is_read_although_virtuoso_echoes_each_as_a_header(empty_virtuoso, tmp_path):
    """Virtuoso sends one response header per dataset graph; past http.client's 100 every query used to fail."""
    graphs = _one_triple_graphs(120, 3)
    store = SparqlStore(settings=sparql_settings(empty_virtuoso, tmp_path))
    store.load(graphs)
    assert len(store.graph_names()) == 120
    assert store.count() == 120
    result = store.query("SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?graphs) "
                         "WHERE { GRAPH ?g { ?s ?p ?o } }")
    (n, distinct), = result.rows
    assert (int(n), int(distinct)) == (120, 120)


def test_named_graphs_are_sent_only_to_a_query_that_reads_them(empty_virtuoso, tmp_path):
    """napkg's graphs go as named graphs only where the query says GRAPH; the answers are the same."""
    from rdflib import Literal

    graphs = _one_triple_graphs(3)
    store = SparqlStore(settings=sparql_settings(empty_virtuoso, tmp_path))
    store.load(graphs)
    sent: list[bytes] = []
    send = store.reader.send
    store.reader.send = lambda data, **kw: (sent.append(data), send(data, **kw))[1]
    assert store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == [(Literal(3),)]
    assert b"default-graph-uri" in sent[-1] and b"named-graph-uri" not in sent[-1]
    assert store.query("ASK { GRAPH ?g { ?s ?p 2 } }").boolean is True
    assert sent[-1].count(b"named-graph-uri") == 3
    assert store.query("ASK { ?s ?p 2 FILTER NOT EXISTS { graph ?g { ?s ?p 2 } } }").boolean is False


def _sent_graphs(data: bytes, param: str) -> list[str]:
    import urllib.parse

    return [v for k, v in urllib.parse.parse_qsl(data.decode()) if k == param]


def test_the_default_graph_is_one_union_graph_the_build_writes(empty_virtuoso, tmp_path):
    """One ``default-graph-uri`` however many graphs (a store pays per graph); answers as over the graphs listed:
    a triple in two graphs counts once, a blank node stays its graph's own, another party's graph never shows.
    The build graph switches readers to the new union; the old one goes at the build after."""
    from rdflib import BNode, Graph, Literal, URIRef

    ex = "http://example.org/"
    shared = (URIRef(ex + "s"), URIRef(ex + "p"), Literal("in both"))
    graphs = {}
    for i in range(4):
        g = Graph()
        g.add(shared)
        g.add((URIRef(f"{ex}s{i}"), URIRef(ex + "p"), Literal(i)))
        g.add((BNode("b"), URIRef(ex + "q"), Literal("blank")))  # the same label in every graph: four nodes
        graphs[URIRef(f"https://w3id.org/napkg/graph/test-{i}")] = g
    server = empty_virtuoso
    store = SparqlStore(settings=sparql_settings(server, tmp_path))
    store.update(f"INSERT DATA {{ GRAPH <{ex}theirs> {{ <{ex}s> <{ex}p> \"not napkg's\" }} }}")
    store.load(graphs)
    first = store.build_info()["union"]
    assert first["graph"].startswith(UNION) and first["triples"] == 1 + 4 + 4
    assert first["graph"] not in store.build_info()["graphs"]  # not one of napkg's graphs: never listed or dumped

    reader = SparqlStore(read_only=True, settings=sparql_settings(server, tmp_path))
    sent: list[bytes] = []
    send = reader.reader.send
    reader.reader.send = lambda data, **kw: (sent.append(data), send(data, **kw))[1]
    assert reader.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == [(Literal(9),)]
    assert _sent_graphs(sent[-1], "default-graph-uri") == [first["graph"]]
    assert reader.query(f"SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE {{ ?b <{ex}q> ?o }}").rows == [(Literal(4),)]
    assert reader.query(f"SELECT ?o WHERE {{ <{ex}s> <{ex}p> ?o }}").rows == [(Literal("in both"),)]
    # GRAPH still reaches each of napkg's graphs, and only them
    assert reader.query("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows == [(Literal(4),)]
    assert sorted(_sent_graphs(sent[-1], "named-graph-uri")) == sorted(map(str, graphs))

    del graphs[URIRef("https://w3id.org/napkg/graph/test-3")]  # the next build has one graph fewer
    store.load(graphs)
    second = store.build_info()["union"]
    manifests = [store.build_info()["manifest"]]
    assert second["graph"] != first["graph"]
    assert _staging_graphs(server, UNION) == sorted([first["graph"], second["graph"]])  # the old one, for a late reader
    assert reader.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == [(Literal(9),)]  # it still reads it
    fresh_reader = SparqlStore(read_only=True, settings=sparql_settings(server, tmp_path))
    assert fresh_reader.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == [(Literal(1 + 3 + 3),)]
    store.load(graphs)
    third = store.build_info()["union"]["graph"]
    manifests.append(store.build_info()["manifest"])
    assert _staging_graphs(server, UNION) == sorted([second["graph"], third])
    assert _staging_graphs(server, MANIFEST) == sorted(manifests)
    assert _staging_graphs(server) == []


def test_long_lists_of_graphs_go_to_the_store_in_several_requests(empty_virtuoso, tmp_path, monkeypatch):
    """Moves, drops and the build's list of graphs are cut into requests (Virtuoso's compiler ran out of memory
    on one of 5,000 lines); the build graph that switches readers stays one small request."""
    import kg.store.sparql_publish as publish
    import kg.store.sparql_text as text

    monkeypatch.setattr(text, "_OPS_PER_REQUEST", 2)
    monkeypatch.setattr(publish, "_LINES_PER_REQUEST", 3)
    monkeypatch.setattr(publish, "_MOVE_BATCH_TRIPLES", 10**9)
    graphs = _one_triple_graphs(5)
    store = SparqlStore(settings=sparql_settings(empty_virtuoso, tmp_path))
    sent: list[str] = []
    update = store.update
    store.update = lambda text, **kw: (sent.append(text), update(text, **kw))[1]
    store.load(graphs)
    moves = [t for t in sent if "MOVE SILENT" in t]
    lists = [t for t in sent if f"GRAPH <{MANIFEST}" in t]
    assert [t.count("MOVE SILENT") for t in moves] == [2, 2, 1]
    assert len(lists) == 4  # 10 lines, 3 a request
    assert sum(1 for t in sent if str(BUILD_GRAPH) in t and "DROP SILENT GRAPH" in t) == 1
    monkeypatch.setattr(publish, "_MOVE_BATCH_TRIPLES", 3)  # and moves by size: a request holds about this many
    monkeypatch.setattr(text, "_OPS_PER_REQUEST", 500)
    sent.clear()
    store.load(graphs)
    assert [t.count("MOVE SILENT") for t in sent if "MOVE SILENT" in t] == [3, 2]
    reader = SparqlStore(read_only=True, settings=store.settings)
    assert sorted(reader.build_info()["graphs"]) == sorted(map(str, graphs))
    assert reader.count() == 5


def test_a_union_that_does_not_hold_what_was_staged_is_refused_and_nothing_published(empty_virtuoso, tmp_path):
    """The union is counted like every staged graph; a wrong count publishes nothing and leaves no graph behind."""
    from rdflib import Graph, Literal, URIRef

    g = Graph()
    g.add((URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal(1)))
    server = empty_virtuoso
    store = SparqlStore(settings=sparql_settings(server, tmp_path))
    real = store._stage_union
    store._stage_union = lambda expected: real(expected + 1)
    with pytest.raises(StoreError, match=r"the union of the graphs \(urn:napkg:union:\w+\): 1 of 2"):
        store.load({URIRef("https://w3id.org/napkg/graph/test"): g})
    assert store.build_info() is None
    assert _staging_graphs(server) == [] and _staging_graphs(server, UNION) == []


def test_lists_the_store_cuts_short_are_refused_not_believed(empty_capped_virtuoso, tmp_path):
    """A store whose own row limit cuts the staged counts or the build's graph list: refused, named, nothing published."""
    server = empty_capped_virtuoso
    graphs = _one_triple_graphs(5)
    store = SparqlStore(settings=sparql_settings(server, tmp_path))
    with pytest.raises(StoreError, match=r"cut the triple counts of the staged graphs at 3 rows.*ResultSetMaxRows"):
        store.load(graphs)
    assert store.build_info() is None
    manifest, build = build_graph_updates("t1", "b1", "2026-11-24T00:00:00Z", {str(g): 1 for g in graphs}, 5)
    for text in manifest + [build]:
        store.update(text)
    with pytest.raises(StoreError, match=r"cut the list of the build's graphs at 3 rows.*ResultSetMaxRows"):
        SparqlStore(read_only=True, settings=sparql_settings(server, tmp_path)).graph_names()
    # a build graph in the layout of a napkg older than the union and manifest graphs: refused, with what to do
    store.update(f"DROP SILENT GRAPH <{BUILD_GRAPH}>")
    store.update(f'INSERT DATA {{ GRAPH <{BUILD_GRAPH}> {{ <{BUILD_GRAPH}> <http://purl.org/dc/terms/identifier> "b0" ; '
                 f'<http://purl.org/dc/terms/created> "2026-11-24T00:00:00Z" ; '
                 f'<http://purl.org/dc/terms/hasPart> <{next(iter(graphs))}> }} }}')
    with pytest.raises(StoreError, match=r"holds a build \(b0\) published by an older napkg.*run 'napkg build'"):
        SparqlStore(read_only=True, settings=sparql_settings(server, tmp_path)).graph_names()
