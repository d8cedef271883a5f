"""The napkg web service: a thin HTTP layer over the ``kg`` library.

``create_app(settings)`` builds a Flask app in the flaskr manner: settings
passed in (else read from ``NAPKG_*`` environment variables), one blueprint
per surface, the store reached only through :mod:`service.backend` (a pool
of query worker processes with read-only handles on the current build).

==================  ============================================================
blueprint           surface
==================  ============================================================
``sparql``          ``/sparql``: SPARQL 1.1 Protocol, service description, editor
``linked_data``     ``/id/...``, ``/ontology``, ``/shapes``, ``/graph/...``, ``/resource``
``pages``           ``/``: the home page
``api``             ``/api/...``: JSON API
``dumps``           ``/dumps/``, ``/.well-known/void``
``network``         ``/network/...``: network analyses
``openapi``         ``/openapi.json``
``search``          ``/search``, ``/api/search``: full-text search (:mod:`kg.search`)
``plan_pages``      ``/plan/<id>``: a plan's actions in order, with bodies, SDGs, progress
``body_pages``      ``/body/<id>``: a body's plans and actions by role, partners, ranks
``topic_pages``     ``/sdg/<n>``, ``/instrument/<id>`` (UNGP pillars and principles too)
==================  ============================================================

Run it with ``napkg serve`` (waitress). Request bodies are capped at
``max_request_body_bytes`` (413), every query at ``query_time_limit_ms`` and
``max_result_rows``.
"""

from __future__ import annotations

from flask import Flask

from kg.settings import Settings


def create_app(settings: Settings | None = None) -> Flask:
    """The app for ``settings`` (default: from the environment). The query workers start on first use."""
    settings = settings if settings is not None else Settings.from_env()
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=settings.max_request_body_bytes, MAX_FORM_MEMORY_SIZE=settings.max_request_body_bytes,
                      JSON_SORT_KEYS=False)
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    from . import backend, editor, errors, headers, i18n, links

    backend.init_app(app, settings)
    errors.init_app(app)
    headers.init_app(app)
    links.init_app(app)
    editor.init_app(app)
    i18n.init_app(app)

    from . import api, body_pages, dumps, linked_data, network, openapi, pages, plan_pages, search, sparql, topic_pages

    for module in (pages, sparql, linked_data, api, dumps, network, openapi, search, plan_pages, body_pages,
                   topic_pages):
        app.register_blueprint(module.bp)
    return app


__all__ = ["create_app"]
