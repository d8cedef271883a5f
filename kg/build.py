"""The build: ingest -> validate -> reason -> store, as one transaction.

A build writes a new store beside the last good one and moves the ``current``
pointer only when every step passed, so a bad record loses nothing: readers
keep the previous graph. Each unit (a YAML or RDF source file, the registry,
the vocabularies) is ingested, validated and reasoned on its own group's
worker and cached by content hash as N-Triples (``kg.units``,
``kg.unit_work``); a rebuild after editing one source redoes only that source
and bulk-loads the others' cached files (``kg.build_load``). No step holds the
whole dataset in an rdflib graph.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from . import unit_work
from .errors import DataErrors, ValidationFailed
from .builds import prune, store_root, swap
from .export import write_dumps
from .namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES, SHAPES_GRAPH, source_iri
from .progress import Progress, Stages, noop, peak_mb
from .resources import resource_dir
from .settings import Settings
from .store import Store, open_store
from .store.parts import Parts, graphs_of
from .units import Cache, Unit, collect, digest, write_atomic
from .validate import load_shapes

ONTOLOGY_FILE = resource_dir("ontology") / "napkg.ttl"
VOCABULARIES_FILE = resource_dir("ontology") / "vocabularies.ttl"
SHAPES_FILE = resource_dir("shapes") / "napkg.ttl"
GROUP_BYTES = 4_000_000  # YAML bytes per validation group (about 200k triples): a few large groups beat many small


@dataclass
class BuildReport:
    """What a build did: per-stage seconds and counts, triples per graph, warnings, where it went."""

    build_dir: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, tuple[int, str]] = field(default_factory=dict)
    worker_seconds: dict[str, float] = field(default_factory=dict)
    workers: int = 0
    graphs: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    units_rebuilt: list[str] = field(default_factory=list)
    units_cached: list[str] = field(default_factory=list)
    parts_triples: int = 0
    peak_memory_mb: float = 0.0
    peak_child_mb: float = 0.0

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())

    def stages(self, progress: Progress) -> Stages:
        """A stage timer writing into this report's seconds and counts."""
        st = Stages(progress)
        st.seconds, st.counts = self.seconds, self.counts
        return st


def _parse(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def load_reference() -> tuple[Graph, Graph, Graph]:
    """The ontology, the reference vocabularies and the shapes."""
    return _parse(ONTOLOGY_FILE), _parse(VOCABULARIES_FILE), load_shapes(SHAPES_FILE)


def _ref_parts(cache: Path, ref_digest: str, ontology: Graph, shapes: Graph) -> dict[str, Path]:
    """The ontology and shapes as N-Triples in the cache, written once per version of the reference files."""
    from .unit_work import _nt

    folder = cache / "reference"
    out = {}
    for name, g in (("ontology", ontology), ("shapes", shapes)):
        path = folder / f"{name}-{ref_digest[:24]}.nt"
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(path, _nt(g))
        out[name] = path
    return out


def _docs(units: list[Unit]) -> str:
    """Every source document node as N-Triples: from the cache for unchanged units, a typed node for changed ones."""
    from .namespaces import NAP

    out = []
    for u in units:
        if u.kind not in ("yaml", "rdf"):
            continue
        if u.meta is not None and u.meta.get("doc"):
            out.append(u.meta["doc"])
        else:
            out.append(f"<{source_iri(u.id)}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{NAP.SourceDocument}> .\n")
    return "".join(out)


def prepare_parts(settings: Settings, *, progress: Progress = noop, report: BuildReport | None = None,
                  engine: str | None = None) -> Parts:
    """Ingest, validate and reason every changed unit; the dataset as N-Triples files, one per graph part.

    Unchanged units are neither read nor turned into RDF again: their cache
    entries are the parts. Raises DataErrors for bad records or RDF files and
    ValidationFailed for shape violations (naming file, node and shape).
    """
    report = report if report is not None else BuildReport()
    stages = report.stages(progress)
    engine = engine or settings.reasoner
    cache = Cache(settings.path("cache_dir"))
    with stages("read", "units") as st:
        ontology, vocab, shapes = load_reference()
        ref_digest = digest(ONTOLOGY_FILE.read_bytes(), VOCABULARIES_FILE.read_bytes(), SHAPES_FILE.read_bytes(), engine,
                            settings.validator)
        cur, units = collect(settings.path("data_dir"), cache, ref_digest)
        changed = [u for u in units if not u.cached]
        st.count = len(units)
        st.note = (f"{len(changed)} to rebuild; {len(cur.sources)} YAML and {sum(u.kind == 'rdf' for u in units)} RDF "
                   f"source files, {len(cur.actors)} actors, {len(cur.instruments)} instruments")
    for u in units:
        if u.cached:
            report.units_cached.append(u.id)
            report.warnings += u.meta["warnings"]
    if changed:
        with stages("units", "units") as st:
            from .ingest import Reference, registry_graph

            reference = [u for u in changed if u.kind in ("vocabularies", "registry")]
            if reference:  # the registry itself is validated: the whole context in rdflib
                registry = registry_graph(cur, Reference.from_graph(vocab), {sf.id for sf in cur.sources})
                shared = unit_work.shared_for(cur, ontology, vocab, shapes, cache, engine, settings.validator,
                                              registry=registry, docs=_docs(units))
            else:  # only sources changed: their neighbourhoods, looked up in Oxigraph
                refs = _ref_parts(settings.path("cache_dir"), ref_digest, ontology, shapes)
                files = [refs["ontology"]] + [cache.asserted(u) for u in units if u.kind in ("vocabularies", "registry")]
                shared = unit_work.shared_for(cur, ontology, vocab, shapes, cache, engine, settings.validator,
                                              context_files=files, docs=_docs(units))
            sources = [u for u in changed if u.kind not in ("vocabularies", "registry")]
            workers = max(1, int(settings.build_workers))
            n = max(min(workers, len(sources)), -(-sum(u.size for u in sources) // GROUP_BYTES))
            groups = ([reference] if reference else []) + unit_work.split(sources, n)
            done = []

            def finished(o):
                done.append(o)
                k = sum(len(x.units) for x in done)
                triples = sum(m["asserted"] for x in done for m in x.units.values())
                progress(f"units: {k}/{len(changed)} done ({triples:,} triples validated and reasoned)")

            outs = unit_work.run(groups, shared, workers, finished)
            errors = [e for o in outs for e in o.errors]
            if errors:
                raise DataErrors(errors)
            violations = [v for o in outs for v in o.violations]
            if violations:
                raise ValidationFailed(f"{len(violations)} SHACL violation(s):\n" + "\n".join(sorted(violations)))
            metas = {uid: m for o in outs for uid, m in o.units.items()}
            for o in outs:
                for k, v in o.seconds.items():
                    report.worker_seconds[k] = report.worker_seconds.get(k, 0.0) + v
            report.workers = len({o.pid for o in outs})  # 1 when the groups ran in this process
            for u in changed:
                u.meta = metas[u.id]
                report.units_rebuilt.append(u.id)
                report.warnings += u.meta["warnings"]
            st.count = len(changed)
            st.note = (f"{sum(m['asserted'] for m in metas.values()):,} triples, "
                       f"{sum(m['inferred'] for m in metas.values()):,} inferred, in {len(groups)} group(s)")
    refs = _ref_parts(settings.path("cache_dir"), ref_digest, ontology, shapes)
    parts: Parts = [(ONTOLOGY_GRAPH, refs["ontology"]), (SHAPES_GRAPH, refs["shapes"])]
    for u in units:
        parts.append((u.graph, cache.asserted(u)))
    for u in units:
        parts.append((INFERRED_GRAPH, cache.inferred(u)))
    report.parts_triples = sum(u.meta["asserted"] + u.meta["inferred"] for u in units) + len(ontology) + len(shapes)
    return parts


def prepare(settings: Settings, *, progress: Progress = noop, report: BuildReport | None = None,
            engine: str | None = None) -> dict[URIRef, Graph]:
    """Ingest, validate and reason: every named graph of the dataset as rdflib graphs, nothing written but the cache.

    For small datasets and callers that want graphs (``napkg validate``, the
    memory and remote stores, tests). Raises DataErrors and ValidationFailed.
    """
    return graphs_of(prepare_parts(settings, progress=progress, report=report, engine=engine))


def build(settings: Settings, *, progress: Progress = noop, dumps: bool = True,
          engine: str | None = None) -> BuildReport:
    """Build the graph from ``data/`` into a new store and make it current.

    On any error the new folder is removed and ``current`` still points at the
    last good build; a build killed outright leaves only a folder that no
    manifest completes, never made current and removed by a later build.
    """
    report = BuildReport()
    stages = report.stages(progress)
    t_start = time.perf_counter()
    parts = prepare_parts(settings, progress=progress, report=report, engine=engine)
    root = store_root(settings)
    builds = root / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.perf_counter_ns() % 10**6}"
    new = builds / stamp
    new.mkdir()
    store: Store | None = None
    try:
        store = open_store(settings.store_backend, new / "store", settings=settings)
        progress(f"loading {report.parts_triples:,} triples into {settings.store_backend} "
                 f"({store.location(new / 'store', settings)})")
        with stages("load") as st:
            report.graphs = dict(sorted(store.stage(parts, progress=progress).items()))
            st.count = report.triples
        staged = store.staged()  # what was loaded, readable before it is published
        if dumps:
            with stages("dumps") as st:
                listing = write_dumps(staged, new / "dumps")
                st.count, st.what = sum(d["triples"] for d in listing), "triples written"
        # ---- the store is loaded (and dumped); what else goes into the build folder goes here, before the swap.
        with stages("search") as st:
            progress("writing the search index")
            from .search import write_build_index  # the full-text index lives in the build folder (kg/search)

            st.count, st.what = write_build_index(staged, new)["documents"], "documents indexed"
        built = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        manifest = {
            "backend": settings.store_backend, "build_id": stamp, "built": built,
            "graphs": report.graphs, "triples": report.triples, "seconds": report.seconds,
            "warnings": len(report.warnings), "prefixes": PREFIXES,
        }
        with stages("publish"):
            manifest.update(store.publish(build_id=stamp, created=built))
        report.seconds["total"] = time.perf_counter() - t_start
        report.peak_memory_mb, report.peak_child_mb = peak_mb()
        manifest["seconds"] = report.seconds
        (new / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        store.close()
        swap(root, new)
    except BaseException:
        if store is not None:
            store.discard()
        shutil.rmtree(new, ignore_errors=True)
        raise
    report.build_dir = new
    prune(builds, keep={new})
    return report
