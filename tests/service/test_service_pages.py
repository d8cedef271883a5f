"""Pages for people (home, dumps, VoID) and what no page may do: run what a user or the data put in it."""

from __future__ import annotations

import hashlib

import pytest
from rdflib import Graph, Literal, URIRef


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"


def test_home_page_says_what_the_dataset_holds(client, samples):
    from kg.query import named_queries

    r = client.get("/", headers=BROWSER)
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert f'href="/id/plan/{samples["plan_id"]}"' in page
    for q in named_queries().values():
        assert q.title in page
    assert page.count('href="/sparql?query=') >= len(named_queries())
    for link in ('href="/dumps/"', 'href="/.well-known/void"', 'href="/ontology"', 'href="/openapi.json"'):
        assert link in page
    assert "<script" not in page


def test_example_links_run(client):
    import re
    import html

    page = client.get("/", headers=BROWSER).get_data(as_text=True)
    for href in re.findall(r'href="(/sparql\?query=[^"]+)"', page)[:3]:
        r = client.get(html.unescape(href), headers=BROWSER)
        assert r.status_code == 200 and "<table>" in r.get_data(as_text=True)


def test_dumps_listing_and_files(client, service_settings):
    listing = client.get("/dumps/", headers={"Accept": "application/json"}).get_json()
    assert {d["format"] for d in listing["data"]} == {"trig", "nquads", "ttl", "jsonld"}
    for d in listing["data"]:
        with client.get(f"/dumps/{d['file']}") as r:
            assert r.status_code == 200 and r.mimetype == d["media_type"]
            body = r.get_data()
        assert len(body) == d["bytes"] and hashlib.sha256(body).hexdigest() == d["sha256"]
        assert d["triples"] > 0
        with client.get(f"/dumps/{d['file']}", headers={"If-None-Match": r.headers["ETag"]}) as again:
            assert again.status_code == 304
    page = client.get("/dumps/", headers=BROWSER).get_data(as_text=True)
    assert all(d["sha256"] in page for d in listing["data"])


@pytest.mark.parametrize("media, fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                        (None, "turtle")])
def test_void_describes_graphs_classes_properties_dumps_endpoint(client, media, fmt):
    r = client.get("/.well-known/void", headers={"Accept": media} if media else {})
    assert r.status_code == 200
    g = Graph().parse(data=r.get_data(), format=fmt)
    ds = URIRef("https://w3id.org/napkg/dataset")
    assert (ds, URIRef(VOID + "sparqlEndpoint"), URIRef("http://localhost/sparql")) in g
    subsets = set(g.objects(ds, URIRef(VOID + "subset")))
    assert URIRef("https://w3id.org/napkg/graph/ontology") in subsets
    assert sum(int(g.value(s, URIRef(VOID + "triples"))) for s in subsets) == int(g.value(ds, URIRef(VOID + "triples")))
    assert len(list(g.objects(ds, URIRef(VOID + "classPartition")))) > 3
    assert len(list(g.objects(ds, URIRef(VOID + "propertyPartition")))) > 3
    assert len(list(g.objects(ds, URIRef(VOID + "dataDump")))) == 4
    assert len(list(g.objects(ds, URIRef(DCAT + "distribution")))) == 5
    assert g.value(ds, URIRef("http://purl.org/dc/terms/license")) is not None
    assert list(g.objects(ds, URIRef("http://purl.org/dc/terms/source")))


def test_dataset_iri_redirects_to_void(client):
    r = client.get("/dataset")
    assert r.status_code == 303 and r.headers["Location"].endswith("/.well-known/void")


# ---------------------------------------------------------------- user and data text is always escaped

XSS = "<script>document.title='pwned'</script>"


def test_query_text_and_results_are_escaped(client):
    q = f'SELECT ?x WHERE {{ BIND("{XSS}" AS ?x) }}'
    r = client.get("/sparql", query_string={"query": q}, headers=BROWSER)
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert XSS not in page and "&lt;script&gt;document.title=" in page
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp


def test_error_details_are_escaped(client):
    r = client.get("/sparql", query_string={"query": f"SELECT {XSS}"}, headers=BROWSER)
    assert r.status_code == 400 and XSS not in r.get_data(as_text=True)
    for path, status in ((f"/id/{XSS}", 404), (f"/resource?iri={XSS}", 400), (f"/graph/{XSS}", 404),
                         (f"/resource?iri=http://example.org/{XSS}", 400)):
        r = client.get(path, headers=BROWSER)
        assert r.status_code == status and "<script>" not in r.get_data(as_text=True), path


def test_data_labels_are_escaped(known):
    page = known.get("/id/actor/spf-economie", headers=BROWSER).get_data(as_text=True)
    assert XSS not in page and "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in page
    g = Graph().parse(data=known.get("/id/actor/spf-economie.ttl").get_data(), format="turtle")
    assert (URIRef("https://w3id.org/napkg/id/actor/spf-economie"), None, Literal(XSS, lang="nl")) in g
