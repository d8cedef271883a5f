"""Readable documentation of each term of a vocabulary graph (the ontology, the shapes).

:func:`document` reads one named graph and returns, for every IRI it
describes, its kind (class, object property, node shape ...), labels and
comments in every language, and every other statement, with blank nodes
(OWL restrictions, property chains, SHACL property shapes, lists) written out
inline. Plain data, for the ``/ontology`` and ``/shapes`` pages, where each
term has an anchor named by its local name (``/ontology#ActionPlan``), so the
IRI ``https://w3id.org/napkg/ontology#ActionPlan`` lands on it.

>>> from kg.store import open_store
>>> from rdflib import Graph, Literal, URIRef
>>> from rdflib.namespace import OWL, RDF, RDFS
>>> s = open_store("oxigraph")
>>> g = Graph(); c = URIRef("https://w3id.org/napkg/ontology#Plan")
>>> _ = g.add((c, RDF.type, OWL.Class)); _ = g.add((c, RDFS.label, Literal("plan", lang="en")))
>>> s.load({URIRef("https://w3id.org/napkg/graph/ontology"): g})
>>> doc = document(s, URIRef("https://w3id.org/napkg/graph/ontology"))
>>> [(t["anchor"], t["kind"], t["labels"]) for t in doc["terms"]]
[('Plan', 'Class', [{'value': 'plan', 'lang': 'en'}])]
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from .describe import node
from .store import Store

SH = "http://www.w3.org/ns/shacl#"
KIND_ORDER = [
    (OWL.Ontology, "Ontology"), (OWL.Class, "Class"), (RDFS.Class, "Class"), (OWL.ObjectProperty, "Object property"),
    (OWL.DatatypeProperty, "Datatype property"), (OWL.AnnotationProperty, "Annotation property"),
    (RDF.Property, "Property"), (URIRef(SH + "NodeShape"), "Node shape"),
    (URIRef(SH + "PropertyShape"), "Property shape"), (SKOS.ConceptScheme, "Concept scheme"),
    (SKOS.Concept, "Concept"), (OWL.NamedIndividual, "Individual"),
]
LABELS = (RDFS.label, SKOS.prefLabel)
COMMENTS = (RDFS.comment, SKOS.definition, DCTERMS.description, URIRef(SH + "message"))
MAX_DEPTH = 5


def _kind(g: Graph, s) -> str:
    types = set(g.objects(s, RDF.type))
    for t, name in KIND_ORDER:
        if t in types:
            return name
    return "Other"


def _value(g: Graph, o, depth: int = 0) -> dict:
    """A statement's object; blank nodes are expanded (lists as items, others as their statements)."""
    if isinstance(o, BNode) and depth < MAX_DEPTH:
        if (o, RDF.first, None) in g:
            return {"kind": "list", "items": [_value(g, x, depth + 1) for x in Collection(g, o)]}
        return {"kind": "nested", "statements": [
            {"predicate": node(p), "objects": [_value(g, x, depth + 1) for x in sorted(g.objects(o, p), key=str)]}
            for p in sorted(set(g.predicates(o)), key=str)]}
    return node(o, list(g.objects(o, RDFS.label)) if isinstance(o, URIRef) else ())


def anchor(iri: str) -> str:
    """The local name of a term: after ``#``, else after the last ``/``."""
    return iri.rsplit("#", 1)[1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def document(store: Store, graph: URIRef) -> dict:
    """Every IRI the graph describes, grouped by kind, with labels, comments and statements."""
    g = Graph()
    for s, p, o, _ in store.quads(URIRef(graph)):
        g.add((s, p, o))
    terms = []
    order = {name: i for i, (_, name) in enumerate(KIND_ORDER)}
    for s in sorted({s for s in g.subjects() if isinstance(s, URIRef)}, key=str):
        labels = [{"value": str(x), "lang": x.language or ""} for p in LABELS for x in g.objects(s, p)
                  if isinstance(x, Literal)]
        comments = [{"value": str(x), "lang": x.language or ""} for p in COMMENTS for x in g.objects(s, p)
                    if isinstance(x, Literal)]
        skip = set(LABELS) | set(COMMENTS) | {RDF.type}
        statements = [{"predicate": node(p, list(g.objects(p, RDFS.label))),
                       "objects": [_value(g, o) for o in sorted(g.objects(s, p), key=str)]}
                      for p in sorted(set(g.predicates(s)) - skip, key=str)]
        terms.append({"iri": str(s), "anchor": anchor(str(s)), "kind": _kind(g, s),
                      "types": [node(t) for t in sorted(g.objects(s, RDF.type), key=str)],
                      "labels": sorted(labels, key=lambda x: x["lang"]),
                      "comments": sorted(comments, key=lambda x: x["lang"]), "statements": statements})
    terms.sort(key=lambda t: (order.get(t["kind"], len(order)), t["anchor"].lower()))
    return {"graph": str(graph), "triples": len(g), "terms": terms}
