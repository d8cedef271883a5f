"""Every dump parses back isomorphic to the store; the listing tells the truth."""

from __future__ import annotations

import hashlib
import json

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from click.testing import CliRunner

from kg.builds import current_build
from kg.cli import cli


def store_graphs(store):
    out = {}
    for s, p, o, g in store.quads():
        out.setdefault(g, Graph()).add((s, p, o))
    return out


@pytest.mark.parametrize("fmt,name", [("trig", "napkg.trig"), ("nquads", "napkg.nq"), ("jsonld", "napkg.jsonld")])
def test_quad_dumps_round_trip(built, store, fmt, name):
    ds = Dataset()
    ds.parse(current_build(built) / "dumps" / name, format={"trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}[fmt])
    want = store_graphs(store)
    got = {c.identifier: c for c in ds.graphs() if len(c)}
    assert set(got) == set(want)
    for name_, g in want.items():
        assert isomorphic(got[name_], g), name_


@pytest.mark.slow
def test_turtle_dump_is_the_union(built, store):
    g = Graph().parse(current_build(built) / "dumps" / "napkg.ttl", format="turtle")
    union = Graph()
    for s, p, o, _ in store.quads():
        union.add((s, p, o))
    assert isomorphic(g, union)


def test_listing_sizes_counts_and_checksums(built):
    folder = current_build(built) / "dumps"
    listing = json.loads((folder / "dumps.json").read_text())
    assert {d["format"] for d in listing} == {"trig", "nquads", "ttl", "jsonld"}
    for d in listing:
        data = (folder / d["file"]).read_bytes()
        assert d["bytes"] == len(data)
        assert d["sha256"] == hashlib.sha256(data).hexdigest()
        assert d["triples"] > 1000


def test_cli_export_writes_a_parseable_file(built, tmp_path):
    out = tmp_path / "x.nq"
    result = CliRunner().invoke(cli, ["--store-dir", built.store_dir, "export", "--format", "nquads", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ds = Dataset()
    ds.parse(out, format="nquads")
    assert len(list(ds.quads())) > 1000
