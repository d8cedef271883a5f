"""``/network/...``: network analyses of the current build over HTTP.

==========================  ======================================================
route                       answer
==========================  ======================================================
``/network``                the page (HTML, :mod:`service.network_page`); JSON: what is on offer
``/network/drawing``        a projection laid out for drawing: positions, measure, communities (JSON)
``/network/centrality``     nodes of a projection ranked by a measure (JSON, CSV)
``/network/overlaps``       recurring actors, plan similarity, brokers (JSON, CSV)
``/network/graph``          a projection as node-link JSON, GraphML or GEXF (Gephi)
==========================  ======================================================

Parameters are those of :data:`kg.network.analysis.PARAMETERS` (the CLI's
too); an unknown parameter, a bad value, a repeated one or a filter matching
nothing is a 400 in the service's error envelope. JSON answers are
``{"ok": true, "meta": {...}, "columns": [...], "count": n, "data": [rows]}``;
CSV has one header line and lists joined with ``" | "``. ``format`` (or
``output``) chooses, else ``Accept``.

Answers are cached per build (the build folder: a new build is a new
version, so nothing stale is served) in a bounded LRU; ``top`` and the format
are applied to the cached answer. ``X-Napkg-Build`` names the version and
``X-Napkg-Cache`` says ``hit`` or ``miss``.

The work runs in a query worker under the request's time limit (the
``network`` task, :func:`kg.network.tasks.network`); its errors reach the
service's one handler (:mod:`service.errors`), a bad parameter as a 400.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for
from werkzeug.exceptions import BadRequest, NotAcceptable

from kg.network import analysis
from kg.network.readwrite import FORMATS as GRAPH_FORMATS
from kg.network.tables import Table
from kg.network.tasks import ALLOWED
from kg.network.weighting import WEIGHTINGS

from .backend import backend
from .links import href
from .negotiation import best, format_parameter

bp = Blueprint("network", __name__, url_prefix="/network")

#: Answers kept per process (all builds together); the oldest go first.
CACHE_ENTRIES = 256
RESERVED = {"format", "output", "time_limit_ms", "lang"}  # lang: the page language (service/i18n.py)
INDEX_OFFERS = [("application/json", "json"), ("text/html", "html")]
TABLE_OFFERS = [("application/json", "json"), ("text/csv", "csv")]
GRAPH_OFFERS = [(media, key) for key, (media, _ext) in GRAPH_FORMATS.items()] + [("application/xml", "graphml"),
                                                                                  ("text/xml", "graphml")]


class _Cache:
    """A small thread-safe LRU of answers keyed by (build, request)."""

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        return None

    def put(self, key: tuple, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_cache = _Cache(CACHE_ENTRIES)


def _params(op: str) -> dict[str, str]:
    """The request's parameters for ``op``: one value each, none unknown (format & co. set aside)."""
    out = {}
    allowed = ALLOWED[op]
    for key in request.args:
        if key in RESERVED:
            continue
        if key not in allowed:
            raise BadRequest(f"unknown parameter {key!r}; /network/{op} takes: {', '.join(allowed)}, format")
        values = request.args.getlist(key)
        if len(values) > 1:
            raise BadRequest(f"parameter {key!r} is given {len(values)} times; give it once")
        out[key] = values[0]
    analysis.parse_parameters(out, allowed=allowed)  # 400 now for a bad value, before any work
    return out


def _run(op: str, params: dict[str, str], fmt: str = "json") -> tuple[dict, str]:
    """The answer of ``op`` for the current build, from the cache or computed; and ``hit``/``miss``."""
    b = backend()
    build = b.build()
    key = (str(build), op, fmt if op == "graph" else "", tuple(sorted(params.items())))
    found = _cache.get(key)
    if found is not None:
        return found, "hit"
    answer = b.call("network", time_limit_ms=b.time_limit_ms(request.args.get("time_limit_ms")),
                    op=op, params=params, fmt=fmt)
    _cache.put(key, answer)
    return answer, "miss"


def _table_format() -> str:
    param = format_parameter()
    if param is not None:
        names = {"json": "json", "application/json": "json", "csv": "csv", "text/csv": "csv"}
        if param not in names:
            raise BadRequest(f"format {param!r}: this answer is json or csv")
        return names[param]
    fmt = best(TABLE_OFFERS)
    if fmt is None:
        raise NotAcceptable("this answer is application/json or text/csv")
    return fmt


def _headers(resp: Response, status: str) -> Response:
    resp.headers["X-Napkg-Build"] = backend().build().name
    resp.headers["X-Napkg-Cache"] = status
    resp.headers["Vary"] = "Accept"
    return resp


def _table(op: str) -> Response:
    params = _params(op)
    fmt = _table_format()
    top = params.pop("top", None)
    answer, status = _run(op, params)
    t = answer["table"]
    table = Table(t["columns"], t["rows"], t["meta"], answer.get("display")).head(int(top) if top else None)
    if fmt == "csv":
        resp = Response(table.to_csv(), mimetype="text/csv")
        resp.headers["Content-Disposition"] = f'inline; filename="network-{op}.csv"'
    else:
        resp = jsonify({"ok": True, "meta": table.meta, "columns": table.columns, "count": len(table.rows),
                        "data": table.rows})
    return _headers(resp, status)


@bp.get("")
def index():
    """The page for a browser; for ``Accept: application/json`` (or */*) what is on offer: projections,
    measures (with their normalisation), analyses, parameters."""
    if format_parameter() in ("html", "text/html") or (format_parameter() is None and best(INDEX_OFFERS) == "html"):
        from . import network_page

        return network_page.render(lambda op, params: _run(op, params)[0])
    return jsonify({"ok": True, "data": {
        "centrality": url_for("network.centrality"), "overlaps": url_for("network.overlaps"),
        "graph": url_for("network.graph"), "drawing": url_for("network.drawing"),
        "projections": {p.name: {"help": p.help, "filters": list(p.filters), "options": list(p.options)}
                        for p in analysis.PROJECTIONS.values()},
        "measures": {m.name: {"help": m.help, "normalisation": m.normalisation} for m in analysis.MEASURES.values()},
        "analyses": dict(analysis.OVERLAPS), "weightings": dict(WEIGHTINGS),
        "parameters": {p.name: {"type": p.type, "default": p.default, "help": p.help, "choices": list(p.choices)}
                       for p in analysis.PARAMETERS.values()},
    }})


@bp.get("/drawing")
def drawing():
    """A projection laid out for drawing (JSON): nodes with x, y, measure value, community and page link."""
    params = _params("drawing")
    params.pop("top", None)
    answer, status = _run("drawing", params)
    data = answer["data"]
    nodes = [{**n, "href": href(n["iri"])} for n in data["nodes"]]
    return _headers(jsonify({"ok": True, "meta": data["meta"], "nodes": nodes, "edges": data["edges"]}), status)


@bp.get("/centrality")
def centrality():
    """Nodes of a projection ranked by a measure."""
    return _table("centrality")


@bp.get("/overlaps")
def overlaps():
    """Recurring actors, plan similarity or brokers."""
    return _table("overlaps")


@bp.get("/graph")
def graph():
    """A projection as node-link JSON, GraphML or GEXF."""
    params = _params("graph")
    param = format_parameter()
    if param is not None:
        names = {**{k: k for k in GRAPH_FORMATS}, **{media: k for k, (media, _) in GRAPH_FORMATS.items()}}
        if param not in names:
            raise BadRequest(f"format {param!r}: a graph is {', '.join(GRAPH_FORMATS)}")
        fmt = names[param]
    else:
        fmt = best(GRAPH_OFFERS)
        if fmt is None:
            raise NotAcceptable("a graph is " + ", ".join(m for m, _ in GRAPH_FORMATS.values()))
    answer, status = _run("graph", params, fmt)
    media, ext = GRAPH_FORMATS[fmt]
    resp = Response(answer["data"], mimetype=media)
    projection = params.get("projection", analysis.PARAMETERS["projection"].default)
    resp.headers["Content-Disposition"] = f'inline; filename="napkg-{projection}.{ext}"'
    return _headers(resp, status)


# ------------------------------------------------------------------ OpenAPI

_JSON_TYPES = {"str": {"type": "string"}, "bool": {"type": "boolean"}, "int": {"type": "integer", "minimum": 1}}


def _parameter(name: str) -> dict:
    p = analysis.PARAMETERS[name]
    schema = {"enum": list(p.choices)} if p.type == "choice" else dict(_JSON_TYPES[p.type])
    if name == "seed":
        schema["minimum"] = 0
    if p.default is not None:
        schema["default"] = p.default
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": p.help}


def _format_parameter(choices: list[str]) -> dict:
    return {"name": "format", "in": "query", "required": False, "schema": {"enum": choices},
            "description": "Fallback for Accept (`output` is a synonym)."}


_E = {"$ref": "#/components/responses/Error"}
_HEADERS = {"X-Napkg-Build": {"schema": {"type": "string"}, "description": "the build (store version) answering"},
            "X-Napkg-Cache": {"schema": {"enum": ["hit", "miss"]}, "description": "whether the answer was cached"}}
_TABLE = {"type": "object", "required": ["ok", "meta", "columns", "count", "data"], "properties": {
    "ok": {"const": True},
    "meta": {"type": "object", "description": "how it was computed: projection, measure, normalisation, filters, "
                                              "nodes, edges, sample, seed..."},
    "columns": {"type": "array", "items": {"type": "string"}},
    "count": {"type": "integer"},
    "data": {"type": "array", "items": {"type": "object"}}}}


def _table_path(endpoint: str, summary: str, description: str, rows: str) -> dict:
    """The OpenAPI entry of an endpoint answering a table (JSON or CSV): its parameters from ``ALLOWED``."""
    return {"get": {
        "summary": summary, "description": description, "tags": ["network"],
        "parameters": [_parameter(n) for n in ALLOWED[endpoint]] + [_format_parameter(["json", "csv"])],
        "responses": {"200": {"description": rows, "headers": _HEADERS, "content": {
            "application/json": {"schema": _TABLE}, "text/csv": {"schema": {"type": "string"}}}},
            "400": _E, "406": _E, "503": _E}}}


OPENAPI_PATHS = {
    "/network": {"get": {
        "summary": "The network page (HTML), or the network analyses on offer (JSON)",
        "description": "A browser gets the page: the network drawn, the ranking, filters, the plans' overlap "
                       "heatmap. JSON (Accept: application/json, or */*): projections, measures (with how each "
                       "is normalised), overlap analyses and parameters.",
        "tags": ["network"],
        "parameters": [{"name": n, "in": "query", "required": False, "schema": {"type": "string"},
                        "description": "the page's form (HTML only)"} for n in
                       ("projection", "measure", "weighting", "plan", "country", "source", "responsible_only",
                        "include_plans", "top", "colour")],
        "responses": {"200": {"description": "The page or the listing.", "content": {
            "text/html": {"schema": {"type": "string"}},
            "application/json": {"schema": {
                "type": "object", "properties": {"ok": {"const": True}, "data": {"type": "object"}}}}}},
            "400": _E}}},
    "/network/drawing": {"get": {
        "summary": "A projection laid out for drawing",
        "description": "What the /network page draws: every node (at most 1,500, the highest ranked) with x, y "
                       "(networkx spring layout, fixed seed), the measure's value, its community (Louvain) and "
                       "its page (href); edges as source and target indexes with their weight.",
        "tags": ["network"],
        "parameters": [_parameter(n) for n in ALLOWED["drawing"] if n != "top"],
        "responses": {"200": {"description": "The drawing.", "headers": _HEADERS, "content": {"application/json": {
            "schema": {"type": "object", "required": ["ok", "meta", "nodes", "edges"]}}}},
            "400": _E, "503": _E}}},
    "/network/centrality": _table_path(
        "centrality", "Rank the nodes of a projection by a centrality measure",
        "Builds a projection of the graph (actors co-involved in actions, actor-action, "
        "actor-instrument, actor-plan, plan-overlap) and ranks its nodes by degree, weighted degree, "
        "betweenness (exact, or sampled with a fixed seed on large graphs), closeness, eigenvector, "
        "PageRank, core number or community. `meta.normalisation` states the scale.",
        "The ranked nodes: rank, label, type, country, value, iri, kind."),
    "/network/overlaps": _table_path(
        "overlaps", "Institutional overlap between plans and countries",
        "analysis=recurring-actors: actors in several plans or countries; similarity: Jaccard and "
        "overlap coefficients of plan pairs on actors, instruments or SDGs, with the shared items; "
        "brokers: actors whose removal disconnects plans or countries, or the only actor two plans share.",
        "One row per actor or plan pair, with the evidence (IRIs)."),
    "/network/graph": {"get": {
        "summary": "A projection as a graph file",
        "description": "Node-link JSON (edges under `links`; networkx.node_link_graph(data, edges='links') reads "
                       "it), GraphML or GEXF for Gephi. Nodes carry iri, label, kind, type, country; edges weight "
                       "and the evidence (shared actions, plans or items; space-separated IRIs in GraphML and GEXF).",
        "tags": ["network"],
        "parameters": [_parameter(n) for n in ALLOWED["graph"]] + [_format_parameter(list(GRAPH_FORMATS))],
        "responses": {"200": {"description": "The graph.", "headers": _HEADERS, "content": {
            media: {"schema": {"type": "object"} if key == "json" else {"type": "string"}}
            for key, (media, _) in GRAPH_FORMATS.items()}}, "400": _E, "406": _E, "503": _E}}},
}
