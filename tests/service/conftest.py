"""Fixtures of the service tests (everything under ``tests/service/``).

The tests need a built store: the session's real build (``built`` from
``tests/conftest.py``). If ``data/`` stops building, they fail with the build's
error (never a quiet fallback to other data). They look their sample IRIs up
(:func:`samples`) rather than assume them. Tests that need known content use
``known``, a client over the small fixture store (``fixture_settings``, also
from ``tests/conftest.py``: the search tests read it too).

Every app, its worker pool and each real server are session-scoped: started
once, closed at the session's end.
"""

from __future__ import annotations

import pytest

from kg.settings import Settings
from service_helpers import Server, remote_env


@pytest.fixture(scope="session")
def service_settings(built) -> Settings:
    """Settings of the real build (a data error fails the tests that need it, with the build's message)."""
    return built


def _app_over(settings: Settings):
    """The app over ``settings``' store, its worker pool closed when the session ends."""
    from service import create_app

    app = create_app(settings)
    yield app
    app.extensions["napkg"].close()


@pytest.fixture(scope="session")
def app(service_settings):
    """The app over the session's store."""
    yield from _app_over(service_settings)


@pytest.fixture(scope="session")
def known_app(fixture_settings):
    """The app over the fixture store (known actors, labels, counts)."""
    yield from _app_over(fixture_settings)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def known(known_app):
    """A test client over the fixture store."""
    return known_app.test_client()


@pytest.fixture(scope="session")
def server(service_settings):
    """A real ``napkg serve`` (waitress) over the session's store."""
    srv = Server(service_settings)
    yield srv
    srv.stop()


# ---------------------------------------------------------------- sample IRIs of whatever store the tests get

SAMPLES = """
PREFIX nap: <https://w3id.org/napkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?plan ?action ?actor ?quote ?evidence WHERE {
  ?action nap:partOfPlan ?plan ; nap:responsibleActor ?actor ; nap:evidence ?evidence .
  ?evidence nap:quote ?quote .
  ?actor skos:prefLabel ?label .
  FILTER(STRSTARTS(STR(?plan), "https://w3id.org/napkg/id/plan/") && STRSTARTS(STR(?actor), "https://w3id.org/napkg/id/actor/"))
} ORDER BY ?action LIMIT 1
"""

ACCENTED = """
PREFIX nap: <https://w3id.org/napkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?actor ?label WHERE {
  ?actor a nap:Actor ; skos:prefLabel|skos:altLabel ?label .
  FILTER(REGEX(?label, "[éèêàçôÉ]"))
} ORDER BY ?actor LIMIT 1
"""


@pytest.fixture(scope="session")
def samples(service_settings) -> dict:
    """IRIs and texts looked up in the session's store, so tests do not assume the data."""
    from kg.builds import open_current

    with open_current(service_settings) as store:
        row = store.query(SAMPLES).dicts()[0]
        acc = store.query(ACCENTED).dicts()
        graphs = [str(g) for g in store.graph_names()]
    napid = "https://w3id.org/napkg/id/"
    return {
        "plan_iri": str(row["plan"]), "plan_id": str(row["plan"])[len(napid) + 5:],
        "action_iri": str(row["action"]), "action_path": str(row["action"])[len(napid):],
        "actor_iri": str(row["actor"]), "actor_id": str(row["actor"])[len(napid) + 6:],
        "quote": str(row["quote"]), "evidence_iri": str(row["evidence"]), "graphs": graphs,
        "accented_actor": str(acc[0]["actor"]) if acc else None,
        "accented_label": str(acc[0]["label"]) if acc else None,
    }


# ---------------------------------------------------------------- the service in front of a remote store (Virtuoso)

@pytest.fixture(scope="session")
def remote_server(built_remote):
    """A real ``napkg serve`` over the session's build published to the shared Virtuoso."""
    srv = Server(built_remote, **remote_env(built_remote))
    yield srv
    srv.stop()


@pytest.fixture
def page(browser):
    """A fresh browser page with JavaScript on; the console's errors gathered in ``page.console_errors``."""
    context = browser.new_context(java_script_enabled=True)
    pg = context.new_page()
    pg.console_errors = []
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    yield pg
    context.close()
