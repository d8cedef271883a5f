"""``napkg query`` speaks the endpoint's SPARQL: prefixes, parameters, errors, outputs that end cleanly; and starts fast.

Run in a real subprocess where the output bytes or the process's imports matter (CliRunner shares the
test process's imports and rewrites line endings in no way we could check).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.plugins.sparql.results.xmlresults import XMLResultParser

from kg.cli import cli

ACTOR = "https://w3id.org/napkg/id/actor/spf-justice"
NAPKG = [sys.executable, "-m", "kg.cli"]


def run(built, *args):
    return CliRunner().invoke(cli, ["--store-dir", built.store_dir, *args])


def napkg(built, *args) -> subprocess.CompletedProcess:
    return subprocess.run([*NAPKG, "--store-dir", str(built.store_dir), *args], capture_output=True, timeout=120)


def test_napkg_prefixes_are_pre_declared_as_at_the_endpoint(built):
    r = run(built, "query", "SELECT ?c WHERE { ?s nap:country ?c } LIMIT 1", "-f", "json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["results"]["bindings"][0]["c"]["type"] == "uri"


def test_a_query_past_the_time_limit_is_stopped_with_exit_2(built, monkeypatch):
    import time

    monkeypatch.setenv("NAPKG_QUERY_TIME_LIMIT_MS", "300")
    t = time.monotonic()
    r = CliRunner().invoke(cli, ["--store-dir", built.store_dir, "query",
                                 "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"])
    assert r.exit_code == 2 and "time limit of 300 ms" in r.stderr, (r.exit_code, r.stderr)
    assert time.monotonic() - t < 10 and r.stdout == ""
    monkeypatch.setenv("NAPKG_QUERY_TIME_LIMIT_MS", "60000")
    assert CliRunner().invoke(cli, ["--store-dir", built.store_dir, "query", "ASK { ?s ?p ?o }"]).exit_code == 0


@pytest.mark.parametrize("value", ["spf-justice", "actor/spf-justice", "napid:actor/spf-justice", f"<{ACTOR}>", ACTOR])
def test_an_iri_parameter_takes_a_bare_id_a_prefixed_name_or_an_iri(built, value):
    r = run(built, "query", "@02-actions-of-actor", "-p", f"actor={value}", "-f", "json")
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)["results"]["bindings"]
    assert rows and {b["actor"]["value"] for b in rows} == {ACTOR}


@pytest.mark.parametrize("value, words", [
    ("spf justice", "parameter 'actor' takes an IRI of an actor"),
    ("spf-justic", "is not in the graph"),
    ("foo:bar", "'foo:' is not one of napkg's prefixes"),
    ('"spf-justice"', "takes an IRI"),
])
def test_a_bad_iri_parameter_is_exit_2_with_a_message(built, value, words):
    r = run(built, "query", "@02-actions-of-actor", "-p", f"actor={value}")
    assert r.exit_code == 2 and words in r.stderr, (r.exit_code, r.stderr)
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_a_parameter_the_query_does_not_have_is_exit_2(built):
    r = run(built, "query", "@02-actions-of-actor", "-p", "nope=1")
    assert r.exit_code == 2 and "no parameter 'nope'" in r.stderr


def test_syntax_errors_show_line_column_and_caret(built):
    r = run(built, "query", "SELECT ?c WHERE {\n  ?s ex:country ?c }")
    assert r.exit_code == 2
    assert r.stderr.splitlines() == ["napkg: SPARQL syntax error at line 2, column 6: expected a prefix declared with "
                                     "PREFIX; 'ex:' is not declared", "    ?s ex:country ?c }", "       ^"]


def test_table_iris_paste_back_into_a_query(built):
    r = run(built, "query", "@02-actions-of-actor", "-p", "actor=spf-justice")
    shown = r.stdout.splitlines()[2].split()[0]
    assert shown == f"<{ACTOR}>"  # napid:actor/spf-justice would be a syntax error
    again = run(built, "query", f"ASK {{ {shown} ?p ?o }}")
    assert again.exit_code == 0 and again.stdout == "yes\n"
    nap = run(built, "query", "SELECT ?t WHERE { ?a a ?t FILTER(?t = nap:Action) } LIMIT 1")
    assert nap.stdout.splitlines()[2] == "nap:Action"


def test_notations_sort_as_people_number_them(built):
    r = run(built, "query", "@02-actions-of-actor", "-p", "actor=spf-justice", "-f", "json")
    rows = json.loads(r.stdout)["results"]["bindings"]
    be = [b["notation"]["value"] for b in rows if b["plan"]["value"].endswith("/be-nap-bhr-2017")]
    assert be == sorted(be, key=lambda n: [int(p) if p.isdigit() else p for p in n.split(".")]) and len(be) > 2
    assert [int(n) for n in be] == sorted(int(n) for n in be)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml", "table"])
def test_results_end_with_one_line_break(built, fmt):
    out = napkg(built, "query", "@04-co-responsibility", "-f", fmt)
    assert out.returncode == 0, out.stderr
    body = out.stdout
    assert body.endswith(b"\n") and not body.endswith(b"\n\n") and not body.endswith(b"\r\n\r\n"), body[-20:]
    text = body.decode("utf-8")
    if fmt in ("csv", "tsv"):
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="," if fmt == "csv" else "\t"))
        assert rows[-1] and all(len(r) == 5 for r in rows)
    elif fmt == "json":
        assert json.loads(text)["head"]["vars"][0] == "actorA"
    elif fmt == "xml":
        assert len(XMLResultParser().parse(io.BytesIO(body)).bindings) > 0
    else:
        assert text.splitlines()[-1].endswith("rows)")


@pytest.mark.parametrize("fmt, rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"),
                                                ("rdfxml", "xml")])
def test_graphs_end_with_one_line_break_and_parse(built, fmt, rdflib_format):
    q = "CONSTRUCT { ?a a nap:Action } WHERE { ?a a nap:Action } LIMIT 5"
    out = napkg(built, "query", q, "-f", fmt)
    assert out.returncode == 0, out.stderr
    assert out.stdout.endswith(b"\n") and not out.stdout.endswith(b"\n\n")
    assert len(Graph().parse(data=out.stdout, format=rdflib_format)) == 5


def test_a_select_asked_as_turtle_says_which_formats_fit(built):
    r = run(built, "query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "-f", "ttl")
    assert r.exit_code == 2 and "use --format table, csv, tsv, json or xml" in r.stderr


def test_help_and_query_import_no_heavy_library(built):
    """``napkg --help`` and ``napkg query`` import neither rdflib, pySHACL, networkx, scipy nor Flask."""
    probe = ("import sys, runpy; sys.argv = ['napkg'] + sys.argv[1:]\n"
             "try:\n    runpy.run_module('kg.cli', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'rdflib', 'pyshacl', 'networkx', 'scipy', 'flask'})\n"
             "sys.stderr.write('HEAVY=' + ','.join(heavy))\n")
    for args in (["--help"], ["--store-dir", str(built.store_dir), "query", "ASK {}"]):
        out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, timeout=120,
                             env={**os.environ, "PYTHONWARNINGS": "ignore"})
        assert out.stderr.decode().rsplit("HEAVY=", 1)[1] == "", (args, out.stderr[-500:])
