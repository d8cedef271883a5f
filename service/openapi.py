"""``/openapi.json``: the OpenAPI 3.1 document of every route, assembled from the blueprints.

Each blueprint module documents its own routes in ``OPENAPI_PATHS`` (next to
the code they describe); this module adds the shared parts (parameters,
responses, schemas: the error envelope among them) and serves the whole. A
test validates it and checks that every route is documented and every
documented path is a route.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version

from flask import Blueprint, jsonify

from kg.namespaces import NAPID

from .errors import TITLES

bp = Blueprint("openapi", __name__)

MODULES = ("service.pages", "service.sparql", "service.linked_data", "service.api", "service.dumps",
           "service.openapi", "service.network", "service.search", "service.plan_pages", "service.body_pages", "service.topic_pages")

_STR = {"type": "string"}
_REF = {"type": "object", "properties": {"iri": _STR, "id": {"type": ["string", "null"]},
                                         "label": {"type": ["string", "null"]}, "notation": _STR}}

COMPONENTS = {
    "parameters": {
        "query": {"name": "query", "in": "query", "required": False, "schema": _STR,
                  "description": "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE). napkg's prefixes are "
                                 "pre-declared. Without it, GET returns the service description or the editor."},
        "defaultGraphUri": {"name": "default-graph-uri", "in": "query", "required": False,
                            "schema": {"type": "array", "items": _STR}, "style": "form", "explode": True,
                            "description": "A named graph of the dataset to use as (part of) the default graph."},
        "namedGraphUri": {"name": "named-graph-uri", "in": "query", "required": False,
                          "schema": {"type": "array", "items": _STR}, "style": "form", "explode": True,
                          "description": "A named graph of the dataset to make available to GRAPH."},
        "format": {"name": "format", "in": "query", "required": False, "schema": _STR,
                   "description": "Fallback for Accept: json, xml, csv, tsv, turtle (ttl), nt, jsonld, rdfxml, html, "
                                  "or a media type. `output` is a synonym."},
        "timeLimitMs": {"name": "time_limit_ms", "in": "query", "required": False,
                        "schema": {"type": "integer", "minimum": 1},
                        "description": "Lower the time limit of this request (milliseconds); it cannot be raised "
                                       "above the query_time_limit_ms setting."},
        "ext": {"name": "ext", "in": "path", "required": True, "schema": {"enum": ["ttl", "jsonld", "nt", "rdf", "html"]}},
        "planId": {"name": "plan_id", "in": "path", "required": True, "schema": _STR, "example": "lu-nap-bhr-2"},
    },
    "responses": {
        "Error": {"description": "An error, in the one envelope (an HTML page instead for browsers outside /api). "
                               "400 bad or refused query or request, 404 unknown, 405 method, 406 no acceptable "
                               "format, 413 too large, 415 content type, 500 failed (logged), 503 time limit "
                               "reached, workers busy or no graph built.",
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "SparqlAnswer": {
            "description": "The complete answer. `X-Napkg-Truncated: true` when the row cap cut it.",
            "headers": {"X-Napkg-Truncated": {"schema": {"enum": ["true", "false"]}}},
            "content": {m: {"schema": {}} for m in (
                "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values", "text/turtle", "application/n-triples", "application/ld+json",
                "application/rdf+xml", "text/html")}},
    },
    "schemas": {
        "Error": {"type": "object", "required": ["ok", "error"], "additionalProperties": False, "properties": {
            "ok": {"const": False},
            "error": {"type": "object", "required": ["status", "title", "detail"], "additionalProperties": False,
                      "properties": {"status": {"type": "integer", "enum": sorted(TITLES)}, "title": _STR,
                                     "detail": _STR}}}},
        "Ref": _REF,
        "Plan": {"type": "object", "required": ["id", "iri", "labels"], "properties": {
            "id": _STR, "iri": _STR, "label": {"type": ["string", "null"]},
            "labels": {"type": "object", "additionalProperties": _STR},
            "types": {"type": "array", "items": _STR},
            "country": {"type": ["object", "null"], "properties": {"iri": _STR, "code": _STR}},
            "period": {"type": ["string", "null"]}, "sources": {"type": "array", "items": _STR},
            "actions": {"type": "integer"}}},
        "Action": {"type": "object", "required": ["iri", "notation"], "properties": {
            "iri": _STR, "notation": {"type": ["string", "null"]}, "title": {"type": ["string", "null"]},
            "labels": {"type": "object", "additionalProperties": _STR}, "types": {"type": "array", "items": _STR},
            **{k: {"type": "array", "items": {"$ref": "#/components/schemas/Ref"}}
               for k in ("responsible", "involved", "sdgs", "principles", "instruments", "groups", "part_of")},
            "progress_updates": {"type": "array", "items": _STR}}},
        "Actor": {"type": "object", "required": ["iri", "labels"], "properties": {
            "id": {"type": ["string", "null"]}, "iri": _STR, "label": {"type": ["string", "null"]},
            "labels": {"type": "object", "additionalProperties": _STR},
            "alt_labels": {"type": "object", "additionalProperties": {"type": "array", "items": _STR}},
            "types": {"type": "array", "items": _STR},
            "country": {"type": ["object", "null"]}, "part_of": {"type": "array", "items": {"$ref": "#/components/schemas/Ref"}},
            "plans": {"type": "array", "items": {"$ref": "#/components/schemas/Ref"}},
            "actions": {"type": "array", "items": {"type": "object"}},
            "evidence": {"type": "array", "items": {"type": "object", "properties": {
                "iri": _STR, "quote": {"type": ["string", "null"]}, "locator": {"type": ["string", "null"]},
                "source": {"type": ["string", "null"]}}}}}},
        "ActorMatch": {"type": "object", "required": ["iri"], "properties": {
            "iri": _STR, "id": {"type": ["string", "null"]}, "label": {"type": ["string", "null"]},
            "match": {"type": ["object", "null"], "properties": {"label": _STR, "lang": _STR, "property": _STR}}}},
        "DumpList": {"type": "object", "properties": {"ok": {"const": True}, "count": {"type": "integer"},
                                                      "data": {"type": "array", "items": {"type": "object", "properties": {
                                                          "format": _STR, "file": _STR, "media_type": _STR,
                                                          "bytes": {"type": "integer"}, "triples": {"type": "integer"},
                                                          "sha256": _STR, "url": _STR}}}}},
    },
}


def _version() -> str:
    try:
        return version("napkg")
    except PackageNotFoundError:
        return "0"


def document() -> dict:
    """The OpenAPI 3.1 document: every blueprint's ``OPENAPI_PATHS`` plus the shared components."""
    paths: dict = {}
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        paths.update(getattr(module, "OPENAPI_PATHS", {}))
    return {
        "openapi": "3.1.0",
        "info": {"title": "napkg", "version": _version(),
                 "summary": "SPARQL endpoint, linked data and JSON API of a knowledge graph of national action "
                            "plans on business and human rights",
                 "description": f"Minted IRIs live under {NAPID} and dereference here under /id/. "
                                "Every query runs under a time limit and a row cap; errors share one JSON envelope.",
                 "license": {"name": "MIT", "identifier": "MIT"}},
        "paths": dict(sorted(paths.items())),
        "components": COMPONENTS,
    }


@bp.get("/openapi.json")
def openapi():
    """This API's OpenAPI 3.1 document."""
    return jsonify(document())


OPENAPI_PATHS = {
    "/openapi.json": {"get": {"summary": "This OpenAPI 3.1 document", "responses": {
        "200": {"description": "The document.", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
}
