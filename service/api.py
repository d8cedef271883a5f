"""The JSON API: plans, the actions of a plan, actors and actor search, and the shipped queries.

Answers are ``{"ok": true, "data": ...}`` (lists add ``count`` and
``truncated``); errors are the one envelope of :mod:`service.errors`. Ids
are the last part of minted IRIs (``/api/actors/ifdd`` is
``<BASE>id/actor/ifdd``). The facts are those SPARQL finds (asserted and
inferred), read by :mod:`kg.lookup` with the resource bound as an RDF term.
``/api/queries/<name>`` runs a competency query of ``queries/`` with its
parameters bound as RDF terms, never spliced into the query text.
The OpenAPI 3.1 document of every route is at ``/openapi.json``.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, jsonify, request, url_for
from werkzeug.exceptions import BadRequest, NotFound, UnsupportedMediaType

from rdflib import URIRef

from kg.describe import is_iri
from kg.errors import QueryError
from kg.query import named_queries, parse_binding

from .backend import backend
from .negotiation import best, format_parameter, query_formats

bp = Blueprint("api", __name__, url_prefix="/api")

ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_SEARCH_LIMIT = 1000
MAX_Q_CHARS = 200
RESERVED = {"format", "output", "time_limit_ms"}


def ok(data, **extra) -> Response:
    """A successful API answer."""
    return jsonify({"ok": True, **extra, "data": data})


def _in_lang(item: dict) -> dict:
    """``item`` with its ``label`` picked from its ``labels`` in the request's language (``?lang=``,
    ``Accept-Language``) by the one label rule; ``label_lang`` says which language it is in."""
    from kg.labels import pick

    from .i18n import current_lang

    if not isinstance(item.get("labels"), dict) or not item["labels"]:
        return item
    found = pick(item["labels"], current_lang())
    return {**item, "label": found.text, "label_lang": found.lang}


def _titled(action: dict) -> dict:
    """An action with its ``title`` in the request's language (``title_lang`` says which)."""
    from kg.labels import pick

    from .i18n import current_lang

    found = pick(action.get("labels") or {}, current_lang())
    return {**action, "title": found.text, "title_lang": found.lang} if found else action


def _id(value: str, kind: str) -> str:
    if not ID.match(value):
        raise NotFound(f"no {kind} with id {value!r}")
    return value


@bp.get("")
def index():
    """Where the API's parts are; a browser gets the OpenAPI document as a page (:mod:`service.api_docs`)."""
    if best([("application/json", "json"), ("text/html", "html")]) == "html":
        from .api_docs import render

        return render()
    return ok({"openapi": url_for("openapi.openapi"), "plans": url_for("api.plans"),
               "actors": url_for("api.actors"), "queries": url_for("api.queries")})


@bp.get("/plans")
def plans():
    """Every plan with labels, types, country, period, sources and number of actions."""
    b = backend()
    data = [_in_lang(p) for p in b.cached("plans", napid=b.napid)]
    return ok(data, count=len(data), truncated=False)


def _plan(plan_id: str) -> dict:
    b = backend()
    _id(plan_id, "plan")
    for p in b.cached("plans", napid=b.napid):
        if p["id"] == plan_id:
            return p
    raise NotFound(f"no plan with id {plan_id!r}; see /api/plans")


@bp.get("/plans/<plan_id>")
def plan(plan_id: str):
    """One plan."""
    return ok(_in_lang(_plan(plan_id)))


@bp.get("/plans/<plan_id>/actions")
def plan_actions(plan_id: str):
    """The actions of a plan, in notation order, with actors, SDGs, principles, instruments."""
    b = backend()
    p = _plan(plan_id)
    found = b.call("plan_actions", plan=p["iri"], max_rows=b.settings.max_result_rows, napid=b.napid)
    if found is None:
        raise NotFound(f"no plan with id {plan_id!r}")
    actions, truncated = found
    actions = [_titled(a) for a in actions]
    p = _in_lang(p)
    resp = ok(actions, plan={"id": p["id"], "iri": p["iri"], "label": p["label"]}, count=len(actions),
              truncated=truncated)
    resp.headers["X-Napkg-Truncated"] = "true" if truncated else "false"
    return resp


@bp.get("/actors")
def actors():
    """Actors, all or those matching ``q`` in any label, any language, best first (case and accents ignored).

    Answered from the build's search index (:mod:`kg.search`): an exact name or acronym first, then names
    the words cover most, the last word also as a prefix. A build without an index (read from a remote store
    this host did not build) is searched with SPARQL instead, by substring.
    """
    b = backend()
    q = request.args.get("q")
    if q is not None and len(q) > MAX_Q_CHARS:
        raise BadRequest(f"q is longer than {MAX_Q_CHARS} characters")
    try:
        limit = int(request.args.get("limit", 100))
    except ValueError:
        raise BadRequest("limit must be a whole number") from None
    if not 1 <= limit <= MAX_SEARCH_LIMIT:
        raise BadRequest(f"limit must be between 1 and {MAX_SEARCH_LIMIT}")
    from kg.search import IndexMissing

    from .search import actor_matches

    try:
        found, more = actor_matches(q, limit)
    except IndexMissing:
        found, more = b.call("search_actors", q=q, limit=limit, napid=b.napid)
    return ok(found, count=len(found), truncated=more, q=q)


@bp.get("/actors/<actor_id>")
def actor(actor_id: str):
    """One actor: labels, alternative labels, types, country, parent body, plans, actions, evidence."""
    b = backend()
    found = b.call("actor", iri=b.napid + "actor/" + _id(actor_id, "actor"), napid=b.napid)
    if found is None:
        raise NotFound(f"no actor with id {actor_id!r}; search with /api/actors?q=")
    return ok(_in_lang(found))


@bp.get("/queries")
def queries():
    """The shipped competency queries, with their parameters."""
    data = [{"name": q.name, "title": q.title, "answers": q.answers, "params": q.params,
             "url": url_for("api.run_query", name=q.name), "sparql": q.text} for q in named_queries().values()]
    return ok(data, count=len(data), truncated=False)


@bp.get("/queries/<name>")
def run_query(name: str):
    """Run a shipped query; its parameters (``?plan=napid:plan/...``) are bound as RDF terms.

    Where the query expects an IRI (its header says "IRI of the actor"), a bare id (``spf-justice``), a
    prefixed name or a full IRI, and one the graph does not know, is a 400 naming the parameter; elsewhere a
    value in ``<...>``, ``http(s)://...`` or ``prefix:name`` is an IRI, anything else a literal. The answer is SPARQL results (JSON unless ``Accept`` or ``format`` asks otherwise).
    """
    shipped = named_queries()
    if name not in shipped:
        raise NotFound(f"no query named {name!r}; see /api/queries")
    q = shipped[name]
    bindings, present = {}, {}
    for key in request.args:
        if key in RESERVED:
            continue
        if key not in q.params:
            known = ", ".join(q.params) or "none"
            raise BadRequest(f"query {name} has no parameter {key!r} (its parameters: {known})")
        values = request.args.getlist(key)
        if len(values) > 1:
            raise BadRequest(f"parameter {key!r} is given {len(values)} times")
        try:  # where the query expects an IRI: a bare id, a prefixed name or a full IRI, else 400
            var, term = parse_binding(f"{key}={values[0]}", expects=q.expects.get(key))
        except QueryError as e:
            raise BadRequest(str(e)) from None
        if isinstance(term, URIRef) and not is_iri(str(term)):
            raise BadRequest(f"parameter {key!r}: {str(term)!r} is not an absolute IRI")
        bindings[var] = term
        if isinstance(term, URIRef) and q.expects.get(key) is not None:
            present[var] = str(term)
    formats = {k: (None if v == "html" else v) for k, v in query_formats(format_parameter()).items()}
    if formats["results"] is None and formats["graph"] is None:
        formats = {"results": "json", "graph": "jsonld"}
    b = backend()
    answer = b.call("sparql", time_limit_ms=b.time_limit_ms(request.args.get("time_limit_ms")), query=q.text,
                    formats=formats, max_rows=b.settings.max_result_rows, bindings=bindings, present=present)
    resp = Response(answer.body, mimetype=answer.media_type)
    resp.headers["X-Napkg-Truncated"] = "true" if answer.truncated else "false"
    resp.headers["Vary"] = "Accept"
    return resp


RDF_INPUTS = {"text/turtle": "turtle", "application/x-turtle": "turtle", "application/n-triples": "nt",
              "application/ld+json": "json-ld", "application/rdf+xml": "xml", "application/trig": "trig",
              "application/n-quads": "nquads"}


@bp.post("/validate")
def validate():
    """Check RDF (the request body) against napkg's shapes, as ``napkg validate FILE`` does.

    Nothing is fetched or read while parsing: JSON-LD with a remote ``@context`` and RDF/XML with a DTD are
    refused (400). The body is capped at ``max_request_body_bytes`` (413).
    """
    fmt = RDF_INPUTS.get(request.mimetype)
    if fmt is None:
        raise UnsupportedMediaType(f"send RDF as one of: {', '.join(RDF_INPUTS)}")
    data = request.get_data(cache=False)
    if not data.strip():
        raise BadRequest("the request body is empty")
    b = backend()
    report = b.call("validate_rdf", time_limit_ms=b.time_limit_ms(request.args.get("time_limit_ms")), data=data,
                    fmt=fmt)
    return ok(report)


def _ok_schema(data_schema: dict, listing: bool = False) -> dict:
    props = {"ok": {"const": True}, "data": data_schema}
    if listing:
        props.update({"count": {"type": "integer"}, "truncated": {"type": "boolean"}})
    return {"type": "object", "required": ["ok", "data"], "properties": props}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_E = {"$ref": "#/components/responses/Error"}

OPENAPI_PATHS = {
    "/api": {"get": {"summary": "Where the API's parts are (JSON), or this API described for people (HTML)",
                     "responses": {"200": {**_json(_ok_schema({"type": "object"}), "Links, or the page."),
                                           "content": {**_json(_ok_schema({"type": "object"}), "")["content"],
                                                       "text/html": {"schema": {"type": "string"}}}}}}},
    "/api/plans": {"get": {"summary": "Every plan", "responses": {
        "200": _json(_ok_schema({"type": "array", "items": {"$ref": "#/components/schemas/Plan"}}, True), "The plans."),
        "503": _E}}},
    "/api/plans/{plan_id}": {"get": {
        "summary": "One plan", "parameters": [{"$ref": "#/components/parameters/planId"}],
        "responses": {"200": _json(_ok_schema({"$ref": "#/components/schemas/Plan"}), "The plan."),
                      "404": _E, "503": _E}}},
    "/api/plans/{plan_id}/actions": {"get": {
        "summary": "The actions of a plan", "parameters": [{"$ref": "#/components/parameters/planId"}],
        "responses": {"200": _json(_ok_schema({"type": "array", "items": {"$ref": "#/components/schemas/Action"}}, True),
                                   "The actions, in notation order."),
                      "404": _E, "503": _E}}},
    "/api/actors": {"get": {
        "summary": "Actors, or actors whose label contains q (case and accents ignored)",
        "parameters": [
            {"name": "q", "in": "query", "required": False, "schema": {"type": "string", "maxLength": MAX_Q_CHARS},
             "description": "Text to find in any label (prefLabel, altLabel, rdfs:label), any language."},
            {"name": "limit", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_SEARCH_LIMIT, "default": 100}}],
        "responses": {"200": _json(_ok_schema({"type": "array", "items": {"$ref": "#/components/schemas/ActorMatch"}}, True),
                                   "Matches, best first."),
                      "400": _E, "503": _E}}},
    "/api/actors/{actor_id}": {"get": {
        "summary": "One actor", "parameters": [{"name": "actor_id", "in": "path", "required": True,
                                                "schema": {"type": "string"}, "example": "ifdd"}],
        "responses": {"200": _json(_ok_schema({"$ref": "#/components/schemas/Actor"}), "The actor."),
                      "404": _E, "503": _E}}},
    "/api/validate": {"post": {
        "summary": "Check RDF against napkg's SHACL shapes",
        "description": "The body is RDF; remote JSON-LD contexts and RDF/XML DTDs are refused, nothing is fetched.",
        "parameters": [{"$ref": "#/components/parameters/timeLimitMs"}],
        "requestBody": {"required": True, "content": {m: {"schema": {"type": "string"}} for m in RDF_INPUTS}},
        "responses": {"200": _json(_ok_schema({"type": "object", "properties": {
            "conforms": {"type": "boolean"}, "triples": {"type": "integer"}, "violations": {"type": "integer"},
            "warnings": {"type": "integer"}, "results": {"type": "array", "items": {"type": "object"}}}}),
            "The validation report."), "400": _E, "413": _E, "415": _E, "503": _E}}},
    "/api/queries": {"get": {"summary": "The shipped competency queries", "responses": {
        "200": _json(_ok_schema({"type": "array", "items": {"type": "object"}}, True), "The queries.")}}},
    "/api/queries/{name}": {"get": {
        "summary": "Run a shipped query with its parameters bound as RDF terms",
        "description": "Any other query parameter names a parameter of the query (see /api/queries): a value in "
                       "<...>, http(s)://... or prefix:name is an IRI, else a literal.",
        "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"},
                        "example": "01-actions-of-plan"},
                       {"$ref": "#/components/parameters/format"}, {"$ref": "#/components/parameters/timeLimitMs"}],
        "responses": {"200": {"$ref": "#/components/responses/SparqlAnswer"}, "400": _E, "404": _E, "406": _E,
                      "503": _E}}},
}
