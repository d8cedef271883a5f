"""Headers every response carries: CORS for browser clients, and safety headers for pages.

The data is public and the service read-only, so any origin may read it
(``Access-Control-Allow-Origin: *``, no credentials); preflight requests
(``OPTIONS``) are answered for GET and POST with the headers SPARQL clients
send. Pages rendered here carry a Content-Security-Policy that runs only the
service's own script files (``/static/...``; no inline script, no other host):
pages work without JavaScript, and an injected ``<script>`` would not run.
"""

from __future__ import annotations

from flask import Flask, Response, render_template

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type, Accept-Language",
    "Access-Control-Expose-Headers": "X-Napkg-Truncated, X-Napkg-Time-Limit-Ms, Content-Disposition, ETag",
    "Access-Control-Max-Age": "86400",
}
PAGE_POLICY = ("default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; "
               "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def page(template: str, status: int = 200, **context) -> Response:
    """A server-rendered page (autoescaped Jinja) with the own-scripts-only policy."""
    resp = Response(render_template(template, **context), status=status, mimetype="text/html")
    resp.headers["Content-Security-Policy"] = PAGE_POLICY
    resp.headers["Vary"] = "Accept"
    return resp


def _add_headers(resp: Response) -> Response:
    for k, v in CORS.items():
        resp.headers.setdefault(k, v)
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    return resp


def init_app(app: Flask) -> None:
    app.after_request(_add_headers)
