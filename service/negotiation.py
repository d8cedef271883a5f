"""Choose what to answer with: from the ``Accept`` header, a ``format`` parameter, or a file extension.

Offers are lists of (media type, format key) in the server's order of
preference; a client's ``*/*`` (or no ``Accept`` at all) gets the first. A
``format`` (or ``output``) parameter, for clients that cannot set headers,
overrides ``Accept``; it takes a short name (``json``, ``ttl``...) or a media
type.
"""

from __future__ import annotations

from flask import request
from werkzeug.exceptions import BadRequest

RESULTS_OFFERS = [
    ("application/sparql-results+json", "json"), ("application/json", "json"),
    ("application/sparql-results+xml", "xml"), ("application/xml", "xml"), ("text/xml", "xml"),
    ("text/csv", "csv"), ("text/tab-separated-values", "tsv"), ("text/html", "html"),
]
GRAPH_OFFERS = [
    ("text/turtle", "turtle"), ("application/x-turtle", "turtle"), ("application/n-triples", "ntriples"),
    ("application/ld+json", "jsonld"), ("application/json", "jsonld"), ("application/rdf+xml", "rdfxml"),
    ("application/xml", "rdfxml"), ("text/xml", "rdfxml"), ("text/plain", "ntriples"), ("text/html", "html"),
]
# Linked-data pages: data first for */* (curl), HTML for browsers (they ask for text/html by name).
RDF_OFFERS = [o for o in GRAPH_OFFERS if o[1] != "html"] + [("text/html", "html"), ("application/xhtml+xml", "html")]
DESCRIPTION_OFFERS = RDF_OFFERS

# format=... values: (results format, graph format); None where that family has no such format.
FORMAT_NAMES = {
    "json": ("json", "jsonld"), "srj": ("json", None), "xml": ("xml", "rdfxml"), "srx": ("xml", None),
    "csv": ("csv", None), "tsv": ("tsv", None), "html": ("html", "html"),
    "turtle": (None, "turtle"), "ttl": (None, "turtle"), "nt": (None, "ntriples"), "ntriples": (None, "ntriples"),
    "n-triples": (None, "ntriples"), "jsonld": (None, "jsonld"), "json-ld": (None, "jsonld"),
    "rdfxml": (None, "rdfxml"), "rdf": (None, "rdfxml"), "rdf+xml": (None, "rdfxml"), "rdf/xml": (None, "rdfxml"),
}
EXTENSIONS = {"ttl": "turtle", "nt": "ntriples", "jsonld": "jsonld", "rdf": "rdfxml", "html": "html"}
MEDIA_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples", "jsonld": "application/ld+json",
               "rdfxml": "application/rdf+xml", "html": "text/html"}


def best(offers: list[tuple[str, str]]) -> str | None:
    """The format key of the best offer for the request's ``Accept``, or None if nothing is acceptable."""
    accept = request.accept_mimetypes
    if not accept:
        return offers[0][1]
    media = accept.best_match([m for m, _ in offers])
    return dict(offers).get(media) if media else None


def format_parameter() -> str | None:
    """The request's ``format`` (or ``output``) parameter, lower-cased; None when absent."""
    values = request.values.getlist("format") + request.values.getlist("output")
    values = list(dict.fromkeys(v.strip().lower() for v in values if v.strip()))
    if len(values) > 1:
        raise BadRequest(f"give one format, not {', '.join(values)}")
    return values[0] if values else None


def query_formats(param: str | None) -> dict[str, str | None]:
    """Formats for each family of query answer: ``{"results": key|None, "graph": key|None}``."""
    if param:
        if param in FORMAT_NAMES:
            r, g = FORMAT_NAMES[param]
            return {"results": r, "graph": g}
        by_media = {"results": dict(RESULTS_OFFERS).get(param), "graph": dict(GRAPH_OFFERS).get(param)}
        if by_media["results"] or by_media["graph"]:
            return by_media
        raise BadRequest(f"unknown format {param!r}; use one of {', '.join(sorted(FORMAT_NAMES))} or a media type")
    return {"results": best(RESULTS_OFFERS), "graph": best(GRAPH_OFFERS)}


def rdf_format(param: str | None = None, offers: list[tuple[str, str]] = RDF_OFFERS) -> str | None:
    """An RDF format (or ``html``) for a document: ``format`` parameter first, then ``Accept``."""
    if param:
        if param in FORMAT_NAMES and FORMAT_NAMES[param][1]:
            return FORMAT_NAMES[param][1]
        media = dict(offers).get(param)
        if media:
            return media
        raise BadRequest(f"unknown format {param!r}; use turtle, nt, jsonld, rdfxml or html")
    return best(offers)
