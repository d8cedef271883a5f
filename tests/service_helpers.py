"""Helpers of the service tests: a fixture store builder, a real server in a subprocess, the error-envelope check.

Plain functions and classes (no fixtures: those are in ``service_conftest``, loaded by the test modules
with ``pytest_plugins``).
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

from kg.settings import ROOT, Settings

FIXTURE_DATA = Path(__file__).parent / "service_fixtures" / "data"


def build_fixture_store(tmp: Path, data: Path = FIXTURE_DATA) -> Settings:
    """Build ``data`` into ``tmp/store`` the way ``kg.build.build`` lays a build out, without SHACL."""
    from kg import records
    from kg.build import load_reference
    from kg.builds import swap as _swap
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
    from kg.search import write_build_index

    write_build_index(store, new)
    store.close()
    graph_counts = {str(n): len(g) for n, g in dataset.items()}
    (new / "manifest.json").write_text(json.dumps({
        "backend": "oxigraph", "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "graphs": graph_counts, "triples": sum(graph_counts.values()), "prefixes": PREFIXES, "fixture": True,
    }, indent=2), encoding="utf-8")
    _swap(root, new)
    return settings


# ---------------------------------------------------------------- real servers

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``napkg serve`` in a subprocess on 127.0.0.1, on a port the OS picked."""

    def __init__(self, settings: Settings, *args: str, **env: str):
        environ = {**os.environ, "PYTHONPATH": str(ROOT), **env}
        for name in ("data_dir", "store_dir", "cache_dir"):
            environ["NAPKG_" + name.upper()] = str(getattr(settings, name))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "serve", "--host", "127.0.0.1", "--port", "0", "--threads", "8", *args],
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



def assert_error_envelope(resp, status: int, fragment: str | None = None) -> dict:
    """Assert ``resp`` (a Flask test response) is the one JSON error envelope with ``status``, its detail
    containing ``fragment`` if given; return its error object."""
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
    if fragment is not None:
        assert fragment in err["detail"], err
    return err
