"""The query side of the W3C SPARQL 1.1 Protocol test suite, over HTTP, against ``napkg serve``.

The suite is ``sparql/sparql11/protocol/manifest.ttl`` of w3c/rdf-tests: each test
below names its entry and quotes its ``mf:name``. Every test runs twice: on
``napkg serve`` over the embedded Oxigraph build, and on ``napkg serve`` over the
same build published to a real Virtuoso 7.2.5 (which on its own fails several
of them: it answers HTML without an ``Accept``, hangs on a direct
``application/sparql-query`` POST, accepts two ``query`` parameters).

The W3C tests load their own files (``data1.rdf``, ``data2.rdf``, ``data3.rdf``,
each a ``foaf:Document`` describing itself) and name them as graphs. napkg's
endpoint is read-only and serves only its own graphs (a dataset naming any other
graph is refused, which the protocol allows), so the tests use three of
napkg's source graphs instead, found through the endpoint itself: each holds
one ``nap:SourceDocument`` describing itself, as each W3C file does. Update
tests do not apply to a read-only endpoint; that updates are refused is tested
instead.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
import requests
from rdflib import Graph

from service_conftest import remote_server, server, service_settings  # noqa: F401  (fixtures, used by name)

pytestmark = pytest.mark.slow

RESULTS = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR = RESULTS | {"text/csv", "text/tab-separated-values"}
RDF = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
       "application/ld+json": "json-ld"}


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def endpoint(request) -> str:
    """The /sparql URL of ``napkg serve`` over each store."""
    return request.getfixturevalue("server" if request.param == "oxigraph" else "remote_server").url + "/sparql"


@pytest.fixture(scope="module")
def docs(endpoint) -> list[tuple[str, str]]:
    """Three (graph, document) pairs standing for the W3C's data1, data2 and data3."""
    q = """SELECT ?g ?s WHERE { GRAPH ?g { ?s a <https://w3id.org/napkg/ontology#SourceDocument> } }
           ORDER BY ?g LIMIT 3"""
    r = requests.get(endpoint, params={"query": q}, headers={"Accept": "application/sparql-results+json"})
    rows = [(b["g"]["value"], b["s"]["value"]) for b in r.json()["results"]["bindings"]]
    assert len(rows) == 3
    return rows


def media(r: requests.Response) -> str:
    return r.headers.get("Content-Type", "").split(";")[0].strip()


def boolean(r: requests.Response) -> bool:
    """A boolean SPARQL result in JSON or XML, as the protocol allows either."""
    assert 200 <= r.status_code < 400, (r.status_code, r.text[:300])
    assert media(r) in RESULTS, media(r)
    if media(r) == "application/sparql-results+json":
        return json.loads(r.content)["boolean"]
    el = ET.fromstring(r.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
    return el.text.strip() == "true"


def is_4xx(r: requests.Response) -> bool:
    return 400 <= r.status_code < 500


def ask_two(d1: str, d2: str) -> str:
    return f"ASK {{ <{d1}> a ?type . <{d2}> a ?type . }}"


def ask_named(d1: str, d2: str) -> str:
    return f"ASK {{ GRAPH ?g1 {{ <{d1}> a ?type }} GRAPH ?g2 {{ <{d2}> a ?type }} }}"


# ---------------------------------------------------------------- queries that must answer


def test_query_post_form(endpoint, docs):
    """query_post_form: "query via URL-encoded POST" (dataset in the URL, query in the body)."""
    r = requests.post(endpoint, params={"default-graph-uri": docs[0][0]}, data="query=ASK%20%7B%7D",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert boolean(r) is True


def test_query_dataset_default_graphs_get(endpoint, docs):
    """query_dataset_default_graphs_get: "GET query with protocol-specified default graph"."""
    (g1, d1), (g2, d2), _ = docs
    r = requests.get(endpoint, params=[("query", ask_two(d1, d2)), ("default-graph-uri", g1),
                                       ("default-graph-uri", g2)])
    assert boolean(r) is True
    # and the default graph is only what the protocol names: with one of the two, no
    r = requests.get(endpoint, params=[("query", ask_two(d1, d2)), ("default-graph-uri", g1)])
    assert boolean(r) is False


def test_query_dataset_default_graphs_post(endpoint, docs):
    """query_dataset_default_graphs_post: "POST query with protocol-specified default graphs"."""
    (g1, d1), (g2, d2), _ = docs
    r = requests.post(endpoint, params=[("default-graph-uri", g1), ("default-graph-uri", g2)],
                      data=ask_two(d1, d2).encode(), headers={"Content-Type": "application/sparql-query"})
    assert boolean(r) is True


def test_query_dataset_named_graphs_post(endpoint, docs):
    """query_dataset_named_graphs_post: "POST query with protocol-specified named graphs"."""
    (g1, d1), (g2, d2), _ = docs
    r = requests.post(endpoint, params=[("named-graph-uri", g1), ("named-graph-uri", g2)],
                      data=ask_named(d1, d2).encode(), headers={"Content-Type": "application/sparql-query"})
    assert boolean(r) is True


def test_query_dataset_named_graphs_get(endpoint, docs):
    """query_dataset_named_graphs_get: "GET query with protocol-specified named graphs"."""
    (g1, d1), (g2, d2), (g3, _) = docs
    r = requests.get(endpoint, params=[("query", ask_named(d1, d2)), ("named-graph-uri", g1),
                                       ("named-graph-uri", g2)])
    assert boolean(r) is True
    r = requests.get(endpoint, params=[("query", ask_named(d1, d2)), ("named-graph-uri", g1),
                                       ("named-graph-uri", g3)])
    assert boolean(r) is False  # only the named graphs given are named graphs


def test_query_dataset_full(endpoint, docs):
    """query_dataset_full: "query with protocol-specified dataset (both named and default graphs)"."""
    (g1, d1), (g2, d2), (g3, d3) = docs
    q = f"""ASK {{
  <{d3}> a ?type
  GRAPH ?g1 {{ <{d1}> a ?type }}
  GRAPH ?g2 {{ <{d2}> a ?type }}
}}"""
    r = requests.post(endpoint, params=[("default-graph-uri", g3), ("named-graph-uri", g1), ("named-graph-uri", g2)],
                      data=q.encode(), headers={"Content-Type": "application/sparql-query"})
    assert boolean(r) is True


def test_query_multiple_dataset(endpoint, docs):
    """query_multiple_dataset: "query specifying dataset in both query string and protocol; test for use of
    protocol-specified dataset"."""
    (g1, d1), (g2, d2), (g3, d3) = docs
    q = f"ASK FROM <{g3}> {{ GRAPH ?g1 {{ <{d1}> a ?type }} GRAPH ?g2 {{ <{d2}> a ?type }} }}"
    r = requests.post(endpoint, params=[("named-graph-uri", g1), ("named-graph-uri", g2)], data=q.encode(),
                      headers={"Content-Type": "application/sparql-query"})
    assert boolean(r) is True
    # the protocol's default graph replaces the query's FROM
    r = requests.post(endpoint, params=[("default-graph-uri", g2)], data=f"ASK FROM <{g3}> {{ <{d3}> a ?t }}".encode(),
                      headers={"Content-Type": "application/sparql-query"})
    assert boolean(r) is False


def test_query_get(endpoint, docs):
    """query_get: "query via GET"."""
    r = requests.get(endpoint, params={"query": "ASK {}", "default-graph-uri": docs[0][0]})
    assert boolean(r) is True


def test_query_post_direct(endpoint):
    """query_post_direct: "query via POST directly" (Virtuoso 7.2.5 hangs on this one by itself)."""
    r = requests.post(endpoint, data=b"ASK {}", headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert boolean(r) is True


def test_query_content_type_select(endpoint, docs):
    """query_content_type_select: "query appropriate content type (expect one of: XML, JSON, CSV, TSV)"."""
    r = requests.post(endpoint, params={"default-graph-uri": docs[0][0]}, data=b"SELECT (1 AS ?value) {}",
                      headers={"Content-Type": "application/sparql-query"})
    assert 200 <= r.status_code < 400 and media(r) in TABULAR
    if media(r) == "application/sparql-results+json":
        assert json.loads(r.content)["results"]["bindings"][0]["value"]["value"] == "1"


def test_query_content_type_ask(endpoint, docs):
    """query_content_type_ask: "query appropriate content type (expect one of: XML, JSON)"."""
    r = requests.post(endpoint, params={"default-graph-uri": docs[0][0]}, data=b"ASK {}",
                      headers={"Content-Type": "application/sparql-query"})
    assert boolean(r) is True


@pytest.mark.parametrize("query", ["DESCRIBE <http://example.org/>", "CONSTRUCT { <s> <p> 1 } WHERE {}"],
                         ids=["query_content_type_describe", "query_content_type_construct"])
def test_query_content_type_graph(endpoint, docs, query):
    """query_content_type_describe, query_content_type_construct: "query appropriate content type (expect one
    of: RDF/XML, Turtle, N-Triples, RDFa)"."""
    r = requests.post(endpoint, params={"default-graph-uri": docs[0][0]}, data=query.encode(),
                      headers={"Content-Type": "application/sparql-query"})
    assert 200 <= r.status_code < 400, r.text[:300]
    assert media(r) in RDF, media(r)
    g = Graph().parse(data=r.content, format=RDF[media(r)], publicID=endpoint)
    if query.startswith("CONSTRUCT"):
        assert len(g) == 1  # <s> <p> 1, the relative IRIs resolved against the service's base


# ---------------------------------------------------------------- requests that must be refused (4xx)


def test_bad_query_method(endpoint, docs):
    """bad_query_method: "invoke query operation with a method other than GET or POST"."""
    r = requests.put(endpoint, params={"query": "ASK {}", "default-graph-uri": docs[0][0]},
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert is_4xx(r)


def test_bad_multiple_queries(endpoint):
    """bad_multiple_queries: "invoke query operation with more than one query string"."""
    r = requests.get(endpoint + "?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
    assert is_4xx(r)


def test_bad_query_wrong_media_type(endpoint):
    """bad_query_wrong_media_type: "invoke query operation with a POST with media type that's not url-encoded
    or application/sparql-query"."""
    assert is_4xx(requests.post(endpoint, data=b"ASK {}", headers={"Content-Type": "text/plain"}))


def test_bad_query_missing_form_type(endpoint):
    """bad_query_missing_form_type: "invoke query operation with url-encoded body, but without
    application/x-www-form-urlencoded media type"."""
    req = requests.Request("POST", endpoint, data=b"query=ASK%20%7B%7D").prepare()
    req.headers.pop("Content-Type", None)
    with requests.Session() as s:
        assert is_4xx(s.send(req))


def test_bad_query_missing_direct_type(endpoint):
    """bad_query_missing_direct_type: "invoke query operation with SPARQL body, but without
    application/sparql-query media type"."""
    req = requests.Request("POST", endpoint, data=b"ASK {}").prepare()
    req.headers.pop("Content-Type", None)
    with requests.Session() as s:
        assert is_4xx(s.send(req))


def test_bad_query_non_utf8(endpoint):
    """bad_query_non_utf8: "invoke query operation with direct POST, but with a non-UTF8 encoding (UTF-16)"."""
    r = requests.post(endpoint, data="ASK {}".encode("utf-16"),
                      headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert is_4xx(r)


def test_bad_query_syntax(endpoint):
    """bad_query_syntax: "invoke query operation with invalid query syntax (4XX)"."""
    assert is_4xx(requests.get(endpoint, params={"query": "ASK {"}))


# ---------------------------------------------------------------- the update side, on a read-only endpoint


@pytest.mark.parametrize("body, ctype", [("update=CLEAR+ALL", "application/x-www-form-urlencoded"),
                                         ("CLEAR ALL", "application/sparql-update")],
                         ids=["update_post_form", "update_post_direct"])
def test_updates_are_refused_and_change_nothing(endpoint, body, ctype):
    """update_post_form, update_post_direct ("update via URL-encoded POST", "update via POST directly"):
    napkg's endpoint is read-only, so the update is refused with a 4xx and the data stay."""
    assert is_4xx(requests.post(endpoint, data=body.encode(), headers={"Content-Type": ctype}))
    r = requests.get(endpoint, params={"query": "ASK { ?s ?p ?o }"})
    assert boolean(r) is True
