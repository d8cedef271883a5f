"""Every kind of bad record: a readable report naming file, record and field, exit 1, the last good store intact."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.build import build

from kg.builds import current_build, open_current
from kg.cli import cli
from kg.errors import DataErrors, ValidationFailed
from helpers import make_settings

LU = "lu-pan2.yaml"


def edit(data: Path, name: str, fn) -> None:
    p = data / name
    doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    fn(doc)
    p.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def first_action(doc):
    return doc["actions"][0]


CASES = {
    "broken yaml": (lambda d: (d / LU).write_text("source: {id: [unclosed\n", encoding="utf-8"),
                    r"lu-pan2\.yaml: line \d+, column \d+: broken YAML"),
    "unknown key": (lambda d: edit(d, LU, lambda doc: first_action(doc).update(colour="red")),
                    r"lu-pan2\.yaml: actions\[0\] \(1\.1\): unknown key: 'colour'"),
    "unknown actor": (lambda d: edit(d, LU, lambda doc: first_action(doc).update(responsible=["no-such-body"])),
                      r"lu-pan2\.yaml: actions\[0\] \(1\.1\): field 'responsible': unknown actor id 'no-such-body'"),
    "duplicate action": (lambda d: edit(d, LU, lambda doc: doc["actions"].append(dict(first_action(doc)))),
                         r"duplicate action '1\.1' in plan 'lu-nap-bhr-2'"),
    "missing quote": (lambda d: edit(d, LU, lambda doc: first_action(doc)["evidence"].pop("quote")),
                      r"actions\[0\] \(1\.1\): field 'evidence': missing: 'quote' is a required property"),
    "bad status": (lambda d: edit(d, "be-nap-bhr-2017-progress.yaml",
                                  lambda doc: next(a for a in doc["actions"] if a.get("progress"))["progress"][0].update(status="finished")),
                   r"field 'progress\[0\]\.status': 'finished' is not one of"),
    "unknown sdg": (lambda d: edit(d, LU, lambda doc: first_action(doc).update(sdgs=["99"])),
                    r"field 'sdgs': SDG goal or target '99' is not in ontology/vocabularies\.ttl"),
    "duplicate actor": (lambda d: edit(d, "actors.yaml", lambda doc: doc.append(dict(doc[0]))),
                        r"actors\.yaml: record \d+ \(.+\): field 'id': duplicate id"),
    "unknown group": (lambda d: edit(d, LU, lambda doc: first_action(doc).update(group="cat-99")),
                      r"field 'group': unknown group id 'cat-99'"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_record_is_reported_and_nothing_changes(case, data_copy, tmp_path, shared_cache):
    settings = make_settings(tmp_path, data_copy, cache_dir=str(shared_cache))
    build(settings, dumps=False)
    before = current_build(settings)
    with open_current(settings) as s:
        count_before = s.count()
    break_it, expected = CASES[case]
    break_it(data_copy)
    result = CliRunner().invoke(cli, ["--data", str(data_copy), "--store-dir", str(tmp_path / "store"), "build", "--no-dumps"],
                                env={"NAPKG_CACHE_DIR": str(shared_cache)})
    assert result.exit_code == 1, result.output
    assert re.search(expected, result.output), result.output
    assert "Traceback" not in result.output
    assert current_build(settings) == before
    with open_current(settings) as s:
        assert s.count() == count_before
    assert len(list((tmp_path / "store" / "builds").iterdir())) == 1, "a failed build left a half-written store"


@pytest.mark.slow
def test_shape_violation_stops_the_build(data_copy, tmp_path):
    # an actor record whose only label is in a language the shapes do not allow
    # (its label_sources go too: they name the source of each language's label, and 'xx' has none)
    edit(data_copy, "actors.yaml", lambda doc: (doc[0].update(label={"xx": "Nowhere"}), doc[0].pop("label_sources", None)))
    settings = make_settings(tmp_path, data_copy)
    with pytest.raises(ValidationFailed, match="languageIn|fr, en, nl"):
        build(settings, dumps=False)
    assert current_build(settings) is None


@pytest.mark.slow
def test_all_errors_reported_in_one_pass(data_copy, tmp_path):
    edit(data_copy, LU, lambda doc: [a.update(responsible=["ghost"]) for a in doc["actions"][:3]])
    with pytest.raises(DataErrors) as e:
        build(make_settings(tmp_path, data_copy), dumps=False)
    assert len(e.value.errors) == 3


def test_cli_never_shows_a_traceback_for_a_missing_store(tmp_path):
    result = CliRunner().invoke(cli, ["--store-dir", str(tmp_path / "none"), "stats"])
    assert result.exit_code == 2
    assert "run 'napkg build' first" in result.output


def test_validate_refuses_unsafe_files(tmp_path):
    bad = tmp_path / "remote.jsonld"
    bad.write_text('{"@context": "http://127.0.0.1:9/c.jsonld", "@id": "http://x/a"}')
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 2 and "remote @context" in result.output
    dtd = tmp_path / "dtd.rdf"
    dtd.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>')
    result = CliRunner().invoke(cli, ["validate", str(dtd)])
    assert result.exit_code == 2 and "DTD" in result.output
