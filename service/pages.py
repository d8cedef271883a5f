"""Pages for people: the home page (what the dataset holds, example queries, where to go next).

Plain server-rendered HTML, no JavaScript: the counts and plans come from the
current build (memoised until the next build), the example queries are the
competency queries of ``queries/``, each a one-click link into the editor.
"""

from __future__ import annotations

from flask import Blueprint, url_for

from kg.query import named_queries

from .backend import backend
from .headers import page

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    """What the dataset holds, the competency questions as example queries, links to data and docs."""
    b = backend()
    stats = b.cached("stats")
    plans = b.cached("plans", napid=b.napid)
    examples = [{"name": q.name, "title": q.title, "answers": q.answers,
                 "url": url_for("sparql.endpoint", query=q.text)} for q in named_queries().values()]
    manifest = b.manifest()
    return page("home.html", stats=stats, plans=plans, examples=examples, manifest=manifest, dumps=b.dumps())


OPENAPI_PATHS = {
    "/": {"get": {"summary": "Home page (HTML): what the dataset holds, example queries, links",
                  "responses": {"200": {"description": "The home page.",
                                        "content": {"text/html": {"schema": {"type": "string"}}}},
                                "503": {"$ref": "#/components/responses/Error"}}}},
}
