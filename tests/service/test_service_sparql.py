"""The SPARQL 1.1 Protocol at /sparql, through the Flask test client: requests, negotiation, statuses, limits."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.sparql.results.xmlresults import XMLResultParser

from service_helpers import assert_error_envelope


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PLANS = "SELECT ?plan WHERE { ?plan a nap:ActionPlan } ORDER BY ?plan"
CONSTRUCT = "CONSTRUCT { ?plan a nap:ActionPlan } WHERE { ?plan a nap:ActionPlan }"
JSON_RESULTS = "application/sparql-results+json"


def _json(resp) -> dict:
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    return json.loads(resp.get_data(as_text=True))


def _plans(resp) -> list[str]:
    return [b["plan"]["value"] for b in _json(resp)["results"]["bindings"]]


# ---------------------------------------------------------------- three ways to send a query

def test_get_post_form_and_post_body_give_the_same_answer(client):
    by_get = _plans(client.get("/sparql", query_string={"query": PLANS}, headers={"Accept": JSON_RESULTS}))
    by_form = _plans(client.post("/sparql", data={"query": PLANS}, headers={"Accept": JSON_RESULTS}))
    by_body = _plans(client.post("/sparql", data=PLANS.encode(), content_type="application/sparql-query",
                                 headers={"Accept": JSON_RESULTS}))
    assert by_get and by_get == by_form == by_body


def test_no_accept_header_gives_json_results_and_turtle_graphs(client):
    r = client.get("/sparql", query_string={"query": COUNT})
    assert r.mimetype == JSON_RESULTS and int(_json(r)["results"]["bindings"][0]["n"]["value"]) > 0
    g = client.get("/sparql", query_string={"query": CONSTRUCT})
    assert g.mimetype == "text/turtle"
    assert len(Graph().parse(data=g.get_data(as_text=True), format="turtle")) > 0


@pytest.mark.parametrize("media, parse", [
    ("application/sparql-results+json", lambda b: [x["plan"]["value"] for x in json.loads(b)["results"]["bindings"]]),
    ("application/sparql-results+xml", lambda b: [str(r[0]) for r in XMLResultParser().parse(io.BytesIO(b))]),
    ("text/csv", lambda b: [row["plan"] for row in csv.DictReader(io.StringIO(b.decode()))]),
    ("text/tab-separated-values", lambda b: [line.strip("<>") for line in b.decode().splitlines()[1:]]),
])
def test_every_results_format_parses_back_to_the_same_rows(client, media, parse):
    expected = _plans(client.get("/sparql", query_string={"query": PLANS}))
    r = client.get("/sparql", query_string={"query": PLANS}, headers={"Accept": media})
    assert r.status_code == 200 and r.mimetype == media
    assert parse(r.get_data()) == expected


@pytest.mark.parametrize("media, fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                        ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
def test_every_graph_format_parses_back_with_rdflib(client, media, fmt):
    expected = {URIRef(p) for p in _plans(client.get("/sparql", query_string={"query": PLANS}))}
    r = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": media})
    assert r.status_code == 200 and r.mimetype == media
    g = Graph().parse(data=r.get_data(), format=fmt)
    assert set(g.subjects()) == expected


def test_describe_answers_with_a_graph(client, samples):
    r = client.get("/sparql", query_string={"query": f"DESCRIBE <{samples['actor_iri']}>"},
                   headers={"Accept": "application/n-triples"})
    g = Graph().parse(data=r.get_data(), format="nt")
    assert (URIRef(samples["actor_iri"]), None, None) in g


@pytest.mark.parametrize("fmt, media", [("json", JSON_RESULTS), ("xml", "application/sparql-results+xml"),
                                        ("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
                                        ("text/csv", "text/csv")])
def test_format_parameter_overrides_accept(client, fmt, media):
    r = client.get("/sparql", query_string={"query": PLANS, "format": fmt}, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.mimetype == media


def test_format_parameter_for_graphs(client):
    r = client.get("/sparql", query_string={"query": CONSTRUCT, "format": "jsonld"})
    assert r.mimetype == "application/ld+json"
    Graph().parse(data=r.get_data(), format="json-ld")


def test_ask(client):
    r = client.get("/sparql", query_string={"query": "ASK { ?s a nap:ActionPlan }"})
    assert _json(r)["boolean"] is True
    x = client.get("/sparql", query_string={"query": "ASK { ?s a nap:Nothing }"},
                   headers={"Accept": "application/sparql-results+xml"})
    assert b"<boolean>false</boolean>" in x.get_data()


# ---------------------------------------------------------------- the dataset: default-graph-uri, named-graph-uri, FROM

def _graph_of(client, samples, **params):
    r = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **params})
    return int(_json(r)["results"]["bindings"][0]["n"]["value"])


def test_default_graph_uri_restricts_the_default_graph(client, samples, service_settings):
    from kg.builds import current_build

    sizes = json.loads((current_build(service_settings) / "manifest.json").read_text())["graphs"]
    name = "https://w3id.org/napkg/graph/ontology"
    assert _graph_of(client, samples, **{"default-graph-uri": name}) == sizes[name]
    assert _graph_of(client, samples) >= sizes[name]


def test_named_graph_uri_limits_graph_patterns(client):
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    name = "https://w3id.org/napkg/graph/shapes"
    r = client.get("/sparql", query_string={"query": q, "named-graph-uri": name})
    assert [b["g"]["value"] for b in _json(r)["results"]["bindings"]] == [name]


def test_from_uses_the_named_graph(client):
    name = "https://w3id.org/napkg/graph/ontology"
    q = f"SELECT (COUNT(*) AS ?n) FROM <{name}> WHERE {{ ?s a <http://www.w3.org/2002/07/owl#Ontology> }}"
    assert int(_json(client.get("/sparql", query_string={"query": q}))["results"]["bindings"][0]["n"]["value"]) == 1
    q2 = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/napkg/graph/shapes> WHERE { ?s a <http://www.w3.org/2002/07/owl#Ontology> }"
    assert int(_json(client.get("/sparql", query_string={"query": q2}))["results"]["bindings"][0]["n"]["value"]) == 0


def test_protocol_dataset_wins_over_from(client):
    q = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/napkg/graph/shapes> WHERE { ?s a <http://www.w3.org/2002/07/owl#Ontology> }"
    r = client.get("/sparql", query_string={"query": q, "default-graph-uri": "https://w3id.org/napkg/graph/ontology"})
    assert int(_json(r)["results"]["bindings"][0]["n"]["value"]) == 1


# ---------------------------------------------------------------- refused and malformed requests: 400

@pytest.mark.parametrize("query, words", [
    ("SELECT * WHERE { ?s ?p ", "syntax error at line 1"),
    ("SELEC * {}", "syntax error"),
    ("SELECT * WHERE { ?s undeclared:p ?o }", "undeclared"),
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "read-only"),
    ("DELETE WHERE { ?s ?p ?o }", "read-only"),
    ("LOAD <http://127.0.0.1:9/x.ttl>", "LOAD is refused"),
    ("CLEAR ALL", "read-only"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { OPTIONAL { SERVICE SILENT ?x { ?s ?p ?o } } }", "SERVICE"),
    ("SELECT * WHERE { FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }", "SERVICE"),
    ("SELECT * WHERE { { SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }", "SERVICE"),
])
def test_bad_and_unsafe_queries_are_400_with_a_message(client, query, words):
    for r in (client.get("/sparql", query_string={"query": query}),
              client.post("/sparql", data=query.encode(), content_type="application/sparql-query")):
        err = assert_error_envelope(r, 400)
        assert words in err["detail"], err


def test_syntax_error_carries_the_parsers_position(client):
    err = assert_error_envelope(client.get("/sparql", query_string={"query": "SELECT ?x WHERE {\n  ?x ?y\n}"}), 400)
    assert "line" in err["detail"] and "column" in err["detail"]


@pytest.mark.parametrize("query, line, column, words", [
    ("SELECT ?c WHERE {\n  ?s ex:country ?c }", 2, 6, "'ex:' is not declared"),
    ("SELEC * {}", 1, 1, "expected SELECT, ASK, CONSTRUCT or DESCRIBE"),
    ("SELECT * WHERE { ?s ?p ?o } LIMT 3", 1, None, "expected one of"),
])
def test_syntax_errors_are_short_with_line_column_and_caret(client, query, line, column, words):
    """The message names line and column, shows the line with a caret, and says what was expected in a few words."""
    detail = assert_error_envelope(client.get("/sparql", query_string={"query": query}), 400)["detail"]
    head, shown, caret = detail.split("\n")
    assert head.startswith(f"SPARQL syntax error at line {line}, column ") and words in head, detail
    col = int(head.split("column ")[1].split(":")[0])
    assert column is None or col == column
    assert shown.strip() == query.splitlines()[line - 1].strip() and caret.strip() == "^"
    assert caret.index("^") - 2 == col - 1  # the caret under the column (both lines indented by two)
    assert len(detail) < 300 and "\\u{" not in detail, detail  # no list of Unicode ranges


UNKNOWN = "http://example.org/not-in-this-store"


@pytest.mark.parametrize("params, query", [
    ({"default-graph-uri": UNKNOWN}, COUNT),
    ({"named-graph-uri": UNKNOWN}, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
    ({}, f"SELECT (COUNT(*) AS ?n) FROM <{UNKNOWN}> WHERE {{ ?s ?p ?o }}"),
    ({}, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{UNKNOWN}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"),
    ({"default-graph-uri": "file:///etc/passwd"}, COUNT),
    ({}, "BASE <file:///etc/> SELECT (COUNT(*) AS ?n) FROM <passwd> WHERE { ?s ?p ?o }"),
])
def test_a_graph_the_store_does_not_hold_is_empty_and_named_in_a_header(client, params, query):
    r = client.get("/sparql", query_string={"query": query, **params})
    assert int(_json(r)["results"]["bindings"][0]["n"]["value"]) == 0
    named = UNKNOWN if UNKNOWN in query or UNKNOWN in params.values() else "file:///etc/passwd"
    assert r.headers["X-Napkg-Unknown-Graphs"] == f"<{named}>"


def test_unknown_graphs_beside_known_ones_leave_the_known_ones_answered(client):
    ontology = "https://w3id.org/napkg/graph/ontology"
    q = "ASK { ?s a <http://www.w3.org/2002/07/owl#Ontology> }"
    both = client.get("/sparql", query_string=[("query", q), ("default-graph-uri", ontology),
                                              ("default-graph-uri", UNKNOWN), ("default-graph-uri", UNKNOWN + "/é")])
    assert _json(both)["boolean"] is True
    assert both.headers["X-Napkg-Unknown-Graphs"] == f"<{UNKNOWN}> <{UNKNOWN}/%C3%A9>"
    known_only = client.get("/sparql", query_string={"query": q, "default-graph-uri": ontology})
    assert "X-Napkg-Unknown-Graphs" not in known_only.headers
    assert "X-Napkg-Unknown-Graphs" not in client.get("/sparql", query_string={"query": q}).headers


def test_the_editor_notes_an_unknown_graph(client):
    r = client.get("/sparql", query_string={"query": COUNT, "default-graph-uri": UNKNOWN},
                   headers={"Accept": "text/html"})
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert 'id="unknown-graphs"' in page and UNKNOWN in page and "read as empty" in page


def test_a_graph_parameter_that_is_no_iri_is_400(client):
    err = assert_error_envelope(client.get("/sparql", query_string={"query": COUNT, "default-graph-uri": "not an iri"}), 400)
    assert "default-graph-uri 'not an iri' is not an absolute IRI" in err["detail"]


def test_two_query_parameters_are_400(client):
    assert_error_envelope(client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D"), 400)
    assert_error_envelope(client.post("/sparql?query=ASK%7B%7D", data={"query": "ASK {}"}), 400)
    assert_error_envelope(client.post("/sparql?query=ASK%7B%7D", data=b"ASK {}", content_type="application/sparql-query"), 400)


def test_updates_in_any_form_are_400(client):
    assert "read-only" in assert_error_envelope(client.get("/sparql", query_string={"update": "CLEAR ALL"}), 400)["detail"]
    assert "read-only" in assert_error_envelope(client.post("/sparql", data={"update": "CLEAR ALL"}), 400)["detail"]
    assert "read-only" in assert_error_envelope(client.post("/sparql", data=b"CLEAR ALL",
                                                  content_type="application/sparql-update"), 400)["detail"]


def test_empty_query_missing_query_and_bad_body_are_400(client):
    assert_error_envelope(client.get("/sparql", query_string={"query": "  "}), 400)
    assert_error_envelope(client.post("/sparql", data=b"", content_type="application/x-www-form-urlencoded"), 400)
    assert_error_envelope(client.post("/sparql", data=b"\xff\xfe", content_type="application/sparql-query"), 400)
    assert_error_envelope(client.get("/sparql", headers={"Accept": "application/sparql-results+json"}), 400)


def test_bad_time_limit_and_format_are_400(client):
    assert_error_envelope(client.get("/sparql", query_string={"query": COUNT, "time_limit_ms": "soon"}), 400)
    assert_error_envelope(client.get("/sparql", query_string={"query": COUNT, "time_limit_ms": "0"}), 400)
    assert_error_envelope(client.get("/sparql", query_string={"query": COUNT, "format": "pdf"}), 400)


# ---------------------------------------------------------------- 405, 415, 406, 413

@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_405_with_allow(client, method):
    r = getattr(client, method)("/sparql", data="x")
    assert_error_envelope(r, 405)
    assert {"GET", "POST"} <= {m.strip() for m in r.headers["Allow"].split(",")}


@pytest.mark.parametrize("ctype", ["text/plain", "application/json", "multipart/form-data; boundary=x", None])
def test_unsupported_content_type_is_415(client, ctype):
    assert_error_envelope(client.post("/sparql", data=b"query=ASK{}", content_type=ctype) if ctype
                else client.post("/sparql", data=b"ASK {}"), 415)


@pytest.mark.parametrize("query, accept", [(PLANS, "text/turtle"), (CONSTRUCT, "text/csv"), (PLANS, "image/png")])
def test_nothing_acceptable_is_406(client, query, accept):
    assert_error_envelope(client.get("/sparql", query_string={"query": query}, headers={"Accept": accept}), 406)


def test_format_that_cannot_carry_the_answer_is_406(client):
    assert_error_envelope(client.get("/sparql", query_string={"query": CONSTRUCT, "format": "csv"}), 406)
    assert_error_envelope(client.get("/sparql", query_string={"query": PLANS, "format": "turtle"}), 406)


@pytest.fixture(scope="module")
def small_app(service_settings):
    from service import create_app

    app = create_app(service_settings.replace(max_request_body_bytes=2000, max_result_rows=3, query_workers=1))
    yield app
    app.extensions["napkg"].close()


def test_request_bodies_over_the_cap_are_413(small_app):
    c = small_app.test_client()
    big = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 3000
    assert_error_envelope(c.post("/sparql", data={"query": big}), 413)
    assert_error_envelope(c.post("/sparql", data=big.encode(), content_type="application/sparql-query"), 413)
    assert_error_envelope(c.get("/sparql", query_string={"query": big}), 413)
    assert c.post("/sparql", data={"query": "ASK {}"}).status_code == 200


# ---------------------------------------------------------------- row cap

def test_row_cap_cuts_and_says_so(small_app):
    c = small_app.test_client()
    r = c.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.headers["X-Napkg-Truncated"] == "true"
    assert len(_json(r)["results"]["bindings"]) == 3
    g = c.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"})
    assert g.headers["X-Napkg-Truncated"] == "true" and len(Graph().parse(data=g.get_data(), format="nt")) == 3
    small = c.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"})
    assert small.headers["X-Napkg-Truncated"] == "false"
    page = c.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/html"})
    assert page.headers["X-Napkg-Truncated"] == "true" and "cut at the row limit" in page.get_data(as_text=True)


def test_time_limit_parameter_lowers_but_never_raises(client, service_settings):
    r = client.get("/sparql", query_string={"query": COUNT, "time_limit_ms": "10"})
    if r.status_code == 200:  # answered within 10 ms: under the lowered limit, which the answer names
        assert r.headers["X-Napkg-Time-Limit-Ms"] == "10"
    else:
        assert assert_error_envelope(r, 503)["title"] == "Query time limit reached"
    r = client.get("/sparql", query_string={"query": COUNT, "time_limit_ms": str(10**9)})
    assert r.headers["X-Napkg-Time-Limit-Ms"] == str(service_settings.query_time_limit_ms)
    r = client.get("/sparql", query_string={"query": COUNT, "time_limit_ms": "4000"})
    assert r.headers["X-Napkg-Time-Limit-Ms"] == str(min(4000, service_settings.query_time_limit_ms))


# ---------------------------------------------------------------- a deadline that really stops the work

@pytest.fixture(scope="module")
def slow_app(service_settings):
    from service import create_app

    app = create_app(service_settings.replace(query_time_limit_ms=600, query_workers=1))
    yield app
    app.extensions["napkg"].close()


CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_a_query_past_its_deadline_is_stopped_and_its_worker_replaced(slow_app):
    import time

    import psutil

    pool = slow_app.extensions["napkg"].pool
    c = slow_app.test_client()
    assert c.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    before = pool.worker_pids()
    t = time.monotonic()
    err = assert_error_envelope(c.get("/sparql", query_string={"query": CROSS_JOIN}), 503)
    assert time.monotonic() - t < 5
    assert "time limit" in err["detail"]
    for pid in before:
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    after = pool.worker_pids()
    assert len(after) == 1 and not set(after) & set(before)
    assert c.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


def test_a_timed_out_html_query_shows_the_error_in_the_editor(slow_app):
    r = slow_app.test_client().get("/sparql", query_string={"query": CROSS_JOIN}, headers={"Accept": "text/html"})
    assert r.status_code == 503 and "time limit" in r.get_data(as_text=True)


# ---------------------------------------------------------------- service description, editor, CORS

@pytest.mark.parametrize("media, fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                        ("application/rdf+xml", "xml"), ("*/*", "turtle")])
def test_bare_get_with_rdf_accept_is_the_service_description(client, media, fmt):
    r = client.get("/sparql", headers={"Accept": media})
    assert r.status_code == 200
    g = Graph().parse(data=r.get_data(), format=fmt)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    svc = URIRef("http://localhost/sparql")
    assert (svc, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in g
    assert (svc, URIRef(sd + "feature"), URIRef(sd + "UnionDefaultGraph")) in g
    names = set(g.objects(None, URIRef(sd + "name")))
    assert URIRef("https://w3id.org/napkg/graph/ontology") in names


def test_bare_get_in_a_browser_is_the_editor_with_examples_and_prefixes(client):
    from kg.query import named_queries

    r = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "<textarea" in html and "<form" in html
    assert "PREFIX napid: &lt;https://w3id.org/napkg/id/&gt;" in html
    for q in named_queries().values():
        assert q.title in html
    # the enhanced editor's scripts are the service's own files, none inline; the plain form needs none of them
    import re

    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all(re.search(r'src="/static/', attrs) and not body.strip() for attrs, body in scripts)
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp


def test_html_results_link_iris_to_their_pages(client, samples):
    r = client.get("/sparql", query_string={"query": f"SELECT ?a WHERE {{ BIND(<{samples['actor_iri']}> AS ?a) }}"},
                   headers={"Accept": "text/html"})
    assert f'href="/id/actor/{samples["actor_id"]}"' in r.get_data(as_text=True)


def test_cors_on_answers_and_preflight(client):
    r = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"})
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-Napkg-Truncated" in r.headers["Access-Control-Expose-Headers"]
    p = client.options("/sparql", headers={"Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "content-type"})
    assert p.status_code in (200, 204)
    assert "POST" in p.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in p.headers["Access-Control-Allow-Headers"]


def test_canned_query_parameters_are_bound_not_spliced(known, fixture_settings):
    r = known.get("/api/queries/01-actions-of-plan", query_string={"plan": "napid:plan/test-nap-bhr"})
    rows = _json(r)["results"]["bindings"]
    assert {b["plan"]["value"] for b in rows} == {"https://w3id.org/napkg/id/plan/test-nap-bhr"} and len(rows) == 3
    # A value that would break out of the query if spliced is no IRI of a plan: refused, never run.
    for evil in ('"} } SELECT * WHERE { ?s ?p ?o } #', "<https://x/a> } SELECT * WHERE { ?s ?p ?o } #"):
        err = assert_error_envelope(known.get("/api/queries/01-actions-of-plan", query_string={"plan": evil}), 400)
        assert "parameter 'plan'" in err["detail"]


def test_the_editor_shows_a_syntax_error_with_its_caret(client):
    r = client.get("/sparql", query_string={"query": "SELECT ?c WHERE {\n  ?s ex:country ?c }"},
                   headers={"Accept": "text/html"})
    assert r.status_code == 400
    page = r.get_data(as_text=True)
    assert '<pre class="error">SPARQL syntax error at line 2, column 6: expected a prefix declared with PREFIX; ' \
           "&#39;ex:&#39; is not declared\n    ?s ex:country ?c }\n       ^</pre>" in page, page[page.find("error"):][:400]
