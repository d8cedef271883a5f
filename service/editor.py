"""What the enhanced query editor (``static/editor.js``) knows: prefixes, napkg's terms, the example queries.

The editor is a layer over the server-rendered form of ``sparql.html``: the
template includes ``_editor.html``, which hands this configuration to the
script as JSON in a ``<meta>`` element (no inline script: the pages'
Content-Security-Policy runs only the service's own files). Without
JavaScript the plain form works as before.

The terms for autocompletion are read from the ontology file (classes and
properties of ``nap:``, with their English label and comment) plus the
borrowed terms napkg's data uses most; read once per process.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Flask, url_for
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from kg.namespaces import BASE, PREFIXES
from kg.query import named_queries
from kg.resources import resource_dir

ONTOLOGY_FILE = resource_dir("ontology") / "napkg.ttl"
KINDS = {OWL.Class: "class", RDFS.Class: "class", OWL.ObjectProperty: "property",
         OWL.DatatypeProperty: "property", OWL.AnnotationProperty: "property", RDF.Property: "property"}
#: Borrowed terms napkg's data uses (rdf:type, labels, provenance...), offered after napkg's own.
BORROWED = ("rdf:type", "rdfs:label", "rdfs:comment", "rdfs:subClassOf", "skos:prefLabel", "skos:altLabel",
            "skos:notation", "skos:inScheme", "skos:broader", "skos:narrower", "skos:definition",
            "dcterms:identifier", "dcterms:title", "dcterms:isPartOf", "dcterms:hasPart", "dcterms:issued",
            "dcterms:source", "prov:wasDerivedFrom", "prov:wasAttributedTo", "org:subOrganizationOf",
            "foaf:homepage", "owl:sameAs")
#: Example queries whose parameter is picked from a list: parameter name -> JSON API listing...
PICKERS = {"plan": "api.plans", "actor": "api.actors"}
#: ... or -> a SELECT of ?iri and ?label run on the endpoint (the actions: no API lists them all).
PICKER_QUERIES = {"action": """PREFIX nap: <https://w3id.org/napkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?iri (SAMPLE(CONCAT(STRAFTER(STR(?plan), "/plan/"), " ", STR(?n), ": ", SUBSTR(STR(?t), 1, 80))) AS ?label)
WHERE { ?iri a nap:Action ; nap:partOfPlan ?plan ; skos:notation ?n . OPTIONAL { ?iri skos:prefLabel ?t } }
GROUP BY ?iri ORDER BY ?label"""}


@lru_cache(maxsize=1)
def ontology_terms() -> tuple[dict, ...]:
    """napkg's classes and properties as ``{"term": "nap:X", "kind", "label", "comment"}``, classes first."""
    g = Graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    ns = PREFIXES["nap"]
    out = {}
    for s, kind in ((s, KINDS[o]) for s, o in g.subject_objects(RDF.type) if o in KINDS):
        if not str(s).startswith(ns):
            continue
        label = next((str(v) for v in g.objects(s, RDFS.label) if getattr(v, "language", None) in ("en", None)), "")
        comment = next((str(v) for v in g.objects(s, RDFS.comment)
                        if getattr(v, "language", None) in ("en", None)), "")
        out["nap:" + str(s)[len(ns):]] = {"term": "nap:" + str(s)[len(ns):], "kind": kind, "label": label,
                                          "comment": comment[:200]}
    return tuple(sorted(out.values(), key=lambda t: (t["kind"] != "class", t["term"].lower())))


def editor_config() -> dict:
    """The editor's configuration (JSON-ready)."""
    return {
        "prefixes": PREFIXES,
        "base": BASE,
        "terms": list(ontology_terms()) + [{"term": t, "kind": "borrowed", "label": "", "comment": ""}
                                           for t in BORROWED],
        "examples": [{"name": q.name, "title": q.title, "params": q.params, "text": q.text,
                      "api": url_for("api.run_query", name=q.name)} for q in named_queries().values()],
        "pickers": {**{p: {"url": url_for(endpoint, **({"limit": 1000} if p == "actor" else {}))}
                       for p, endpoint in PICKERS.items()},
                    **{p: {"query": q} for p, q in PICKER_QUERIES.items()}},
        "endpoint": url_for("sparql.endpoint"),
    }


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(editor_config=editor_config)
