"""Linked data: every minted IRI dereferences, as a page for people and as RDF for machines.

- ``/id/<path>``: the resource ``<BASE>id/<path>`` (``kg.namespaces.BASE``): an HTML page
  (labels in every language, types, every link both ways, the evidence behind
  it, the graphs it stands in), or Turtle, JSON-LD, N-Triples, RDF/XML by
  ``Accept`` or by extension (``/id/actor/ifdd.ttl``, ``.jsonld``, ``.nt``,
  ``.rdf``, ``.html``). 404 when the graph says nothing about it.
- ``/ontology`` and ``/shapes`` (also ``.ttl`` ...): each term documented,
  anchored by its local name, so ``<BASE>ontology#ActionPlan`` lands on it.
- ``/graph/<name>``: a named graph: its size, or its triples as RDF.
- ``/resource?iri=``: what the graph says about any other IRI (an SDG, a country).
"""

from __future__ import annotations

from flask import Blueprint, Response, redirect, request, url_for
from werkzeug.exceptions import BadRequest, NotAcceptable, NotFound

from kg.describe import is_iri
from kg.namespaces import BASE, GRAPH, NAPID, ONTOLOGY_GRAPH, SHAPES_GRAPH

from .backend import backend
from .headers import page
from .negotiation import EXTENSIONS, MEDIA_TYPES, format_parameter, rdf_format

bp = Blueprint("linked_data", __name__)

MAX_LINKS = 500


def _format_or_406(fmt: str | None) -> str:
    if fmt is None:
        raise NotAcceptable("this resource is available as text/html, text/turtle, application/ld+json, "
                            "application/n-triples or application/rdf+xml")
    return fmt


def _rdf(body: bytes, fmt: str, *, location: str | None = None) -> Response:
    resp = Response(body, mimetype=MEDIA_TYPES[fmt])
    resp.headers["Vary"] = "Accept"
    if location:
        resp.headers["Content-Location"] = location
    return resp


def _describe_page(iri: str, fmt: str) -> Response | None:
    """The page or RDF of ``iri``, or None if the graph says nothing about it (or it is no IRI)."""
    if not is_iri(iri):
        return None
    d = backend().call("describe", iri=iri, fmt=None if fmt == "html" else fmt, max_links=MAX_LINKS)
    if d is None:
        return None
    if fmt == "html":
        return page("resource.html", d=d, max_links=MAX_LINKS)
    return _rdf(d["rdf"], fmt)


@bp.get("/id/<path:rest>")
def resource(rest: str):
    """A minted resource, negotiated; an extension (``.ttl``...) picks the format when no resource has that name."""
    b = backend()
    fmt = rdf_format(format_parameter())
    found = _describe_page(b.napid + rest, _format_or_406(fmt)) if fmt else None
    if found is not None:
        return found
    stem, dot, ext = rest.rpartition(".")
    if dot and ext in EXTENSIONS and stem:
        found = _describe_page(b.napid + stem, EXTENSIONS[ext])
        if found is not None:
            return found
    if fmt is None:
        _format_or_406(fmt)
    raise NotFound(f"nothing is known about <{b.napid + rest}>")


@bp.get("/resource")
def any_resource():
    """What the graph says about any IRI (``?iri=``); minted IRIs redirect to their own page."""
    iri = (request.args.get("iri") or "").strip()
    if not iri:
        raise BadRequest("give the IRI to describe as ?iri=")
    if not is_iri(iri):
        raise BadRequest(f"not an absolute IRI: {iri!r}")
    b = backend()
    if iri.startswith(b.napid) and len(iri) > len(b.napid):
        return redirect(url_for("linked_data.resource", rest=iri[len(b.napid):]), code=303)
    fmt = _format_or_406(rdf_format(format_parameter()))
    found = _describe_page(iri, fmt)
    if found is None:
        raise NotFound(f"nothing is known about <{iri}> in this graph")
    return found


def _vocabulary(graph: str, title: str, endpoint: str, ext: str | None):
    fmt = EXTENSIONS.get(ext) if ext else rdf_format(format_parameter())
    if ext and ext not in EXTENSIONS:
        raise NotFound(f"no {title.lower()} document with extension .{ext}; use .ttl, .jsonld, .nt, .rdf or .html")
    fmt = _format_or_406(fmt)
    b = backend()
    if fmt == "html":
        doc = b.cached("terms", graph=graph)
        return page("terms.html", doc=doc, title=title, iri=BASE + endpoint,
                    rdf_links={e: url_for(f"linked_data.{endpoint}_ext", ext=e) for e in ("ttl", "jsonld", "nt", "rdf")})
    return _rdf(b.cached("graph", graph=graph, fmt=fmt), fmt)


def _vocabulary_routes(graph: str, title: str, endpoint: str, doc: str) -> None:
    """``/<endpoint>`` (negotiated) and ``/<endpoint>.<ext>`` for one vocabulary graph (ontology, shapes)."""

    def negotiated():
        return _vocabulary(graph, title, endpoint, None)

    def by_extension(ext: str):
        return _vocabulary(graph, title, endpoint, ext)

    negotiated.__doc__ = doc
    by_extension.__doc__ = f"{doc} In the format of the extension."
    bp.add_url_rule(f"/{endpoint}", endpoint, negotiated, methods=["GET"])
    bp.add_url_rule(f"/{endpoint}.<ext>", f"{endpoint}_ext", by_extension, methods=["GET"])


_vocabulary_routes(str(ONTOLOGY_GRAPH), "Ontology", "ontology",
                   "The napkg ontology: each term documented (HTML), or the ontology graph (RDF).")
_vocabulary_routes(str(SHAPES_GRAPH), "Shapes", "shapes",
                   "The SHACL shapes every build is validated against, documented (HTML) or as RDF.")


@bp.get("/graph/<name>")
def graph(name: str):
    """A named graph of the dataset: its size and how to get it (HTML), or its triples (RDF)."""
    b = backend()
    base = str(GRAPH)
    graphs = b.graphs()
    stem, dot, ext = name.rpartition(".")
    if base + name not in graphs and dot and ext in EXTENSIONS and base + stem in graphs:
        name, fmt = stem, EXTENSIONS[ext]
    else:
        fmt = _format_or_406(rdf_format(format_parameter()))
    iri = base + name
    if iri not in graphs:
        raise NotFound(f"no named graph <{iri}>; the dataset's graphs are listed at /.well-known/void")
    if fmt == "html":
        example = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 100"
        return page("graph.html", iri=iri, triples=graphs[iri],
                    query_url=url_for("sparql.endpoint", query=example, **{"default-graph-uri": iri}),
                    rdf_links={e: url_for("linked_data.graph", name=f"{name}.{e}") for e in ("ttl", "jsonld", "nt", "rdf")})
    return _rdf(b.call("graph", graph=iri, fmt=fmt), fmt)


_LD_RESPONSES = {
    "200": {"description": "The description as HTML or RDF (negotiated).", "content": {
        "text/html": {"schema": {"type": "string"}}, "text/turtle": {"schema": {"type": "string"}},
        "application/ld+json": {"schema": {}}, "application/n-triples": {"schema": {"type": "string"}},
        "application/rdf+xml": {"schema": {"type": "string"}}}},
    "404": {"$ref": "#/components/responses/Error"},
    "406": {"$ref": "#/components/responses/Error"},
    "503": {"$ref": "#/components/responses/Error"},
}

OPENAPI_PATHS = {
    "/id/{path}": {"get": {
        "summary": f"Dereference a minted IRI {NAPID}{{path}}",
        "description": "HTML for browsers; Turtle, JSON-LD, N-Triples or RDF/XML by Accept, `format`, or an "
                       "extension (.ttl, .jsonld, .nt, .rdf, .html).",
        "parameters": [{"name": "path", "in": "path", "required": True, "schema": {"type": "string"},
                        "description": "e.g. actor/ifdd, plan/lu-nap-bhr-2, action/lu-nap-bhr-2/4.4, actor/ifdd.ttl"},
                       {"$ref": "#/components/parameters/format"}],
        "responses": _LD_RESPONSES}},
    "/resource": {"get": {
        "summary": "What the graph says about any IRI",
        "parameters": [{"name": "iri", "in": "query", "required": True, "schema": {"type": "string"}},
                       {"$ref": "#/components/parameters/format"}],
        "responses": {**_LD_RESPONSES, "303": {"description": "A minted IRI: see its /id/ page."},
                      "400": {"$ref": "#/components/responses/Error"}}}},
    "/ontology": {"get": {"summary": "The ontology, documented per term (HTML) or as RDF",
                          "parameters": [{"$ref": "#/components/parameters/format"}], "responses": _LD_RESPONSES}},
    "/ontology.{ext}": {"get": {"summary": "The ontology in the format of the extension",
                                "parameters": [{"$ref": "#/components/parameters/ext"}], "responses": _LD_RESPONSES}},
    "/shapes": {"get": {"summary": "The SHACL shapes, documented (HTML) or as RDF",
                        "parameters": [{"$ref": "#/components/parameters/format"}], "responses": _LD_RESPONSES}},
    "/shapes.{ext}": {"get": {"summary": "The shapes in the format of the extension",
                              "parameters": [{"$ref": "#/components/parameters/ext"}], "responses": _LD_RESPONSES}},
    "/graph/{name}": {"get": {
        "summary": f"A named graph {GRAPH}{{name}}: its size (HTML) or its triples (RDF)",
        "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}},
                       {"$ref": "#/components/parameters/format"}],
        "responses": _LD_RESPONSES}},
}
