"""The streamed build against the straightforward one, incremental reuse, and a build killed mid-load."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg import records
from kg.build import build, load_reference
from kg.builds import current_build, open_current
from kg.ingest import ingest
from kg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH, VOCABULARIES_GRAPH
from kg.reason import infer
from kg.settings import ROOT
from helpers import DATA, make_settings


def _reference_dataset() -> dict[str, Graph]:
    """The dataset as the build made it before it streamed: every graph in rdflib, one reasoner run over all."""
    ontology, vocab, shapes = load_reference()
    graphs = ingest(records.load(DATA), vocab)
    out = {ONTOLOGY_GRAPH: ontology, VOCABULARIES_GRAPH: vocab, SHAPES_GRAPH: shapes, **graphs}
    union = Graph()
    for g in [vocab, *graphs.values()]:
        union += g
    inferred = Graph()
    for t in infer(union, ontology, engine="reasonable"):
        if not any(t in g for g in out.values()):
            inferred.add(t)
    out[INFERRED_GRAPH] = inferred
    return {str(k): v for k, v in out.items()}


@pytest.mark.slow
def test_streamed_build_has_the_same_triples_as_the_rdflib_build(built):
    expected = _reference_dataset()
    with open_current(built) as s:
        names = [str(n) for n in s.graph_names()]
        assert sorted(names) == sorted(expected)
        for name in names:
            got = Graph()
            for q in s.quads(URIRef(name)):
                got.add(q[:3])
            assert len(got) == len(expected[name]), name
            assert isomorphic(got, expected[name]), name


def test_unchanged_units_are_neither_read_nor_turned_into_rdf(data_copy, tmp_path, shared_cache, monkeypatch):
    settings = make_settings(tmp_path, data_copy, cache_dir=str(shared_cache))
    first = build(settings, dumps=False)
    p = data_copy / "lu-pan2.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("Communiquer et sensibiliser", "Communiquer, sensibiliser", 1), encoding="utf-8")
    read, made = [], []
    real_load, real_source = records.load_yaml, __import__("kg.unit_work", fromlist=["x"]).source_graph
    monkeypatch.setattr(records, "load_yaml", lambda path: read.append(path.name) or real_load(path))
    monkeypatch.setattr("kg.unit_work.source_graph", lambda sf, *a: made.append(sf.id) or real_source(sf, *a))
    second = build(settings.replace(build_workers=1), dumps=False)
    assert second.units_rebuilt == ["lu-pan2"] and made == ["lu-pan2"]
    assert [n for n in read if n not in ("actors.yaml", "instruments.yaml")] == ["lu-pan2.yaml"]
    assert second.graphs == first.graphs


CHILD = """
import sys, time
from kg.build import build
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore
real = OxigraphStore.load_nquads
def slow(self, path):
    real(self, path)
    print("LOADED", flush=True)
    time.sleep(60)
OxigraphStore.load_nquads = slow
build(Settings({"data_dir": sys.argv[1], "store_dir": sys.argv[2], "cache_dir": sys.argv[3]}), dumps=False)
"""


def test_build_killed_during_load_leaves_current_serving_the_previous_build(data_copy, tmp_path, shared_cache):
    settings = make_settings(tmp_path, data_copy, cache_dir=str(shared_cache))
    build(settings, dumps=False)
    before = current_build(settings)
    with open_current(settings) as s:
        count = s.count()
    p = data_copy / "lu-pan2.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("Communiquer et sensibiliser", "Communiquer !", 1), encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data_copy), str(tmp_path / "store"), str(shared_cache)],
                             cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "LOADED"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert current_build(settings) == before
    with open_current(settings) as s:
        assert s.count() == count
        assert not s.query('ASK { ?a ?p "Communiquer !"@fr }').boolean
    leftovers = [b for b in (tmp_path / "store" / "builds").iterdir() if not (b / "manifest.json").exists()]
    assert len(leftovers) == 1  # the killed build's folder, never made current
    time.sleep(0.1)
    build(settings, dumps=False)  # the next build takes the edit and clears the dead folder
    assert not any(not (b / "manifest.json").exists() for b in (tmp_path / "store" / "builds").iterdir())
    with open_current(settings) as s:
        assert s.query('ASK { ?a ?p "Communiquer !"@fr }').boolean
