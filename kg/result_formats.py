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


def _compact(iri: str, prefixes: Mapping[str, str]) -> str:
    """A compact IRI (``napid:actor/x``) where a prefix fits, else the IRI (JSON-LD expands both the same)."""
    for p, ns in prefixes.items():
        if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
            return f"{p}:{iri[len(ns):]}"
    return iri


def _jsonld_value(term, prefixes: Mapping[str, str]):
    if isinstance(term, ox.NamedNode):
        return {"@id": _compact(term.value, prefixes)}
    if isinstance(term, ox.BlankNode):
        return {"@id": f"_:{term.value}"}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": _compact(term.datatype.value, prefixes)}


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def compact_jsonld(triples: Iterable, prefixes: Mapping[str, str], *, first: str | None = None) -> bytes:
    """Triples as compacted JSON-LD: an inline ``@context`` of ``prefixes``, one node object per subject.

    What an integrator reads without a JSON-LD processor: ``"@id": "napid:actor/x"``, ``"@type"``,
    ``"skos:prefLabel": {"@value": ..., "@language": "fr"}``, a list only where a property has several
    values. The node of ``first`` (the resource described) comes first, the others by ``@id``. Nothing in
    it refers to a remote context, so any JSON-LD processor expands it without fetching.

    >>> t = ox.Triple(ox.NamedNode("https://w3id.org/napkg/id/actor/x"), ox.NamedNode(RDF_TYPE),
    ...               ox.NamedNode("https://w3id.org/napkg/ontology#Actor"))
    >>> json.loads(compact_jsonld([t], {"nap": "https://w3id.org/napkg/ontology#", "napid": "https://w3id.org/napkg/id/"}))
    {'@context': {'nap': 'https://w3id.org/napkg/ontology#', 'napid': 'https://w3id.org/napkg/id/'}, '@id': 'napid:actor/x', '@type': 'nap:Actor'}
    """
    nodes: dict[str, dict[str, list]] = {}
    for t in triples:
        s = t.subject
        key = f"_:{s.value}" if isinstance(s, ox.BlankNode) else s.value
        props = nodes.setdefault(key, {})
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            props.setdefault("@type", []).append(_compact(t.object.value, prefixes))
        else:
            props.setdefault(_compact(t.predicate.value, prefixes), []).append(_jsonld_value(t.object, prefixes))
    out = []
    for key in sorted(nodes, key=lambda k: (k != first, k)):
        node = {"@id": key if key.startswith("_:") else _compact(key, prefixes)}
        props = nodes[key]
        for name in sorted(props, key=lambda n: (n != "@type", n)):
            values = list({json.dumps(v, sort_keys=True): v for v in props[name]}.values())
            node[name] = values[0] if len(values) == 1 else values
        out.append(node)
    doc = {"@context": dict(prefixes)}
    if len(out) == 1:
        doc.update(out[0])
    else:
        doc["@graph"] = out
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
