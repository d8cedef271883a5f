"""The build as a transaction, and its incremental path."""

from __future__ import annotations

import pytest

from kg.build import build

from kg.builds import current_build, open_current
from helpers import make_settings


@pytest.mark.slow
def test_rebuild_after_editing_one_source_redoes_only_that_source(data_copy, tmp_path, shared_cache):
    settings = make_settings(tmp_path, data_copy, cache_dir=str(tmp_path / "cache"))
    first = build(settings, dumps=False)
    assert len(first.units_rebuilt) == 7 and not first.units_cached
    p = data_copy / "lu-pan2.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("Communiquer et sensibiliser", "Communiquer et sensibiliser !", 1), encoding="utf-8")
    second = build(settings, dumps=False)
    assert second.units_rebuilt == ["lu-pan2"]
    assert second.triples == first.triples
    with open_current(settings) as s:
        res = s.query('ASK { ?a <http://www.w3.org/2004/02/skos/core#prefLabel> "Communiquer et sensibiliser !"@fr }')
        assert res.boolean


def test_new_build_replaces_current_and_keeps_one_spare(data_copy, tmp_path, shared_cache):
    settings = make_settings(tmp_path, data_copy, cache_dir=str(shared_cache))
    builds = []
    for _ in range(3):
        build(settings, dumps=False)
        builds.append(current_build(settings))
    assert len(set(builds)) == 3
    remaining = sorted(p.name for p in (tmp_path / "store" / "builds").iterdir())
    assert builds[-1].name in remaining and len(remaining) == 2


@pytest.mark.slow
def test_published_shapes_are_the_shapes_file_whether_or_not_the_build_validated(tmp_path):
    # pySHACL once added two OWL triples to the shapes graph it validated with: a build that validated
    # published 343 shape triples, one served from the cache 341
    from kg.build import SHAPES_FILE, prepare
    from kg.namespaces import SHAPES_GRAPH
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from helpers import make_settings

    settings = make_settings(tmp_path)
    first = prepare(settings)[SHAPES_GRAPH]
    second = prepare(settings)[SHAPES_GRAPH]  # every unit from the cache now
    expected = Graph().parse(SHAPES_FILE, format="turtle")
    assert isomorphic(first, expected) and isomorphic(second, expected)


@pytest.mark.slow
def test_a_process_running_other_threads_builds_without_forking(data_copy, tmp_path):
    """A forked child copies every lock another thread holds at that moment and can wait on it forever (a test runner,
    a notebook, a server, a Rust thread pool): there the unit groups run in this process, and the build finishes."""
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        report = build(make_settings(tmp_path, data_copy, build_workers=2), dumps=False)
    finally:
        stop.set()
    assert len(report.units_rebuilt) == 7 and report.workers == 1


@pytest.mark.slow
def test_napkg_build_alone_forks_its_unit_workers(data_copy, tmp_path):
    import os
    import subprocess
    import sys

    env = {"NAPKG_DATA_DIR": str(data_copy), "NAPKG_STORE_DIR": str(tmp_path / "store"),
           "NAPKG_CACHE_DIR": str(tmp_path / "cache")}
    r = subprocess.run([sys.executable, "-m", "kg.cli", "build", "--workers", "2", "--no-dumps", "--profile"],
                       capture_output=True, text=True, env={**os.environ, **env}, timeout=600)
    assert r.returncode == 0, r.stderr
    import re

    forked = re.search(r"summed over (\d+) process\(es\)", r.stdout + r.stderr)
    assert forked and int(forked.group(1)) >= 2, r.stdout  # a pool of 2, a fresh process per group
