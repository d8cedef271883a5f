"""The build: ingest -> validate -> reason -> store, as one transaction.

A build writes a new store beside the last good one and moves the ``current``
pointer only when every step passed, so a bad record loses nothing: readers
keep the previous graph. Each unit (a source file, the registry, the
vocabularies) is validated and reasoned on its own and the result cached by
content hash, so a rebuild after editing one source redoes only that source.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rdflib import Graph, URIRef

from . import records
from .errors import StoreError, ValidationFailed
from .export import write_dumps, write_dumps_of
from .ingest import ingest
from .namespaces import (
    INFERRED_GRAPH, ONTOLOGY_GRAPH, graph_iri, source_iri, PREFIXES, REGISTRY_GRAPH, SHAPES_GRAPH, VOCABULARIES_GRAPH,
)
from .reason import infer
from .settings import ROOT, Settings
from .store import Store, open_store
from .validate import load_shapes, neighbourhood, results, unit_focus_nodes, validate

ONTOLOGY_FILE = ROOT / "ontology" / "napkg.ttl"
VOCABULARIES_FILE = ROOT / "ontology" / "vocabularies.ttl"
SHAPES_FILE = ROOT / "shapes" / "napkg.ttl"
CACHE_VERSION = "1"

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    """What a build did: per-stage seconds, counts per graph, warnings, where it went."""

    build_dir: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    graphs: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    units_rebuilt: list[str] = field(default_factory=list)
    units_cached: list[str] = field(default_factory=list)
    peak_memory_mb: float = 0.0

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256(CACHE_VERSION.encode())
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode())
        h.update(b"\0")
    return h.hexdigest()


def _parse(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def load_reference() -> tuple[Graph, Graph, Graph]:
    """The ontology, the reference vocabularies and the shapes."""
    return _parse(ONTOLOGY_FILE), _parse(VOCABULARIES_FILE), load_shapes(SHAPES_FILE)


def store_root(settings: Settings) -> Path:
    return settings.path("store_dir")


def current_build(settings: Settings) -> Path | None:
    """The folder of the last good build, or None before the first.

    With ``store_backend = sparql`` the remote store says which build is current.
    """
    if settings.store_backend == "sparql":
        return remote_build(settings)
    link = store_root(settings) / "current"
    if not link.exists():
        return None
    return link.resolve()


def open_current(settings: Settings, *, read_only: bool = True) -> Store:
    """Open the last good build's store for reading."""
    build = current_build(settings)
    if build is None:
        where = settings.sparql_query_url if settings.store_backend == "sparql" else store_root(settings)
        raise StoreError(f"no graph built yet in {where}: run 'napkg build' first")
    return open_build(build, settings, read_only=read_only)


def open_build(build: Path, settings: Settings | None = None, *, read_only: bool = True) -> Store:
    """Open a build folder's store, with the backend its manifest names.

    A build published to a remote store is read at ``settings.sparql_query_url``,
    or at the URL its manifest recorded when the settings name none.
    """
    try:
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise StoreError(f"cannot read the build manifest in {build}: {e}") from None
    if manifest["backend"] == "sparql":
        settings = settings or Settings.from_env()
        if not settings.sparql_query_url:
            settings = settings.replace(sparql_query_url=manifest.get("query_url", ""))
    return open_store(manifest["backend"], build / "store", read_only=read_only, settings=settings)


def remote_build(settings: Settings) -> Path | None:
    """The build published in the remote store (``store_backend = sparql``), as a local folder with its manifest.

    The store's build graph says which build is published; a host that did
    not run that build gets a folder with a manifest written from the store
    (and no dumps until someone writes them: ``napkg export``).
    """
    from .store.sparql import SparqlStore, public_url

    info = SparqlStore(read_only=True, settings=settings).build_info()
    if info is None:
        return None
    folder = store_root(settings) / "builds" / info["id"]
    manifest = folder / "manifest.json"
    if not manifest.exists():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = manifest.with_suffix(".tmp")
        tmp.write_text(json.dumps({
            "backend": "sparql", "build_id": info["id"], "built": info["created"],
            "query_url": public_url(settings.sparql_query_url), "graphs": info["graphs"],
            "triples": sum(info["graphs"].values()), "prefixes": PREFIXES}, indent=2), encoding="utf-8")
        os.replace(tmp, manifest)
    return folder


def _noop(_msg: str) -> None:
    pass


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cache_read(path: Path) -> tuple[Graph, list[str]] | None:
    if not path.exists():
        return None
    meta = json.loads((path.with_suffix(".json")).read_text())
    return Graph().parse(path, format="nt"), meta["warnings"]


def _cache_write(path: Path, inferred: Graph, warnings: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    inferred.serialize(tmp, format="nt", encoding="utf-8")
    path.with_suffix(".json").write_text(json.dumps({"warnings": warnings}))
    os.replace(tmp, path)


def prepare(settings: Settings, *, progress: Progress = _noop, report: BuildReport | None = None,
            engine: str | None = None) -> dict[URIRef, Graph]:
    """Ingest, validate and reason: every named graph of the dataset, nothing written but the cache.

    Raises DataErrors for bad records and ValidationFailed for shape violations.
    """
    report = report if report is not None else BuildReport()
    engine = engine or settings.reasoner
    t0 = time.perf_counter()
    ontology, vocab, shapes = load_reference()
    cur = records.load(settings.path("data_dir"))
    progress(f"read {len(cur.sources)} source files, {len(cur.actors)} actors, {len(cur.instruments)} instruments")
    graphs = ingest(cur, vocab)
    report.seconds["ingest"] = time.perf_counter() - t0

    ref_digest = _digest(ONTOLOGY_FILE.read_bytes(), VOCABULARIES_FILE.read_bytes(), SHAPES_FILE.read_bytes(), engine)
    units: list[tuple[str, URIRef, Graph, str]] = [("vocabularies", VOCABULARIES_GRAPH, vocab, ref_digest)]
    source_ids = ",".join(sorted(sf.id for sf in cur.sources))
    units.append(("registry", REGISTRY_GRAPH, graphs[REGISTRY_GRAPH], _digest(ref_digest, cur.registry_digest, source_ids)))
    for sf in cur.sources:
        name = graph_iri(sf.id)
        units.append((sf.id, name, graphs[name], _digest(ref_digest, cur.registry_digest, sf.digest)))

    # What a unit's nodes may point at: the T-box and controlled values, the
    # vocabularies, the registry, and the source documents themselves.
    context = Graph()
    for g in (ontology, vocab, graphs[REGISTRY_GRAPH]):
        context += g
    for sf in cur.sources:
        for t in graphs[graph_iri(sf.id)].triples((source_iri(sf.id), None, None)):
            context.add(t)
    cache = settings.path("cache_dir")
    inferred = Graph()
    todo = []
    for unit, name, g, key in units:
        cached = _cache_read(cache / f"{unit}-{key[:20]}.nt")
        if cached is None:
            todo.append((unit, g, key))
            continue
        unit_inferred, warnings = cached
        report.units_cached.append(unit)
        report.warnings += warnings
        inferred += unit_inferred

    # One pySHACL run over the changed units plus their context. No focus-node
    # filter: pySHACL is ten times slower with one (bench/README.md); results
    # on nodes of unchanged units are dropped instead.
    t1 = time.perf_counter()
    by_unit: dict[str, list] = {u: [] for u, _, _ in todo}
    if todo:
        progress(f"validating {', '.join(u for u, _, _ in todo)} ({sum(len(g) for _, g, _ in todo)} triples)")
        owner: dict = {}
        data = Graph()
        data += ontology
        if any(u in ("vocabularies", "registry") for u, _, _ in todo):
            data += context
        else:
            data += neighbourhood([g for _, g, _ in todo], context)
        for unit, g, _ in todo:
            data += g
            for node in unit_focus_nodes(g):
                owner.setdefault(node, unit)
        _conforms, rep, _text = validate(data, shapes=shapes)
        for r in results(rep):
            unit = owner.get(URIRef(r.focus))
            if unit is not None:
                by_unit[unit].append(r)
    report.seconds["validate"] = time.perf_counter() - t1
    violations = [f"{u}: {r.line()}" for u, rs in by_unit.items() for r in rs if r.severity == "Violation"]
    if violations:
        raise ValidationFailed(f"{len(violations)} SHACL violation(s):\n" + "\n".join(violations))

    # One reasoner run over every changed unit (the ontology loaded once), then
    # each inferred triple filed under the unit whose node is its subject, or
    # the first unit pointing at that node, for the per-unit cache.
    t1 = time.perf_counter()
    if todo:
        progress(f"reasoning over {len(todo)} unit(s) ({engine})")
        union = Graph()
        subject_owner: dict = {}
        object_owner: dict = {}
        for unit, g, _ in todo:
            union += g
            for s_ in g.subjects():
                subject_owner.setdefault(s_, unit)
            for o in g.objects():
                object_owner.setdefault(o, unit)
        per_unit: dict[str, Graph] = {unit: Graph() for unit, _, _ in todo}
        for t in infer(union, ontology, engine=engine):
            owner = subject_owner.get(t[0]) or object_owner.get(t[0]) or todo[0][0]
            per_unit[owner].add(t)
        for unit, g, key in todo:
            warnings = [f"{unit}: {r.line()}" for r in by_unit[unit]]
            _cache_write(cache / f"{unit}-{key[:20]}.nt", per_unit[unit], warnings)
            report.units_rebuilt.append(unit)
            report.warnings += warnings
            inferred += per_unit[unit]
    report.seconds["reason"] = time.perf_counter() - t1

    dataset: dict[URIRef, Graph] = {ONTOLOGY_GRAPH: ontology, VOCABULARIES_GRAPH: vocab, SHAPES_GRAPH: shapes}
    dataset.update(graphs)
    final_inferred = Graph()
    for t in inferred:
        if not any(t in g for g in dataset.values()):
            final_inferred.add(t)
    dataset[INFERRED_GRAPH] = final_inferred
    return dataset


def build(settings: Settings, *, progress: Progress = _noop, dumps: bool = True,
          engine: str | None = None) -> BuildReport:
    """Build the graph from ``data/`` into a new store and make it current.

    On any error the new folder is removed and ``current`` still points at the
    last good build.
    """
    report = BuildReport()
    t_start = time.perf_counter()
    dataset = prepare(settings, progress=progress, report=report, engine=engine)
    root = store_root(settings)
    builds = root / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.perf_counter_ns() % 10**6}"
    new = builds / stamp
    new.mkdir()
    staged = False
    store: Store | None = None
    try:
        t1 = time.perf_counter()
        target = settings.sparql_query_url if settings.store_backend == "sparql" else new / "store"
        progress(f"loading {sum(len(g) for g in dataset.values())} triples into {settings.store_backend} ({target})")
        store = open_store(settings.store_backend, new / "store", settings=settings)
        staged = "staged_load" in store.capabilities
        if staged:  # a shared store: write beside the published graphs, publish below when all else is done
            store.progress = progress
            store.stage(dataset)
        else:
            store.load(dataset)
        report.graphs = {str(n): len(g) for n, g in dataset.items()}
        report.seconds["load"] = time.perf_counter() - t1
        if dumps:
            t1 = time.perf_counter()
            progress("writing dumps")
            if staged:
                write_dumps_of(dataset, new / "dumps")
            else:
                write_dumps(store, new / "dumps")
            report.seconds["dumps"] = time.perf_counter() - t1
        t1 = time.perf_counter()
        progress("writing the search index")
        from .search import write_build_index  # the full-text index lives in the build folder (kg/search)

        write_build_index(dataset if staged else store, new)
        report.seconds["search"] = time.perf_counter() - t1
        built = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        manifest = {
            "backend": settings.store_backend, "build_id": stamp, "built": built,
            "graphs": report.graphs, "triples": report.triples, "seconds": report.seconds,
            "warnings": len(report.warnings), "prefixes": PREFIXES,
        }
        if staged:
            from .store.sparql import public_url

            manifest["query_url"] = public_url(settings.sparql_query_url)
            t1 = time.perf_counter()
            store.publish(build_id=stamp, created=built)
            report.seconds["publish"] = time.perf_counter() - t1
        report.seconds["total"] = time.perf_counter() - t_start
        report.peak_memory_mb = _peak_mb()
        manifest["seconds"] = report.seconds
        (new / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        store.close()
        _swap(root, new)
    except BaseException:
        if staged and store is not None:
            store.discard()
        shutil.rmtree(new, ignore_errors=True)
        raise
    report.build_dir = new
    _prune(builds, keep={new})
    return report


def _swap(root: Path, new: Path) -> None:
    """Point ``root/current`` at ``new`` atomically (rename of a fresh symlink)."""
    tmp = root / f".current-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(new.relative_to(root))
    os.replace(tmp, root / "current")


def _prune(builds: Path, keep: set[Path], spare: int = 1) -> None:
    """Remove old builds, keeping the current one and ``spare`` previous ones."""
    old = sorted((p for p in builds.iterdir() if p.is_dir() and p.resolve() not in {k.resolve() for k in keep}),
                 key=lambda p: p.stat().st_mtime, reverse=True)
    for p in old[spare:]:
        shutil.rmtree(p, ignore_errors=True)
