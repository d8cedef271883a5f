"""Linked data: /id/... dereferences as HTML or RDF, /ontology and /shapes document their terms, /graph, /resource."""

from __future__ import annotations

import html as htmllib

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from service_helpers import assert_error_envelope


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
RDF_TYPES = [("text/turtle", "turtle", "ttl"), ("application/ld+json", "json-ld", "jsonld"),
             ("application/n-triples", "nt", "nt"), ("application/rdf+xml", "xml", "rdf")]


def _path(iri: str) -> str:
    return "/id/" + iri[len("https://w3id.org/napkg/id/"):]


def test_a_browser_gets_a_page(client, samples):
    r = client.get(_path(samples["actor_iri"]), headers=BROWSER)
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert "Content-Security-Policy" in r.headers and r.headers["Vary"] == "Accept"


@pytest.mark.parametrize("media, fmt, ext", RDF_TYPES)
def test_rdf_by_accept_and_by_extension(client, samples, media, fmt, ext):
    iri = URIRef(samples["actor_iri"])
    for r in (client.get(_path(iri), headers={"Accept": media}), client.get(f"{_path(iri)}.{ext}")):
        assert r.status_code == 200 and r.mimetype == media
        g = Graph().parse(data=r.get_data(), format=fmt)
        assert (iri, SKOS.prefLabel, None) in g
        assert (None, None, iri) in g  # incoming links travel too


def test_curl_without_accept_gets_turtle(client, samples):
    r = client.get(_path(samples["plan_iri"]))
    assert r.mimetype == "text/turtle"


def test_description_carries_its_evidence(client, samples):
    g = Graph().parse(data=client.get(_path(samples["action_iri"]) + ".ttl").get_data(), format="turtle")
    quote = URIRef("https://w3id.org/napkg/ontology#quote")
    assert str(next(g.objects(URIRef(samples["evidence_iri"]), quote))) == samples["quote"]


def test_unknown_iri_is_404_and_unacceptable_is_406(client, samples):
    assert_error_envelope(client.get("/id/actor/no-such-actor-anywhere", headers={"Accept": "application/json"}), 404)
    assert_error_envelope(client.get("/id/actor/no-such-actor-anywhere.ttl"), 404)
    assert_error_envelope(client.get(_path(samples["actor_iri"]), headers={"Accept": "image/png"}), 406)


def test_unknown_iri_in_a_browser_is_an_html_404(client):
    r = client.get("/id/actor/no-such-actor-anywhere", headers=BROWSER)
    assert r.status_code == 404 and r.mimetype == "text/html" and "nothing is known" in r.get_data(as_text=True)


def test_page_shows_labels_types_links_evidence_and_graphs(known):
    r = known.get("/id/actor/ifdd", headers=BROWSER)
    page = htmllib.unescape(r.get_data(as_text=True))
    for label in ("Institut fédéral pour le développement durable", "Federal Institute for Sustainable Development",
                  "Federaal Instituut voor Duurzame Ontwikkeling", "IFDD", "FIDO"):
        assert label in page
    assert 'href="/ontology#Actor"' in page                         # type, linked to the ontology's term
    assert 'href="/id/action/test-nap-bhr/1"' in page               # incoming: the action it is responsible for
    assert 'href="/id/plan/test-nap-bhr"' in page
    assert "L'Institut fédéral pour le développement durable (IFDD) coordonne" in page   # the quote
    assert 'href="/id/source/test-nap"' in page                     # the source behind it
    assert 'href="/graph/registry"' in page                         # the graphs it stands in
    assert 'href="/id/actor/ifdd.ttl"' in page


def test_iri_with_dots_resolves_before_extensions(client):
    """An action notation with dots (``1.1.A``) is part of the IRI, not an extension; ``.ttl`` after it is."""
    query = ("SELECT ?a WHERE { ?a a <https://w3id.org/napkg/ontology#Action> "
             "FILTER(REGEX(STR(?a), '/[0-9]+[.][0-9]+[.][A-Za-z0-9]+$')) } ORDER BY ?a LIMIT 1")
    rows = client.get("/sparql", query_string={"query": query},
                      headers={"Accept": "application/sparql-results+json"}).get_json()["results"]["bindings"]
    assert rows, "the real data has an action whose notation has two dots (fr-sdg87-2023: 1.1.A)"
    iri = URIRef(rows[0]["a"]["value"])
    for path, headers in ((_path(iri), {"Accept": "text/turtle"}), (_path(iri) + ".ttl", {})):
        r = client.get(path, headers=headers)
        assert r.status_code == 200 and r.mimetype == "text/turtle", path
        g = Graph().parse(data=r.get_data(), format="turtle")
        assert (iri, SKOS.notation, None) in g, path


def test_ontology_documents_every_term_with_an_anchor(client):
    r = client.get("/ontology", headers=BROWSER)
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    g = Graph().parse(data=client.get("/ontology.ttl").get_data(), format="turtle")
    ns = "https://w3id.org/napkg/ontology#"
    terms = {str(s)[len(ns):] for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}
    assert {"ActionPlan", "Action", "Actor", "responsibleActor", "evidence"} <= terms
    for t in terms:
        assert f'id="{t}"' in page, t
    assert "A national action plan, strategy or roadmap" in page   # rdfs:comment shown


@pytest.mark.parametrize("media, fmt, ext", RDF_TYPES)
def test_ontology_and_shapes_as_rdf(client, media, fmt, ext):
    for doc in ("ontology", "shapes"):
        a = client.get(f"/{doc}", headers={"Accept": media})
        b = client.get(f"/{doc}.{ext}")
        assert a.status_code == b.status_code == 200 and a.mimetype == media
        assert len(Graph().parse(data=a.get_data(), format=fmt)) > 50


def test_shapes_page_documents_shapes(client):
    page = client.get("/shapes", headers=BROWSER).get_data(as_text=True)
    g = Graph().parse(data=client.get("/shapes.ttl").get_data(), format="turtle")
    ns = "https://w3id.org/napkg/shapes#"
    names = {str(s)[len(ns):] for s in g.subjects() if str(s).startswith(ns)}
    assert names and all(f'id="{n}"' in page for n in names)
    assert "Node shape" in page


def test_graph_iris_dereference(client, samples):
    name = "https://w3id.org/napkg/graph/ontology"
    page = client.get("/graph/ontology", headers=BROWSER)
    assert page.status_code == 200 and name in page.get_data(as_text=True)
    ttl = client.get("/graph/ontology.ttl")
    assert ttl.mimetype == "text/turtle" and len(Graph().parse(data=ttl.get_data(), format="turtle")) > 50
    assert_error_envelope(client.get("/graph/nothing-here"), 404)


def test_any_other_iri_in_the_graph_has_a_page(known):
    r = known.get("/resource", query_string={"iri": "http://metadata.un.org/sdg/8"}, headers=BROWSER)
    assert r.status_code == 200 and 'href="/id/action/test-nap-bhr/1"' in r.get_data(as_text=True)
    minted = known.get("/resource", query_string={"iri": "https://w3id.org/napkg/id/actor/ifdd"})
    assert minted.status_code == 303 and minted.headers["Location"].endswith("/id/actor/ifdd")
    assert_error_envelope(known.get("/resource", query_string={"iri": "http://example.org/unknown"}), 404)
    assert_error_envelope(known.get("/resource"), 400)


def test_the_service_answers_for_the_fixed_base_at_its_own_host(known):
    """Every minted IRI is under kg.namespaces.BASE; /id/x serves BASE + id/x, and VoID says so."""
    from rdflib import Namespace

    from kg.namespaces import BASE

    r = known.get("/id/actor/ifdd.ttl")
    assert r.status_code == 200
    assert (URIRef(BASE + "id/actor/ifdd"), SKOS.prefLabel, None) in Graph().parse(data=r.get_data(), format="turtle")
    void = Graph().parse(data=known.get("/.well-known/void", headers={"Accept": "text/turtle"}).get_data(),
                         format="turtle")
    assert set(void.objects(None, Namespace("http://rdfs.org/ns/void#").uriSpace)) == {Literal(BASE + "id/")}


def test_a_base_iri_setting_is_refused_naming_it(fixture_settings):
    from kg.errors import NapkgError

    with pytest.raises(NapkgError, match="setting base_iri was removed: .*https://w3id.org/napkg/"):
        fixture_settings.replace(base_iri="https://example.org/kg/")


def test_page_says_where_a_label_no_source_gives_comes_from(client):
    # issue 14: a user tells the text's names from translations; DCAF's English name is DCAF's own
    r = client.get("/id/actor/dcaf", headers=BROWSER)
    if r.status_code == 404:
        pytest.skip("the store is the service fixture (data/ did not build): it has no DCAF record")
    page = r.get_data(as_text=True)
    assert "not from the source documents" in page
    assert '<a href="https://www.dcaf.ch" rel="external">https://www.dcaf.ch</a>' in page


def test_jsonld_of_a_resource_is_compacted_with_an_inline_context(client, samples):
    """One node object per subject, compact IRIs from napkg's prefixes, the context inline (nothing to fetch),
    and the same triples as the Turtle. (Checked with rdflib's JSON-LD parser; Debian's Jena 4.5 riot does not
    start under OpenJDK 17 here, see bench/README.md.)"""
    import json

    from kg.prefixes import PREFIXES

    iri = samples["actor_iri"]
    r = client.get(_path(iri), headers={"Accept": "application/ld+json"})
    doc = json.loads(r.get_data())
    assert doc["@context"] == PREFIXES
    nodes = doc["@graph"] if "@graph" in doc else [{k: v for k, v in doc.items() if k != "@context"}]
    ids = [n["@id"] for n in nodes]
    assert len(ids) == len(set(ids)), "a subject split across node objects"
    assert ids[0] == "napid:" + iri[len(PREFIXES["napid"]):]
    assert nodes[0]["@type"] and "skos:prefLabel" in nodes[0]
    assert all(not k.startswith("http") for n in nodes for k in n)  # properties as compact IRIs
    turtle = Graph().parse(data=client.get(_path(iri) + ".ttl").get_data(), format="turtle")
    from rdflib.compare import isomorphic

    assert isomorphic(Graph().parse(data=r.get_data(), format="json-ld"), turtle)

