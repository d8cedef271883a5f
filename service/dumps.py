"""Exports: ``/dumps/`` lists and serves the current build's dumps; ``/.well-known/void`` describes the dataset.

The listing gives each dump's format, media type, size, triple count and
SHA-256 (from the build's ``dumps.json``); files are served with
conditional requests and ranges. The VoID/DCAT description (triples per
graph, classes, properties, endpoint, dumps, licence, sources) is Turtle,
JSON-LD, N-Triples or RDF/XML by ``Accept`` (Turtle for ``*/*``).
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, redirect, request, send_from_directory, url_for
from werkzeug.exceptions import NotAcceptable, NotFound

from kg.namespaces import BASE
from kg.void import void_graph

from .backend import backend
from .headers import page
from .negotiation import best, format_parameter, rdf_format

bp = Blueprint("dumps", __name__)


def _listing() -> list[dict]:
    return [{**d, "url": url_for("dumps.dump_file", name=d["file"], _external=True)} for d in backend().dumps()]


@bp.get("/dumps/")
def listing():
    """The dumps with size, triples and checksum: HTML for browsers, JSON otherwise."""
    param = format_parameter()
    fmt = ("html" if param == "html" else "json" if param == "json" else None) if param else \
        best([("application/json", "json"), ("text/html", "html")])
    if fmt is None:
        raise NotAcceptable("the dump listing is available as application/json or text/html")
    dumps = _listing()
    manifest = backend().manifest()
    if fmt == "html":
        return page("dumps.html", dumps=dumps, manifest=manifest, pending=backend().dumps_pending())
    return jsonify({"ok": True, "built": manifest.get("built"), "count": len(dumps), "data": dumps,
                    "pending": backend().dumps_pending()})


@bp.get("/dumps")
def listing_slash():
    return redirect(url_for("dumps.listing"), code=301)


@bp.get("/dumps/<name>")
def dump_file(name: str):
    """One dump file, as listed (nothing else in the folder is served)."""
    listed = {d["file"]: d for d in backend().dumps()}
    if name not in listed:
        raise NotFound(f"no dump named {name!r}; see /dumps/")
    d = listed[name]
    resp = send_from_directory(backend().dumps_dir(), name, mimetype=d["media_type"], conditional=True,
                               etag=d["sha256"], max_age=3600)
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


@bp.get("/.well-known/void")
def void():
    """The VoID and DCAT description of the dataset."""
    fmt = rdf_format(format_parameter())
    if fmt is None:
        raise NotAcceptable("the VoID description is available as text/turtle, application/ld+json, "
                            "application/n-triples, application/rdf+xml or text/html")
    b = backend()
    g = void_graph(b.cached("void_stats"), dumps=_listing(), dataset_iri=BASE + "dataset",
                   sparql_url=url_for("sparql.endpoint", _external=True),
                   homepage=url_for("pages.home", _external=True))
    if fmt == "html":
        return page("void.html", turtle=g.serialize(format="turtle"))
    names = {"turtle": ("turtle", "text/turtle"), "ntriples": ("nt", "application/n-triples"),
             "jsonld": ("json-ld", "application/ld+json"), "rdfxml": ("xml", "application/rdf+xml")}
    rdflib_name, media = names[fmt]
    resp = Response(g.serialize(format=rdflib_name, encoding="utf-8"), mimetype=media)
    resp.headers["Vary"] = "Accept"
    return resp


@bp.get("/dataset")
def dataset():
    """The dataset's IRI (``<BASE>dataset``, ``kg.namespaces.BASE``): see its VoID description."""
    return redirect(url_for("dumps.void", **({"format": request.args["format"]} if "format" in request.args else {})),
                    code=303)


OPENAPI_PATHS = {
    "/dumps/": {"get": {
        "summary": "The dumps (TriG, N-Quads, Turtle, JSON-LD) with size, triple count and SHA-256",
        "parameters": [{"$ref": "#/components/parameters/format"}],
        "responses": {"200": {"description": "The listing (JSON, or HTML for browsers).", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/DumpList"}},
            "text/html": {"schema": {"type": "string"}}}},
            "406": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}}}},
    "/dumps": {"get": {"summary": "Redirect to /dumps/", "responses": {"301": {"description": "See /dumps/."}}}},
    "/dumps/{name}": {"get": {
        "summary": "One dump file",
        "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"},
                        "description": "napkg.trig, napkg.nq, napkg.ttl or napkg.jsonld"}],
        "responses": {"200": {"description": "The file.", "content": {
            "application/trig": {"schema": {"type": "string"}}, "application/n-quads": {"schema": {"type": "string"}},
            "text/turtle": {"schema": {"type": "string"}}, "application/ld+json": {"schema": {}}}},
            "304": {"description": "Not modified."},
            "404": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}}}},
    "/.well-known/void": {"get": {
        "summary": "VoID and DCAT description of the dataset",
        "parameters": [{"$ref": "#/components/parameters/format"}],
        "responses": {"200": {"description": "Turtle (default), JSON-LD, N-Triples, RDF/XML, or HTML.", "content": {
            "text/turtle": {"schema": {"type": "string"}}, "application/ld+json": {"schema": {}},
            "application/n-triples": {"schema": {"type": "string"}}, "application/rdf+xml": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}}}},
            "406": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}}}},
    "/dataset": {"get": {"summary": "The dataset IRI: redirects to its VoID description",
                         "responses": {"303": {"description": "See /.well-known/void."}}}},
}
