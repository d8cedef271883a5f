"""Shared fixtures: one real build per session, fresh settings per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build, open_current
from kg.settings import ROOT, Settings

SEEDS = ROOT.parent / "shared" / "seeds"
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the source documents are not here ({SEEDS}); CI has them beside the checkout")
    return SEEDS


def make_settings(tmp: Path, data: Path = DATA, **kw) -> Settings:
    return Settings({"data_dir": str(data), "store_dir": str(tmp / "store"),
                     "cache_dir": str(tmp / "cache"), **kw})


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


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/ a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("staging"))
    return target


# ---------------------------------------------------------------- a real Virtuoso for the sparql backend

VIRTUOSO_PASSWORD = "napkg-test-dba"


@pytest.fixture(scope="session")
def virtuoso_factory(tmp_path_factory):
    """Start throwaway Virtuoso servers (own ini and database, 127.0.0.1, free ports); all stopped at the end.

    Skips with the reason where ``virtuoso-t`` is not installed (``.ci/run`` installs it).
    """
    from kg.store.virtuoso_server import VirtuosoServer, available

    if available() is None:
        pytest.skip("virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource-7-bin; .ci/run does)")
    started = []

    def start(name: str = "virtuoso", **options):
        server = VirtuosoServer(tmp_path_factory.mktemp(name), dba_password=VIRTUOSO_PASSWORD, memory_mb=256,
                                **options)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


def sparql_settings(server, tmp: Path, **kw) -> Settings:
    """Settings that build into and read from ``server`` (writes as dba, reads anonymous)."""
    return make_settings(tmp, store_backend="sparql", sparql_query_url=server.query_url,
                         sparql_update_url=server.update_url, sparql_graph_store_url=server.graph_store_url,
                         sparql_user="dba", sparql_password=VIRTUOSO_PASSWORD, **kw)


@pytest.fixture(scope="session")
def virtuoso(virtuoso_factory):
    """The session's Virtuoso holding the real build (``built_remote``)."""
    return virtuoso_factory("virtuoso-main")


@pytest.fixture(scope="session")
def built_remote(virtuoso, tmp_path_factory, shared_cache) -> Settings:
    """The real data, built into the session's Virtuoso (settings as ``napkg build --store sparql`` gets them)."""
    settings = sparql_settings(virtuoso, tmp_path_factory.mktemp("built-remote"), cache_dir=str(shared_cache))
    build(settings)
    return settings
