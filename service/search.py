"""``/search`` (a page) and ``/api/search`` (JSON or CSV): the full-text index of the current build.

The index is a tantivy index in the build folder (:mod:`kg.search`), read in
the web process (opened once per build, searched by any thread): a search
takes milliseconds and reads a bounded number of documents, so it does not
go through the query workers. A build without an index (one read from a
remote store that this host did not build) answers 503 saying how to write
one.
"""

from __future__ import annotations

import contextlib
from urllib.parse import urlencode

from flask import Blueprint, Response, request, url_for
from werkzeug.exceptions import BadRequest

from kg.lookup import id_of
from kg.search import IndexMissing, SearchError, index_path
from kg.search import search as run
from kg.search.documents import FACETS
from kg.search.filters import expand, parse
from kg.search.query import MAX_OFFSET, MAX_PER_PAGE, connect

from .backend import backend
from .errors import error_response
from .headers import page
from .i18n import current_lang

bp = Blueprint("search", __name__)

MAX_Q_CHARS = 200
FACET_TITLES = {"kind": "Kind", "plan": "Plan", "country": "Country", "source": "Source", "sdg": "SDG goal",
                "pillar": "UNGP pillar"}
KIND_TITLES = {"plan": "plan", "action": "action", "update": "progress update", "body": "body",
               "instrument": "instrument", "group": "group of actions", "source": "source document", "sdg": "SDG"}


@contextlib.contextmanager
def index_connection():
    """The current build's index (opened once per process and build; a search cannot be interrupted, but each
    is bounded: at most :data:`kg.search.query.RERANK` documents read, facet counts by the engine)."""
    b = backend()
    b.time_limit_ms(request.args.get("time_limit_ms"))  # refuse a bad value as every route does
    yield connect(index_path(b.build()))


@bp.errorhandler(IndexMissing)
def _no_index(e: IndexMissing):
    return error_response(503, str(e), title="No search index", headers={"Retry-After": "60"})


@bp.errorhandler(SearchError)
def _bad_search(e: SearchError):
    return error_response(400, str(e))


def _params() -> tuple[str, dict[str, list[str]], int, int]:
    q = request.args.get("q", "")
    if len(q) > MAX_Q_CHARS:
        raise BadRequest(f"q is longer than {MAX_Q_CHARS} characters")
    napid = backend().napid
    filters = parse(((f, v) for f in FACETS for v in request.args.getlist(f)), napid)
    try:
        limit = int(request.args.get("limit", 20))
        offset = int(request.args.get("offset", 0))
    except ValueError:
        raise BadRequest("limit and offset must be whole numbers") from None
    if not 1 <= limit <= MAX_PER_PAGE:
        raise BadRequest(f"limit must be between 1 and {MAX_PER_PAGE}")
    if not 0 <= offset <= MAX_OFFSET:
        raise BadRequest(f"offset must be between 0 and {MAX_OFFSET}")
    return q, filters, limit, offset


@bp.get("/search", endpoint="page")
def search_page():
    """The search page: a form, ranked matches with highlighted snippets, facets with counts, pages."""
    q, filters, limit, offset = _params()
    res = None
    if q.strip():
        with index_connection() as con:
            res = run(con, q, filters=filters, offset=offset, limit=limit, lang=current_lang())
    base = [(k, v) for k, v in request.args.items(multi=True) if k != "offset"]
    napid = backend().napid

    def toggle(facet: str, value: str) -> str:
        """This search with the filter ``facet=value`` added, or removed if it is on."""
        on = [(k, v) for k, v in base if k == facet and expand(facet, v, napid) == value]
        args = [a for a in base if a not in on] if on else base + [(facet, value)]
        return url_for("search.page") + "?" + urlencode(args)

    def page_link(new_offset: int) -> str:
        return url_for("search.page") + "?" + urlencode(base + [("offset", str(max(0, new_offset)))])

    return page("search.html", q=q, res=res, filters=filters, toggle=toggle, page_link=page_link,
                facet_titles=FACET_TITLES, kind_titles=KIND_TITLES, max_q=MAX_Q_CHARS,
                csv_url=url_for("search.api") + "?" + urlencode(base + [("format", "csv")]),
                json_url=url_for("search.api") + "?" + urlencode(base))


@bp.get("/api/search", endpoint="api")
def search_api():
    """Matches as JSON (``{"ok", "q", "total", "offset", "limit", "facets", "data"}``) or, with ``format=csv``,
    one CSV row per match (kind, label, snippet with [matched] words, IRI)."""
    q, filters, limit, offset = _params()
    fmt = request.args.get("format", "json")
    if fmt not in ("json", "csv"):
        raise BadRequest("format must be json or csv")
    with index_connection() as con:
        res = run(con, q, filters=filters, offset=offset, limit=limit, lang=current_lang())
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(["kind", "label", "label_lang", "snippet", "iri"])
        for h in res.hits:
            d = h.as_dict()
            w.writerow([h.kind, h.label or "", h.label_lang, d["snippet"], h.iri])
        resp = Response(buf.getvalue(), mimetype="text/csv")
        resp.headers["Content-Disposition"] = 'attachment; filename="search.csv"'
        return resp
    d = res.as_dict()
    from flask import jsonify

    return jsonify({"ok": True, "q": q, "lang": current_lang(), "total": d["total"], "offset": offset,
                    "limit": limit, "count": len(d["hits"]), "truncated": offset + len(d["hits"]) < d["total"],
                    "facets": d["facets"], "data": d["hits"]})


ROLE_PROPERTY = {"pref": "skos:prefLabel", "alt": "skos:altLabel", "acronym": "skos:altLabel",
                 "notation": "skos:notation"}


def actor_matches(q: str | None, limit: int) -> tuple[list[dict], bool]:
    """Bodies matching ``q`` (all of them, by label, without one) as ``/api/actors`` lists them, and whether more
    were found than ``limit``."""
    from kg.search import list_kind

    napid = backend().napid
    with index_connection() as con:
        if q is None or not q.strip():
            hits, total = list_kind(con, "body", limit=limit, lang=current_lang())
        else:
            res = run(con, q, filters={"kind": ["body"]}, limit=min(limit, MAX_PER_PAGE), lang=current_lang(),
                      facets=False, prefix=True)
            hits, total = res.hits, res.total
    out = []
    for h in hits[:limit]:
        match = None
        if q and h.match:
            match = {"label": h.match["label"], "lang": h.match["lang"], "property": ROLE_PROPERTY[h.match["role"]]}
        out.append({"iri": h.iri, "id": id_of(h.iri, "actor", napid),
                    "label": h.label, "match": match})
    return out, total > len(out)


OPENAPI_PATHS = {
    "/search": {"get": {
        "summary": "The search page (HTML): matches with highlighted snippets, facets with counts, pages",
        "parameters": [{"name": "q", "in": "query", "required": False,
                        "schema": {"type": "string", "maxLength": MAX_Q_CHARS}},
                       {"name": "lang", "in": "query", "required": False, "schema": {"enum": ["en", "fr", "nl"]}}],
        "responses": {"200": {"description": "The page.", "content": {"text/html": {"schema": {"type": "string"}}}},
                      "400": {"$ref": "#/components/responses/Error"},
                      "503": {"$ref": "#/components/responses/Error"}}}},
    "/api/search": {"get": {
        "summary": "Full-text search over labels (every language), action titles, progress texts and quotes",
        "description": "Accents and case are ignored; words match by French or English stem; every word must "
                       "match. Best first: an exact label or acronym, then label coverage, then BM25.",
        "parameters": [
            {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "maxLength": MAX_Q_CHARS}},
            *[{"name": f, "in": "query", "required": False, "schema": {"type": "array", "items": {"type": "string"}},
               "style": "form", "explode": True, "description": f"Filter by {FACET_TITLES[f].lower()} (id or IRI)."}
              for f in FACETS],
            {"name": "limit", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20}},
            {"name": "offset", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0}},
            {"name": "lang", "in": "query", "required": False, "schema": {"enum": ["en", "fr", "nl"]}},
            {"name": "format", "in": "query", "required": False, "schema": {"enum": ["json", "csv"]}}],
        "responses": {"200": {"description": "Matches, best first, with facet counts.",
                              "content": {"application/json": {"schema": {"type": "object"}},
                                          "text/csv": {"schema": {"type": "string"}}}},
                      "400": {"$ref": "#/components/responses/Error"},
                      "503": {"$ref": "#/components/responses/Error"}}}},
}
