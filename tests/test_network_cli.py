"""``napkg network``: output formats, exit codes, exports that parse back (on the sample laid out as a build)."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.network.sample import sample_iri, write_sample_build


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    return write_sample_build(tmp_path_factory.mktemp("network-cli") / "store")


def run(settings, *args):
    return CliRunner().invoke(cli, ["--store-dir", settings.store_dir, "network", *args])


@pytest.mark.parametrize("command", ["centrality", "overlaps", "export", "measures"])
def test_every_command_has_help(command):
    result = CliRunner().invoke(cli, ["network", command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_centrality_table(sample_build):
    result = run(sample_build, "centrality", "--measure", "weighted-degree", "--top", "2")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["rank", "label", "type", "country", "value"]
    assert "Ministry of Justice" in lines[2] and "4.0000" in lines[2]
    assert "normalisation: sum of edge weights" in result.output


def test_centrality_csv_parses_back(sample_build):
    result = run(sample_build, "centrality", "--measure", "betweenness", "--format", "csv", "--country", "BEL")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["iri"] for r in rows] and {r["iri"] for r in rows} <= {sample_iri("actor", a) for a in
                                                                     ("justice", "foreign", "ngo", "ilo")}
    assert all(0.0 <= float(r["value"]) <= 1.0 for r in rows)


def test_centrality_json_has_meta(sample_build):
    result = run(sample_build, "centrality", "--projection", "plan-overlap", "--measure", "pagerank", "-f", "json")
    doc = json.loads(result.output)
    assert doc["meta"]["projection"] == "plan-overlap" and doc["meta"]["nodes"] == 3
    assert sum(r["value"] for r in doc["rows"]) == pytest.approx(1.0)


def test_overlaps(sample_build):
    result = run(sample_build, "overlaps", "--analysis", "brokers", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows[0]["label"] == "International Labour Organization" and rows[0]["articulation"] == "true"
    result = run(sample_build, "overlaps", "--analysis", "similarity", "--on", "instruments")
    assert result.exit_code == 0 and "jaccard" in result.output


@pytest.mark.parametrize("fmt, reader", [
    ("graphml", lambda b: nx.read_graphml(io.BytesIO(b))),
    ("gexf", lambda b: nx.read_gexf(io.BytesIO(b))),
    ("json", lambda b: nx.node_link_graph(json.loads(b), edges="links")),
])
def test_export_to_a_file_parses_back(sample_build, tmp_path, fmt, reader):
    out = tmp_path / f"g.{fmt}"
    result = run(sample_build, "export", "--projection", "co-involvement", "-f", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    G = reader(out.read_bytes())
    assert G.number_of_nodes() == 5 and G.number_of_edges() == 5


def test_export_to_stdout(sample_build):
    result = run(sample_build, "export", "--projection", "plan-overlap", "--on", "actors", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout_bytes)["graph"]["projection"] == "plan-overlap"


@pytest.mark.parametrize("args, message", [
    (["centrality", "--plan", "no-such-plan"], "no data matches the filter"),
    (["centrality", "--country", "Belgium"], "three-letter"),
    (["centrality", "--projection", "plan-overlap", "--plan", "p-be"], "does not take plan"),
    (["overlaps", "--analysis", "brokers", "--on", "sdgs"], "'on' is for similarity"),
])
def test_errors_exit_2_with_a_message(sample_build, args, message):
    result = run(sample_build, *args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_usage_errors_exit_2(sample_build):
    assert run(sample_build, "centrality", "--measure", "nope").exit_code == 2
    assert run(sample_build, "centrality", "--top", "0").exit_code == 2


def test_no_store_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["--store-dir", str(tmp_path / "none"), "network", "centrality"])
    assert result.exit_code == 2 and "napkg build" in result.output
