"""Plain helpers the tests import (fixtures are in the conftest files, which are never imported by name)."""

from __future__ import annotations

from pathlib import Path

from kg.settings import ROOT, Settings

SEEDS = ROOT.parent / "shared" / "seeds"
DATA = ROOT / "data"
VIRTUOSO_PASSWORD = "napkg-test-dba"


def make_settings(tmp: Path, data: Path = DATA, **kw) -> Settings:
    return Settings({"data_dir": str(data), "store_dir": str(tmp / "store"),
                     "cache_dir": str(tmp / "cache"), **kw})


def sparql_settings(server, tmp: Path, **kw) -> Settings:
    """Settings that build into and read from ``server`` (writes as dba, reads anonymous)."""
    return make_settings(tmp, store_backend="sparql", sparql_query_url=server.query_url,
                         sparql_update_url=server.update_url, sparql_graph_store_url=server.graph_store_url,
                         sparql_user="dba", sparql_password=VIRTUOSO_PASSWORD, **kw)
