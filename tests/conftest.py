"""Shared fixtures: one real build per session, fresh settings per test, one Virtuoso, one browser launch.

The service tests' own fixtures (apps, clients, real servers) are in ``tests/service/conftest.py``.
"""

from __future__ import annotations

import os
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from helpers import DATA, SEEDS, VIRTUOSO_PASSWORD, make_settings, sparql_settings
from kg.build import build
from kg.builds import open_current
from kg.settings import Settings


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the source documents are not here ({SEEDS}); CI has them beside the checkout")
    return SEEDS


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory) -> Path:
    """A build cache shared by tests: entries are keyed by content, so sharing is safe and fast."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Settings:
    """The real data, built once into an Oxigraph store."""
    tmp = tmp_path_factory.mktemp("built")
    settings = make_settings(tmp)
    build(settings)
    return settings


@pytest.fixture(scope="session")
def store(built):
    with open_current(built) as s:
        yield s


@pytest.fixture(scope="session")
def fixture_settings(tmp_path_factory) -> Settings:
    """Settings of the small fixture store of known content (``tests/known_data``), built once."""
    from known_store import build_fixture_store

    return build_fixture_store(tmp_path_factory.mktemp("known"))


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/ a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("staging"))
    return target


# ---------------------------------------------------------------- a real browser for the page tests

CHROMIUM = os.environ.get("NAPKG_CHROMIUM") or shutil.which("chromium") or \
    next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p)), None)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium through Playwright (``playwright install`` is never needed); skips, saying
    why, when Playwright or a Chromium binary is missing (``NAPKG_CHROMIUM`` may point at another)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    if CHROMIUM is None:
        pytest.skip("no Chromium found (apt-get install chromium, or set NAPKG_CHROMIUM)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


# ---------------------------------------------------------------- one real Virtuoso for the sparql backend
#
# One server for the whole run (``virtuoso``), and one more whose answers are capped at 3 rows
# (``capped_virtuoso``: Virtuoso's ResultSetMaxRows, a server option that cannot be shared). The store
# publishes a build into fixed graph names (napkg's graphs, its build graph, urn:napkg:union/manifest/
# staging + token), so two builds in one server replace each other: isolation is by order and clean-up.
# Tests that only read share the session's build (``built_remote``); tests that write ask for
# ``empty_virtuoso`` (every graph napkg or a test owns dropped first) or ``remote_to_break`` (a good
# build they may replace), or carry the ``virtuoso_writes`` mark, and run after every reader
# (``pytest_collection_modifyitems`` below); a reader placed after a writer fails saying so.

# the graphs napkg and these tests write; everything else in a server (Virtuoso's system graphs) is left alone
OWNED_GRAPHS = ("https://w3id.org/napkg/", "urn:napkg:", "http://example.org/")
WRITER_FIXTURES = {"empty_virtuoso", "remote_to_break"}
_SHARED = {"dirty": False, "real_graphs": None}  # a writer ran since the session's build; a real build's graphs


def _writes(item) -> bool:
    return bool(WRITER_FIXTURES & set(getattr(item, "fixturenames", ()))) or \
        item.get_closest_marker("virtuoso_writes") is not None


def pytest_itemcollected(item):
    """A test that needs a Virtuoso (its fixtures, or a ``sparql`` / ``virtuoso`` parameter that asks for one
    by name) is slow: ``make test-fast`` leaves it out."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    if "virtuoso_servers" in getattr(item, "fixturenames", ()) or {"sparql", "virtuoso"} & set(map(str, params.values())):
        item.add_marker(pytest.mark.slow)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests that write to the shared Virtuoso run last, in their order: every reader sees the session's build."""
    items.sort(key=_writes)


@pytest.fixture(autouse=True)
def _no_reader_after_a_writer(request):
    if _SHARED["dirty"] and not _writes(request.node) and \
            {"built_remote", "remote_server"} & set(request.fixturenames):
        pytest.fail("a test that writes to the shared Virtuoso ran before this one, which reads the session's "
                    "build: writers must use empty_virtuoso / remote_to_break or the virtuoso_writes mark")


@pytest.fixture(scope="session")
def virtuoso_servers(tmp_path_factory):
    """``start(**options)``: the one Virtuoso of the run with these server options, started on first use
    (own ini and database, 127.0.0.1, free ports); all stopped at the end.

    Skips with the reason where ``virtuoso-t`` is not installed (``.ci/run`` installs it).
    """
    from kg.store.virtuoso_server import VirtuosoServer, available

    if available() is None:
        pytest.skip("virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource-7-bin; .ci/run does)")
    started: dict[tuple, VirtuosoServer] = {}

    def start(**options):
        key = tuple(sorted(options.items()))
        if key not in started:
            server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"), dba_password=VIRTUOSO_PASSWORD,
                                    memory_mb=256, **options)
            started[key] = server.start()
        return started[key]

    yield start
    for server in started.values():
        server.stop()


@pytest.fixture(scope="session")
def virtuoso(virtuoso_servers):
    """The run's Virtuoso: it holds the session's real build (``built_remote``) until a writer runs."""
    return virtuoso_servers()


@pytest.fixture(scope="session")
def capped_virtuoso(virtuoso_servers):
    """The run's Virtuoso that cuts every answer at 3 rows (ResultSetMaxRows), for the tests of cut answers."""
    return virtuoso_servers(result_rows=3)


def _owned_graphs(server) -> list[str]:
    """The graphs of ``server`` napkg or a test wrote (read past napkg, with the server's own endpoint)."""
    test = " || ".join(f'STRSTARTS(STR(?g), "{p}")' for p in OWNED_GRAPHS)
    form = urllib.parse.urlencode({"query": f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({test}) }}"})
    req = urllib.request.Request(server.query_url, data=form.encode(), headers={"Accept": "text/csv"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return [line.strip('"') for line in r.read().decode().splitlines()[1:] if line.strip()]


def drop_owned_graphs(server) -> None:
    """Drop every graph napkg or a test wrote in ``server`` (as dba); Virtuoso's system graphs stay.

    Listed again until none is left: a capped server lists only a few at a time.
    """
    auth = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    auth.add_password(None, server.base, "dba", VIRTUOSO_PASSWORD)
    opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(auth))
    for _ in range(10_000):
        graphs = _owned_graphs(server)
        if not graphs:
            return
        update = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)
        with opener.open(server.update_url, data=urllib.parse.urlencode({"update": update}).encode(), timeout=300):
            pass
    raise RuntimeError(f"graphs left in the Virtuoso at {server.base} after dropping them: {graphs[:5]}")


@pytest.fixture
def empty_virtuoso(virtuoso):
    """The run's Virtuoso with every graph napkg or a test wrote dropped: a test that writes starts from nothing."""
    _SHARED["dirty"] = True
    drop_owned_graphs(virtuoso)
    return virtuoso


@pytest.fixture
def empty_capped_virtuoso(capped_virtuoso):
    """The capped Virtuoso (3 rows an answer), emptied as ``empty_virtuoso``."""
    drop_owned_graphs(capped_virtuoso)
    return capped_virtuoso


def _published_graphs(settings) -> dict | None:
    from kg.store.sparql import SparqlStore

    info = SparqlStore(read_only=True, settings=settings).build_info()
    return info and info["graphs"]


@pytest.fixture(scope="session")
def built_remote(virtuoso, tmp_path_factory, shared_cache) -> Settings:
    """The real data, built into the run's Virtuoso (settings as ``napkg build --store sparql`` gets them)."""
    settings = sparql_settings(virtuoso, tmp_path_factory.mktemp("built-remote"), cache_dir=str(shared_cache))
    drop_owned_graphs(virtuoso)
    build(settings)
    _SHARED["real_graphs"] = _published_graphs(settings)
    return settings


@pytest.fixture(scope="session")
def _settings_to_break(virtuoso, tmp_path_factory, shared_cache) -> Settings:
    return sparql_settings(virtuoso, tmp_path_factory.mktemp("remote-to-break"), cache_dir=str(shared_cache))


@pytest.fixture
def remote_to_break(virtuoso, _settings_to_break):
    """``(server, settings)``: the run's Virtuoso holding a good build of the real data, which the test may
    replace or try to break (built again only when the test before left something else)."""
    _SHARED["dirty"] = True
    if _SHARED["real_graphs"] is None or _published_graphs(_settings_to_break) != _SHARED["real_graphs"]:
        drop_owned_graphs(virtuoso)
        build(_settings_to_break)
        _SHARED["real_graphs"] = _published_graphs(_settings_to_break)
    return virtuoso, _settings_to_break
