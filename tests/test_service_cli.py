"""``napkg serve``: its options and what it says when it cannot serve."""

from __future__ import annotations

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
