"""Where a label no source document gives comes from, as RDF a user can query and see.

A registry record may carry a label that none of the curated texts prints: an
official name in another language, a curator's English rendering. Its
``label_sources`` map says where each such label comes from, by language::

    label: {fr: "Région flamande", nl: "Vlaams Gewest"}
    label_sources: {nl: "https://www.vlaanderen.be (official Dutch name)"}

Each entry becomes one reified statement about the ``skos:prefLabel`` in that
language (plain RDF 1.1, no RDF-star, so every store and every SPARQL engine
reads it)::

    napid:label-source/<hash> a rdf:Statement ;
        rdf:subject napid:actor/region-flamande ;
        rdf:predicate skos:prefLabel ;
        rdf:object "Vlaams Gewest"@nl ;
        dcterms:source <https://www.vlaanderen.be> | "a citation" ;
        rdfs:label "source of the nl label “Vlaams Gewest”"@en .

The statement points at the record (``rdf:subject``), so the record's page
lists it among its incoming links, and a query finds every label that is not
the text's own (data/README.md shows one).

>>> from rdflib import Graph, URIRef
>>> g = Graph(); s = URIRef("https://w3id.org/napkg/id/actor/x")
>>> label_source_problems({"label": {"fr": "X"}, "label_sources": {"nl": "a book"}})
["no 'nl' label to give a source for (label has: fr)"]
>>> add_label_sources(g, s, {"label": {"nl": "Iks"}, "label_sources": {"nl": "https://example.org/x"}})
1
"""

from __future__ import annotations

import hashlib

from rdflib import DCTERMS, RDF, RDFS, SKOS, Graph, Literal, URIRef

from .namespaces import NAPID


def statement_iri(subject: URIRef, lang: str, label: str) -> URIRef:
    """A stable IRI for the statement "``subject`` has the ``lang`` label ``label``"."""
    h = hashlib.sha1(f"{subject}\n{lang}\n{label}".encode("utf-8")).hexdigest()[:16]
    return NAPID[f"label-source/{h}"]


def _source_term(reference: str):
    """A URL becomes an IRI (a link a user can follow); a citation stays a literal."""
    ref = reference.strip()
    if ref.startswith(("http://", "https://")) and " " not in ref:
        return URIRef(ref)
    return Literal(ref)


def label_source_problems(rec: dict) -> list[str]:
    """What is wrong with a record's ``label_sources``: a language with no label to source."""
    labels = rec.get("label") or {}
    return [f"no '{lang}' label to give a source for (label has: {', '.join(sorted(labels)) or 'none'})"
            for lang in sorted(rec.get("label_sources") or {}) if lang not in labels]


def add_label_sources(g: Graph, subject: URIRef, rec: dict) -> int:
    """Add one reified statement per ``label_sources`` entry; return how many were added."""
    labels = rec.get("label") or {}
    n = 0
    for lang, reference in sorted((rec.get("label_sources") or {}).items()):
        if lang not in labels:
            continue  # reported by label_source_problems
        text = labels[lang].strip()
        st = statement_iri(subject, lang, text)
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, subject))
        g.add((st, RDF.predicate, SKOS.prefLabel))
        g.add((st, RDF.object, Literal(text, lang=lang)))
        g.add((st, DCTERMS.source, _source_term(reference)))
        g.add((st, RDFS.label, Literal(f"source of the {lang} label “{text}”", lang="en")))
        n += 1
    return n
