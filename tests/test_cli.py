"""The CLI: help on every command, output formats, exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import cli

COMMANDS = ["build", "validate", "query", "stats", "export"]


def run(built, *args):
    return CliRunner().invoke(cli, ["--store-dir", built.store_dir, *args])


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output) > 200


def test_query_table_names_the_row_count(built):
    result = run(built, "query", "@01-actions-of-plan", "-p", "plan=napid:plan/lu-nap-bhr-2")
    assert result.exit_code == 0, result.output
    assert "(20 rows)" in result.output


def test_query_json_is_sparql_results_json(built):
    result = run(built, "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "json")
    doc = json.loads(result.output)
    assert doc["head"]["vars"] == ["n"]
    assert int(doc["results"]["bindings"][0]["n"]["value"]) > 1000


def test_query_csv(built):
    result = run(built, "query", "@04-co-responsibility", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and set(rows[0]) == {"actorA", "labelA", "actorB", "labelB", "sharedActions"}


def test_construct_as_turtle(built):
    result = run(built, "query", "CONSTRUCT { ?a ?p ?o } WHERE { ?a a <https://w3id.org/napkg/ontology#Action> ; ?p ?o } LIMIT 10", "--format", "ttl")
    assert result.exit_code == 0
    assert len(Graph().parse(data=result.output, format="turtle")) == 10


def test_syntax_error_exit_2_without_traceback(built):
    result = run(built, "query", "SELECT WHERE {")
    assert result.exit_code == 2
    assert "syntax" in result.output.lower() and "Traceback" not in result.output


def test_unknown_query_file(built):
    result = run(built, "query", "@no-such-query")
    assert result.exit_code == 2 and "no query file" in result.output


def test_stats_counts_plans(built):
    result = run(built, "stats", "--json")
    s = json.loads(result.output)
    plans = {p["plan"].rsplit("/", 1)[1]: p for p in s["plans"]}
    assert plans["be-nap-bhr-2017"]["actions"] == 33
    assert plans["lu-nap-bhr-2"]["actions"] == 20


def test_validate_data_conforms(built):
    result = CliRunner().invoke(cli, ["--store-dir", built.store_dir, "validate"])
    assert result.exit_code == 0, result.output


def test_validate_file_that_does_not_conform(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("""@prefix nap: <https://w3id.org/napkg/ontology#> .
        <https://example.org/a> a nap:Action .""")
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "does not conform" in result.output and "one plan" in result.output


def test_validate_file_that_conforms(tmp_path):
    ok = tmp_path / "ok.ttl"
    ok.write_text("""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://example.org/x> skos:prefLabel "x"@en .""")
    result = CliRunner().invoke(cli, ["validate", str(ok)])
    assert result.exit_code == 0, result.output
