"""Helpers of the service tests: a real server in a subprocess, the error-envelope check.

Plain functions and classes (the fixtures are in ``tests/service/conftest.py``).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time

from kg.settings import ROOT, Settings

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


def remote_env(settings: Settings) -> dict:
    """Environment that makes ``napkg serve`` read ``settings``' remote store (reads only: no write account)."""
    return {"NAPKG_STORE_BACKEND": "sparql", "NAPKG_SPARQL_QUERY_URL": settings.sparql_query_url}
