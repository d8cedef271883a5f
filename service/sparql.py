"""``/sparql``: the SPARQL 1.1 Protocol, read-only, with a query editor for people.

=========================================  ==========================================================
request                                    answer
=========================================  ==========================================================
GET ``?query=``                            the answer, negotiated (``Accept`` or ``format=``)
POST ``application/x-www-form-urlencoded`` the same, the parameters in the body
POST ``application/sparql-query``          the same, the query as the body, other parameters in the URL
GET, no query, RDF ``Accept`` or ``*/*``   the SPARQL 1.1 Service Description
GET, no query, ``text/html``               the query editor
``update=``, ``application/sparql-update`` 400: the endpoint is read-only
two ``query`` parameters, empty query      400
another content type                       415
PUT, DELETE, PATCH ...                     405 (``Allow: GET, HEAD, POST, OPTIONS``)
=========================================  ==========================================================

Parameters: ``query``, ``default-graph-uri`` and ``named-graph-uri``
(repeatable), ``format`` (or ``output``) as a
fallback for ``Accept``, and ``time_limit_ms`` to lower the time limit. Every
answer says whether the row cap cut it (``X-Napkg-Truncated: true|false``).
napkg's prefixes (``nap:``, ``napid:``, ``skos:`` ...) are pre-declared.

A graph named (by the protocol's parameters or by ``FROM`` / ``FROM NAMED``)
that the store does not hold is an empty graph, as in every common store: it
is never fetched nor read, and the answer lists it in
``X-Napkg-Unknown-Graphs: <iri> <iri>`` (and the editor shows a note), so that
a typo is visible without breaking a client.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from flask import Blueprint, Response, request, url_for
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnsupportedMediaType

from kg.errors import QueryError, QueryTimeout, UnsafeInput
from kg.namespaces import BASE, PREFIXES
from kg.query import named_queries
from kg.result_formats import FORMATS
from kg.sparql_description import service_description

from .backend import backend
from .errors import status_of
from .headers import page
from .negotiation import DESCRIPTION_OFFERS, format_parameter, query_formats, rdf_format

bp = Blueprint("sparql", __name__)

_IRI_SAFE = "!#$%&'()*+,/:;=?@[]~-._"  # an IRI's reserved and unreserved ASCII kept; the rest percent-encoded

READ_ONLY = ("SPARQL Update is refused: this endpoint is read-only; send a SELECT, ASK, CONSTRUCT or DESCRIBE "
             "query as 'query'")
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
STARTER = PROLOGUE + "\nSELECT ?plan ?label WHERE {\n  ?plan a nap:ActionPlan ; skos:prefLabel ?label .\n} LIMIT 25\n"


@dataclass
class ProtocolRequest:
    """A SPARQL protocol request, read and checked."""

    query: str | None
    default_graphs: list[str] | None
    named_graphs: list[str] | None
    params: dict


def _graph_params(values) -> tuple[list[str] | None, list[str] | None]:
    d = [v.strip() for v in values.getlist("default-graph-uri")]
    n = [v.strip() for v in values.getlist("named-graph-uri")]
    return (d or None), (n or None)


def read_request() -> ProtocolRequest:
    """Read the query and dataset from GET parameters, a form body, or a ``application/sparql-query`` body."""
    args = request.args
    if request.method == "GET":
        if "update" in args:
            raise BadRequest(READ_ONLY)
        queries = args.getlist("query")
        values = args
    else:
        ctype = request.mimetype
        if ctype == "application/x-www-form-urlencoded":
            form = request.form
            if "update" in form or "update" in args:
                raise BadRequest(READ_ONLY)
            queries = args.getlist("query") + form.getlist("query")
            values = request.values
        elif ctype == "application/sparql-query":
            if "query" in args:
                raise BadRequest("the query is given twice: in the body and as a 'query' URL parameter")
            charset = request.mimetype_params.get("charset", "utf-8")
            if charset.lower().replace("-", "") != "utf8":  # the protocol: a direct POST body is UTF-8
                raise UnsupportedMediaType(f"a query sent as application/sparql-query must be UTF-8, not {charset!r}")
            try:
                queries = [request.get_data(cache=True).decode("utf-8")]
            except UnicodeDecodeError:
                raise BadRequest("the query body is not valid UTF-8") from None
            values = args
        elif ctype == "application/sparql-update":
            raise BadRequest(READ_ONLY)
        else:
            raise UnsupportedMediaType(
                f"cannot read a {ctype or 'body without a content type'}: POST a query as "
                "application/x-www-form-urlencoded (query=...) or as application/sparql-query")
    if len(queries) > 1:
        raise BadRequest(f"exactly one 'query' parameter is allowed; this request has {len(queries)}")
    query = queries[0] if queries else None
    if query is not None:
        limit = backend().settings.max_request_body_bytes
        if len(query.encode("utf-8")) > limit:
            raise RequestEntityTooLarge(f"the query is longer than {limit} bytes")
        if not query.strip():
            raise BadRequest("the 'query' parameter is empty")
    default, named = _graph_params(values)
    return ProtocolRequest(query, default, named, values)


def _examples() -> list[dict]:
    return [{"name": q.name, "title": q.title, "answers": q.answers, "params": q.params, "text": q.text,
             "url": url_for("sparql.endpoint", query=q.text)} for q in named_queries().values()]


def _editor(query: str | None = None, *, status: int = 200, error: dict | None = None, answer=None,
            time_limit: int | None = None) -> Response:
    settings = backend().settings
    resp = page("sparql.html", status=status, query=query or STARTER, examples=_examples(), error=error,
                answer=answer, max_rows=settings.max_result_rows,
                time_limit_ms=time_limit or settings.query_time_limit_ms, prefixes=PREFIXES)
    if answer is not None:
        resp.headers["X-Napkg-Truncated"] = "true" if answer.truncated else "false"
        _unknown_graphs_header(resp, answer)
    return resp


def _unknown_graphs_header(resp: Response, answer) -> None:
    """``X-Napkg-Unknown-Graphs``: the graphs named that the store does not hold, as ``<iri>`` (ASCII, IRIs as URIs)."""
    if answer.unknown_graphs:
        resp.headers["X-Napkg-Unknown-Graphs"] = " ".join(
            f"<{quote(g, safe=_IRI_SAFE)}>" for g in answer.unknown_graphs)


def _service_description(fmt: str) -> Response:
    b = backend()
    g = service_description(url_for("sparql.endpoint", _external=True), graphs=b.graphs(),
                            dataset_iri=BASE + "dataset")
    return _rdf_response(g, fmt)


def _rdf_response(g, fmt: str) -> Response:
    """An rdflib graph written as ``fmt`` (small documents built here: service description, VoID)."""
    names = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
    body = g.serialize(format=names[fmt], encoding="utf-8")
    resp = Response(body, mimetype=FORMATS[fmt].media_type)
    resp.headers["Vary"] = "Accept"
    return resp


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    """Answer a SPARQL query, or describe the service, or show the editor."""
    req = read_request()
    b = backend()
    fmt_param = format_parameter()
    if req.query is None:
        if request.method == "POST":
            raise BadRequest("missing 'query' parameter")
        fmt = rdf_format(fmt_param, DESCRIPTION_OFFERS)
        if fmt is None:
            raise BadRequest("missing 'query' parameter (a GET without a query returns the service description "
                             "in an RDF format, or the query editor to a browser)")
        if fmt == "html":
            return _editor()
        return _service_description(fmt)

    formats = query_formats(fmt_param)
    html = "html" in formats.values()  # for an error page; the answer itself says if it is a table
    time_limit = b.time_limit_ms(req.params.get("time_limit_ms"))
    worker_formats = {k: ("table" if v == "html" else v) for k, v in formats.items()}
    try:
        answer = b.call("sparql", time_limit_ms=time_limit, query=req.query, formats=worker_formats,
                        max_rows=b.settings.max_result_rows, default_graphs=req.default_graphs,
                        named_graphs=req.named_graphs, base_iri=url_for("sparql.endpoint", _external=True))
    except (QueryError, UnsafeInput) as e:  # QueryTimeout included
        if not html:
            raise
        status, title = status_of(e)
        return _editor(req.query, status=status, error={"title": title, "detail": str(e)}, time_limit=time_limit)
    if answer.table is not None:
        return _editor(req.query, answer=answer, time_limit=time_limit)
    resp = Response(answer.body, mimetype=answer.media_type)
    resp.headers["X-Napkg-Truncated"] = "true" if answer.truncated else "false"
    resp.headers["X-Napkg-Time-Limit-Ms"] = str(time_limit)
    resp.headers["Vary"] = "Accept"
    _unknown_graphs_header(resp, answer)
    return resp


OPENAPI_PATHS = {
    "/sparql": {
        "get": {
            "summary": "SPARQL 1.1 query (GET), service description, or query editor",
            "description": "With `query`: the answer, negotiated by Accept or `format`. Without: the SPARQL 1.1 "
                           "Service Description (RDF Accept or */*) or the HTML query editor (text/html). "
                           "Read-only: updates, SERVICE and LOAD are refused (400). A graph the store does not "
                           "hold is empty, and named in the X-Napkg-Unknown-Graphs header.",
            "parameters": [
                {"$ref": "#/components/parameters/query"}, {"$ref": "#/components/parameters/defaultGraphUri"},
                {"$ref": "#/components/parameters/namedGraphUri"}, {"$ref": "#/components/parameters/format"},
                {"$ref": "#/components/parameters/timeLimitMs"},
            ],
            "responses": {"200": {"$ref": "#/components/responses/SparqlAnswer"},
                          "400": {"$ref": "#/components/responses/Error"},
                          "406": {"$ref": "#/components/responses/Error"},
                          "413": {"$ref": "#/components/responses/Error"},
                          "500": {"$ref": "#/components/responses/Error"},
                          "503": {"$ref": "#/components/responses/Error"}},
        },
        "post": {
            "summary": "SPARQL 1.1 query (POST)",
            "description": "The query as a form field (`application/x-www-form-urlencoded`) or as the body "
                           "(`application/sparql-query`, other parameters in the URL).",
            "parameters": [
                {"$ref": "#/components/parameters/defaultGraphUri"}, {"$ref": "#/components/parameters/namedGraphUri"},
                {"$ref": "#/components/parameters/format"}, {"$ref": "#/components/parameters/timeLimitMs"},
            ],
            "requestBody": {"required": True, "content": {
                "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["query"], "properties": {
                    "query": {"type": "string"}, "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                    "named-graph-uri": {"type": "array", "items": {"type": "string"}}}}},
                "application/sparql-query": {"schema": {"type": "string"}},
            }},
            "responses": {"200": {"$ref": "#/components/responses/SparqlAnswer"},
                          "400": {"$ref": "#/components/responses/Error"},
                          "406": {"$ref": "#/components/responses/Error"},
                          "413": {"$ref": "#/components/responses/Error"},
                          "415": {"$ref": "#/components/responses/Error"},
                          "500": {"$ref": "#/components/responses/Error"},
                          "503": {"$ref": "#/components/responses/Error"}},
        },
    },
}

__all__ = ["bp", "read_request", "QueryTimeout"]
