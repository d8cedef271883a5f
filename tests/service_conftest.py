"""Fixtures of the service tests (``tests/test_service_*.py``), which import the ones they use by name.

The tests need a built store: the session's real build (``built`` from
``conftest.py``). If ``data/`` stops building, they fail with the build's
error (never a quiet fallback to other data). They look their sample IRIs up
(:func:`samples`) rather than assume them. Tests that need known content use
``known``, a client over the small fixture in ``tests/service_fixtures/data``
(ingested by ``kg.ingest`` and reasoned by ``kg.reason``, not SHACL-validated).

Each importing module holds its own copy of a fixture, so the session-wide
ones memoise their value here: the store is built, each app's worker pool and
the real server started, once per session, and closed at its end. (Not
``pytest_plugins``: ``--doctest-modules`` imports this module before a test
module could register it, and pytest then refuses to rewrite it.)
"""

from __future__ import annotations

import pytest

from kg.settings import Settings
from service_helpers import Server, build_fixture_store


_MEMO: dict[str, object] = {}


def _once(request, key: str, make, close=None):
    """``make()`` once per session under ``key``; ``close(value)`` at the session's end."""
    if key not in _MEMO:
        _MEMO[key] = make()
        if close is not None:
            value = _MEMO[key]
            request.session.config.add_cleanup(lambda: close(value))
    return _MEMO[key]


@pytest.fixture(scope="session")
def service_settings(built) -> Settings:
    """Settings of the real build (a data error fails the tests that need it, with the build's message)."""
    return built


@pytest.fixture(scope="session")
def fixture_settings(request, tmp_path_factory) -> Settings:
    """Settings of the fixture store, for tests that need known content."""
    return _once(request, "fixture", lambda: build_fixture_store(tmp_path_factory.mktemp("service-known")))


def _app(request, key: str, settings: Settings):
    from service import create_app

    return _once(request, key, lambda: create_app(settings), lambda app: app.extensions["napkg"].close())


@pytest.fixture(scope="session")
def app(request, service_settings):
    """The app over the session's store."""
    return _app(request, "app", service_settings)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def known_app(request, fixture_settings):
    return _app(request, "known_app", fixture_settings)


@pytest.fixture
def known(known_app):
    """A test client over the fixture store (known actors, labels, counts)."""
    return known_app.test_client()


@pytest.fixture(scope="session")
def server(request, service_settings):
    """A real ``napkg serve`` (waitress) over the session's store."""
    return _once(request, "server", lambda: Server(service_settings), lambda srv: srv.stop())


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
def samples(request, service_settings) -> dict:
    """IRIs and texts looked up in the session's store, so tests do not assume the data."""
    return _once(request, "samples", lambda: _samples(service_settings))


def _samples(service_settings) -> dict:
    from kg.build import open_current

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

def remote_env(settings: Settings) -> dict:
    """Environment that makes ``napkg serve`` read ``settings``' remote store (reads only: no write account)."""
    return {"NAPKG_STORE_BACKEND": "sparql", "NAPKG_SPARQL_QUERY_URL": settings.sparql_query_url}


@pytest.fixture(scope="session")
def remote_server(request, built_remote):
    """A real ``napkg serve`` over the session's build published to Virtuoso."""
    return _once(request, "remote_server", lambda: Server(built_remote, **remote_env(built_remote)),
                 lambda srv: srv.stop())
