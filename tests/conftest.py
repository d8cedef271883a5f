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
