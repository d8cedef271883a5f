"""``napkg serve``: its options and what it says when it cannot serve."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import cli


def test_serve_help_says_why_it_listens_on_localhost():
    out = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "[default: 127.0.0.1]" in out and "not exposed to the network" in out
    for option in ("--host", "--port", "--workers", "--query-workers", "--threads", "--store"):
        assert option in out


def test_serve_without_a_build_exits_2_with_a_message(tmp_path):
    r = CliRunner().invoke(cli, ["--store-dir", str(tmp_path / "store"), "serve", "--port", "0"])
    assert r.exit_code == 2
    assert "no graph built yet" in r.output and "napkg build" in r.output


def test_serve_rejects_zero_workers():
    r = CliRunner().invoke(cli, ["serve", "--workers", "0"])
    assert r.exit_code == 2


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_busy_port_says_so_and_suggests_another(built, workers):
    """Not "internal error: OSError: [Errno 98]": the port, that it is in use, and --port."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        out = subprocess.run([sys.executable, "-m", "kg.cli", "--store-dir", str(built.store_dir), "serve",
                              "--port", str(port), "--workers", workers], capture_output=True, text=True, timeout=120)
    assert out.returncode == 2, out.stderr
    assert f"port {port} on 127.0.0.1 is already in use" in out.stderr and "--port" in out.stderr, out.stderr
    assert "internal error" not in out.stderr and "Traceback" not in out.stderr
