"""Fixtures and helpers shared by the service tests (``tests/test_service_*.py``).

The tests need a built store. They use the session's real build (``built``
from ``conftest.py``) when ``data/`` builds; while the curated data is being
completed and does not build, they build the small fixture in
``tests/service_fixtures/data`` instead (ingested by ``kg.ingest`` and
reasoned by ``kg.reason``, but not SHACL-validated, so that a shape still in
flux elsewhere cannot stop the service tests). The tests are written against
whatever store they get: they look their sample IRIs up rather than assume
them.

Test modules import the fixtures they use by name. A module-level memo makes
sure the store is built, and the app's worker pool started, once per session
even though each module holds its own copy of the fixture functions.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg.errors import NapkgError
from kg.settings import ROOT, Settings

FIXTURE_DATA = Path(__file__).parent / "service_fixtures" / "data"
_MEMO: dict[str, object] = {}


def build_fixture_store(tmp: Path, data: Path = FIXTURE_DATA) -> Settings:
    """Build ``data`` into ``tmp/store`` the way ``kg.build.build`` lays a build out, without SHACL."""
    from kg import records
    from kg.build import _swap, load_reference
    from kg.export import write_dumps
    from kg.ingest import ingest
    from kg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES, SHAPES_GRAPH, VOCABULARIES_GRAPH
    from kg.reason import infer
    from kg.store import open_store
    from rdflib import Graph

    settings = Settings({"data_dir": str(data), "store_dir": str(tmp / "store"), "cache_dir": str(tmp / "cache")})
    ontology, vocab, shapes = load_reference()
    graphs = ingest(records.load(data), vocab)
    dataset = {ONTOLOGY_GRAPH: ontology, VOCABULARIES_GRAPH: vocab, SHAPES_GRAPH: shapes, **graphs}
    union = Graph()
    for g in graphs.values():
        union += g
    inferred = Graph()
    for t in infer(union, ontology):
        if not any(t in g for g in dataset.values()):
            inferred.add(t)
    dataset[INFERRED_GRAPH] = inferred
    root = settings.path("store_dir")
    new = root / "builds" / "fixture"
    store = open_store("oxigraph", new / "store")
    store.load(dataset)
    write_dumps(store, new / "dumps")
    store.close()
    graph_counts = {str(n): len(g) for n, g in dataset.items()}
    (new / "manifest.json").write_text(json.dumps({
        "backend": "oxigraph", "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "graphs": graph_counts, "triples": sum(graph_counts.values()), "prefixes": PREFIXES, "fixture": True,
    }, indent=2), encoding="utf-8")
    _swap(root, new)
    return settings


def _built_settings(request, tmp_path_factory) -> Settings:
    if "settings" not in _MEMO:
        try:
            _MEMO["settings"] = request.getfixturevalue("built")
            _MEMO["source"] = "data/"
        except (NapkgError, OSError) as e:
            sys.stderr.write(f"\nservice tests: data/ does not build ({str(e).splitlines()[0]}); "
                             f"using tests/service_fixtures/data\n")
            _MEMO["settings"] = build_fixture_store(tmp_path_factory.mktemp("service-fixture"))
            _MEMO["source"] = "fixture"
    return _MEMO["settings"]  # type: ignore[return-value]


@pytest.fixture(scope="session")
def service_settings(request, tmp_path_factory) -> Settings:
    """Settings of a built store: the real data if it builds, else the fixture."""
    return _built_settings(request, tmp_path_factory)


@pytest.fixture(scope="session")
def fixture_settings(tmp_path_factory) -> Settings:
    """Settings of the fixture store, for tests that need known content."""
    if "fixture" not in _MEMO:
        _MEMO["fixture"] = build_fixture_store(tmp_path_factory.mktemp("service-known"))
    return _MEMO["fixture"]  # type: ignore[return-value]


@pytest.fixture(scope="session")
def app(service_settings):
    """One app (and one worker pool) for the whole session."""
    if "app" not in _MEMO:
        from service import create_app

        _MEMO["app"] = create_app(service_settings)
    return _MEMO["app"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def known_app(fixture_settings):
    if "known_app" not in _MEMO:
        from service import create_app

        _MEMO["known_app"] = create_app(fixture_settings)
    return _MEMO["known_app"]


@pytest.fixture
def known(known_app):
    """A test client over the fixture store (known actors, labels, counts)."""
    return known_app.test_client()


# ---------------------------------------------------------------- real servers

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``napkg serve`` in a subprocess on 127.0.0.1, on a port the OS picked."""

    def __init__(self, settings: Settings, **env: str):
        environ = {**os.environ, "PYTHONPATH": str(ROOT), **env}
        for name in ("data_dir", "store_dir", "cache_dir"):
            environ["NAPKG_" + name.upper()] = str(getattr(settings, name))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "serve", "--host", "127.0.0.1", "--port", "0", "--threads", "8"],
            cwd=ROOT, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.url = self._wait_for_address()

    def _wait_for_address(self, timeout_s: float = 60) -> str:
        deadline = time.monotonic() + timeout_s
        lines = []
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                if self.proc.poll() is not None:
                    break
                continue
            lines.append(line)
            m = re.search(r"serving on (http://127\.0\.0\.1:\d+)/", line)
            if m:
                self.log = lines
                threading.Thread(target=self._drain, daemon=True).start()
                return m.group(1)
        self.stop()
        raise RuntimeError("napkg serve did not start:\n" + "".join(lines))

    def _drain(self) -> None:
        """Keep reading the server's output so it never blocks on a full pipe."""
        for line in self.proc.stdout:
            self.log.append(line)
            del self.log[:-200]

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()


@pytest.fixture(scope="session")
def server(request, service_settings):
    """A real ``napkg serve`` (waitress) over the session's store."""
    if "server" not in _MEMO:
        srv = Server(service_settings)
        _MEMO["server"] = srv
        request.addfinalizer(srv.stop)
    return _MEMO["server"]


# ---------------------------------------------------------------- sample IRIs of whatever store the tests get

SAMPLES = """
PREFIX nap: <https://w3id.org/napkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
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
    if "samples" not in _MEMO:
        from kg.build import open_current

        with open_current(service_settings) as store:
            row = store.query(SAMPLES).dicts()[0]
            acc = store.query(ACCENTED).dicts()
            graphs = [str(g) for g in store.graph_names()]
        napid = "https://w3id.org/napkg/id/"
        _MEMO["samples"] = {
            "plan_iri": str(row["plan"]), "plan_id": str(row["plan"])[len(napid) + 5:],
            "action_iri": str(row["action"]), "action_path": str(row["action"])[len(napid):],
            "actor_iri": str(row["actor"]), "actor_id": str(row["actor"])[len(napid) + 6:],
            "quote": str(row["quote"]), "evidence_iri": str(row["evidence"]), "graphs": graphs,
            "accented_actor": str(acc[0]["actor"]) if acc else None,
            "accented_label": str(acc[0]["label"]) if acc else None,
        }
    return _MEMO["samples"]  # type: ignore[return-value]


def envelope_ok(resp, status: int) -> dict:
    """Assert ``resp`` is the one JSON error envelope with ``status``; return its error object."""
    assert resp.status_code == status, resp.get_data(as_text=True)[:500]
    assert resp.mimetype == "application/json", resp.mimetype
    body = resp.get_json()
    assert set(body) == {"ok", "error"} and body["ok"] is False, body
    err = body["error"]
    assert set(err) == {"status", "title", "detail"}, err
    assert err["status"] == status
    assert isinstance(err["title"], str) and err["title"]
    assert isinstance(err["detail"], str) and err["detail"]
    assert "Traceback" not in err["detail"]
    return err
