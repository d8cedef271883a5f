"""Every error the service answers with, built by one helper, in one JSON envelope.

An error body is always ``{"ok": false, "error": {"status", "title", "detail"}}``
(:func:`error_body`). A browser (``Accept`` preferring ``text/html``, outside
``/api``) gets the same three facts as an HTML page. A library error carries
its own status and title (``status`` and ``title`` on its class,
:mod:`kg.errors`); the one handler here reads them:

======================================  ======  ===========================
error                                   status  when
======================================  ======  ===========================
QueryError, UnsafeInput, NetworkError   400     syntax, update, SERVICE, LOAD, foreign FROM, bad parameter
DataError, ValidationFailed             400     bad data sent by the client
NoAcceptableFormat                      406     the Accept header rules out every format
QueryTimeout                            503     past the time limit, or every worker busy
StoreError                              503     no graph built yet, store unreadable
WorkerFailed, anything unexpected       500     logged with its traceback; the body says only that it failed
======================================  ======  ===========================

A traceback never reaches a client.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from kg.errors import NapkgError, QueryError, QueryTimeout, StoreError, UnsafeInput

from .headers import page

TITLES = {
    400: "Bad request", 403: "Forbidden", 404: "Not found", 405: "Method not allowed", 406: "Not acceptable",
    413: "Request too large", 415: "Unsupported media type", 500: "Internal error", 503: "Service unavailable",
}


def error_body(status: int, title: str, detail: str) -> dict:
    """The one error envelope."""
    return {"ok": False, "error": {"status": status, "title": title, "detail": detail}}


def wants_html() -> bool:
    """Whether the client is a browser asking for a page (never under /api)."""
    if request.path.startswith("/api") or request.path == "/openapi.json":
        return False
    accept = request.accept_mimetypes
    return bool(accept) and accept.best_match(["application/json", "text/html"]) == "text/html" \
        and accept["text/html"] > accept["application/json"]


def error_response(status: int, detail: str, *, title: str | None = None, headers: dict | None = None) -> Response:
    """An error response: the JSON envelope, or an HTML page for a browser."""
    title = title or TITLES.get(status, "Error")
    if wants_html():
        resp = page("error.html", status=status, title=title, detail=detail)
    else:
        resp = jsonify(error_body(status, title, detail))
        resp.status_code = status
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def status_of(e: NapkgError) -> tuple[int, str]:
    """Status and title of a library error: what its class says.

    >>> from kg.network.exceptions import EmptyProjection
    >>> status_of(EmptyProjection("no nodes")), status_of(QueryTimeout("slow"))
    ((400, 'Bad request'), (503, 'Query time limit reached'))
    """
    return e.status, e.title


def _napkg_error(e: NapkgError):
    status, title = status_of(e)
    if status == 500:
        current_app.logger.error("request %s %s failed: %s", request.method, request.path, e)
        return error_response(500, "the request failed inside the service; it has been logged", title=title)
    if isinstance(e, StoreError):
        current_app.logger.error("store unavailable: %s", e)
        return error_response(503, "the graph is not available right now (not built yet, or being rebuilt)",
                              title=title, headers={"Retry-After": "30"})
    headers = {"Retry-After": "5"} if status == 503 else None
    return error_response(status, str(e), title=title, headers=headers)


def _http_error(e: HTTPException):
    headers = {k: v for k, v in e.get_headers() if k.lower() not in ("content-type", "content-length")}
    return error_response(e.code or 500, e.description or TITLES.get(e.code or 500, "Error"),
                          title=TITLES.get(e.code or 500, e.name), headers=headers)


def _unexpected(e: Exception):
    if isinstance(e, HTTPException):
        return _http_error(e)
    current_app.logger.exception("unexpected error on %s %s", request.method, request.path)
    return error_response(500, "the request failed inside the service; it has been logged")


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(NapkgError, _napkg_error)
    app.register_error_handler(Exception, _unexpected)


__all__ = ["error_body", "error_response", "init_app", "wants_html", "status_of", "QueryError", "QueryTimeout",
           "StoreError", "UnsafeInput"]
