"""The formats a query answer can be written in, and the writers, on pyoxigraph terms.

Two families: SPARQL results (``SELECT``, ``ASK``) in JSON, XML, CSV and TSV,
and graphs (``CONSTRUCT``, ``DESCRIBE``) in Turtle, N-Triples, JSON-LD and
RDF/XML. Every writer is a standard one: results JSON is written here with
:mod:`json` (so the row cap can be applied while reading the solutions), and
XML, CSV and TSV are converted from it by Oxigraph's own serialisers; graphs
are written by :func:`pyoxigraph.serialize`. A ``table`` form (plain Python
lists and dicts) feeds HTML pages.

>>> FORMATS["json"].media_type
'application/sparql-results+json'
>>> sorted(k for k, f in FORMATS.items() if f.family == "graph")
['jsonld', 'ntriples', 'rdfxml', 'turtle']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Mapping

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Format:
    """A format: its key, family (``results`` or ``graph``), media type and file extension."""

    key: str
    family: str
    media_type: str
    extension: str
    ox_format: object = None


FORMATS: dict[str, Format] = {f.key: f for f in (
    Format("json", "results", "application/sparql-results+json", "srj", ox.QueryResultsFormat.JSON),
    Format("xml", "results", "application/sparql-results+xml", "srx", ox.QueryResultsFormat.XML),
    Format("csv", "results", "text/csv", "csv", ox.QueryResultsFormat.CSV),
    Format("tsv", "results", "text/tab-separated-values", "tsv", ox.QueryResultsFormat.TSV),
    Format("turtle", "graph", "text/turtle", "ttl", ox.RdfFormat.TURTLE),
    Format("ntriples", "graph", "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    Format("jsonld", "graph", "application/ld+json", "jsonld", ox.RdfFormat.JSON_LD),
    Format("rdfxml", "graph", "application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML),
    Format("table", "any", "application/x-napkg-table", "", None),
)}


def term_json(term) -> dict | None:
    """A pyoxigraph term in the SPARQL 1.1 results JSON form."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject), "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def results_json(variables: list[str], rows: Iterable[Iterable]) -> bytes:
    """SPARQL 1.1 results JSON of ``rows`` (tuples of pyoxigraph terms or None)."""
    bindings = [{v: term_json(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_solutions(variables: list[str], rows: list[tuple], fmt: str) -> bytes | dict:
    """Write SELECT solutions as ``fmt`` (json, xml, csv, tsv, table)."""
    if fmt == "table":
        return {"vars": variables, "rows": [[term_json(t) for t in row] for row in rows]}
    raw = results_json(variables, rows)
    if fmt == "json":
        return raw
    parsed = ox.parse_query_results(raw, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=FORMATS[fmt].ox_format)


def write_boolean(answer: bool, fmt: str) -> bytes | dict:
    """Write an ASK answer as ``fmt`` (json, xml, csv, tsv, table)."""
    if fmt == "table":
        return {"boolean": answer}
    raw = json.dumps({"head": {}, "boolean": answer}).encode("utf-8")
    if fmt == "json":
        return raw
    return ox.parse_query_results(raw, format=ox.QueryResultsFormat.JSON).serialize(format=FORMATS[fmt].ox_format)


def write_triples(triples: list, fmt: str, *, prefixes: Mapping[str, str] | None = None) -> bytes | dict:
    """Write triples (pyoxigraph) as ``fmt`` (turtle, ntriples, jsonld, rdfxml, table)."""
    if fmt == "table":
        return {"vars": ["subject", "predicate", "object"],
                "rows": [[term_json(t.subject), term_json(t.predicate), term_json(t.object)] for t in triples]}
    use = dict(prefixes or {}) if fmt in ("turtle", "rdfxml") else None
    if use and fmt == "rdfxml":
        # RDF/XML needs a prefix for a predicate's namespace; unused ones only clutter the root element.
        used = {t.predicate.value for t in triples}
        use = {p: ns for p, ns in use.items() if any(u.startswith(ns) for u in used)}
    return ox.serialize(triples, format=FORMATS[fmt].ox_format, prefixes=use or None)
