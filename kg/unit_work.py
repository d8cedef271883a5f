"""Turn changed units into validated, reasoned N-Triples, in parallel groups.

The changed units are split into groups of roughly equal size; each group is
handled by one worker process (forked, so the reference graphs, the registry
and the records are shared, not copied or pickled): its units become RDF
(``kg.ingest``'s functions, or ``kg.rdf_sources`` for RDF files), the group
is validated with pySHACL against the part of the context its nodes point at
(as one build-wide run did before), reasoned over, and each unit's asserted
and inferred triples are written to the cache as N-Triples. Only small
summaries (counts, warnings, violations, errors) come back to the parent.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from rdflib import Graph, URIRef

from . import rdf_sources
from .errors import DataError, DataErrors
from .ingest import Reference, plan_index, registry_graph, source_graph
from .namespaces import source_iri
from .reason import infer
from .units import Cache, Unit, declared, declared_iris, needs
from .validate import neighbourhood, results, unit_focus_nodes, validate

_SHORT = (("https://w3id.org/napkg/shapes#", "napsh:"),)


@dataclass
class Shared:
    """What every worker reads: set in the parent before the workers fork."""

    ontology: Graph
    vocab: Graph
    shapes: Graph
    registry: Graph
    context: Graph
    cur: object
    ref: Reference
    plans: dict
    cache: Cache
    engine: str
    validator: str = "pyshacl"


@dataclass
class Outcome:
    """What one group's worker reports back."""

    units: dict[str, dict] = field(default_factory=dict)  # unit id -> {asserted, inferred, warnings, doc}
    violations: list[str] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)  # napkg's errors pickle whole (kg.errors)
    seconds: dict[str, float] = field(default_factory=dict)
    pid: int = 0  # the process that ran the group


_SHARED: Shared | None = None


def _shape(iri: str) -> str:
    for long, short in _SHORT:
        if iri.startswith(long):
            return short + iri[len(long):]
    return iri if iri and not iri.startswith("N") else "(an anonymous property shape)"


def _unit_graph(unit: Unit, sh: Shared, warnings: list[str]) -> Graph:
    if unit.kind == "vocabularies":
        return sh.vocab
    if unit.kind == "registry":
        return sh.registry
    if unit.kind == "rdf":
        g = rdf_sources.parse(unit.source)
        warnings += rdf_sources.redefinitions(g, unit.source, sh.registry, sh.cur.root)
        return g
    return source_graph(unit.source, sh.cur, sh.ref, sh.plans)


def run_group(group: list[Unit]) -> Outcome:
    """Ingest, validate, reason and cache one group of units (in a worker, or in the parent)."""
    sh = _SHARED
    out = Outcome(pid=os.getpid())
    t, c = time.perf_counter(), time.process_time()
    graphs: dict[str, Graph] = {}
    extra: dict[str, list[str]] = {}
    for unit in group:
        extra[unit.id] = []
        try:
            graphs[unit.id] = _unit_graph(unit, sh, extra[unit.id])
        except DataErrors as e:
            out.errors += e.errors
        except DataError as e:
            out.errors.append(e)
    t, c = _lap(out, "ingest", t, c)
    if out.errors:
        return out
    owner: dict = {}
    data = Graph()
    if any(u.kind in ("vocabularies", "registry") for u in group):
        data += sh.context
    else:
        data += neighbourhood(graphs.values(), sh.context)
    for unit in group:
        data += graphs[unit.id]
        for node in unit_focus_nodes(graphs[unit.id]):
            owner.setdefault(node, unit.id)
    found: dict[str, list] = {u.id: [] for u in group}
    for r in _validate(sh, data):
        uid = owner.get(URIRef(r.focus))
        if uid is not None:
            found[uid].append(r)
    by_id = {u.id: u for u in group}
    for uid, rs in found.items():
        for r in rs:
            if r.severity == "Violation":
                out.violations.append(f"{by_id[uid].file}: {r.line()} [shape {_shape(r.shape)}]")
    t, c = _lap(out, "validate", t, c)
    if out.violations:
        return out

    subject_owner: dict = {}
    object_owner: dict = {}
    for unit in group:
        for s in graphs[unit.id].subjects():
            subject_owner.setdefault(s, unit.id)
        for o in graphs[unit.id].objects():
            object_owner.setdefault(o, unit.id)
    per_unit = {u.id: Graph() for u in group}
    union = Graph()  # the group's own triples: each axiom needs one or two triples of one unit (a test holds
    for unit in group:  # the result equal to reasoning over the whole dataset at once)
        union += graphs[unit.id]
    for tr in infer(union, sh.ontology, engine=sh.engine):
        uid = subject_owner.get(tr[0]) or object_owner.get(tr[0]) or group[0].id
        per_unit[uid].add(tr)
    t, c = _lap(out, "reason", t, c)

    for unit in group:
        g = graphs[unit.id]
        warnings = extra[unit.id] + [f"{unit.id}: {r.line()}" for r in found[unit.id]]
        doc = source_iri(unit.id)
        meta = {"id": unit.id, "kind": unit.kind, "asserted": len(g), "inferred": len(per_unit[unit.id]),
                "warnings": warnings, "doc": _nt(g.triples((doc, None, None))).decode("utf-8")}
        if unit.kind == "registry":
            meta.update(actors=[a["id"] for a in sh.cur.actors], instruments=[i["id"] for i in sh.cur.instruments])
        if unit.kind == "yaml":
            plans, groups = declared(unit.source.data)
            meta.update(plans=plans, groups=groups)
            meta["needs"] = needs(g, declared_iris(plans, groups))
        sh.cache.write(unit, _nt(g), _nt(per_unit[unit.id]), meta)
        out.units[unit.id] = meta
    _lap(out, "cache", t, c)
    return out


def _lap(out: Outcome, step: str, t: float, c: float) -> tuple[float, float]:
    """Record a step's wall-clock and CPU seconds (on a shared machine the CPU figure is the steadier one)."""
    now, cpu = time.perf_counter(), time.process_time()
    out.seconds[step] = now - t
    out.seconds[step + " cpu"] = cpu - c
    return now, cpu


def _validate(sh: Shared, data: Graph) -> list:
    """Every SHACL result on ``data`` plus the ontology: pySHACL (the reference) or pyrudof, as configured."""
    if sh.validator == "pyrudof":
        import tempfile

        from .validate import validate_rudof

        fd, path = tempfile.mkstemp(suffix=".nt", dir=sh.cache.root if sh.cache.root.exists() else None)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(_nt(sh.ontology))
                f.write(_nt(data))
            return validate_rudof(path)
        finally:
            os.unlink(path)
    checked = Graph()
    checked += sh.ontology
    checked += data
    _conforms, report, _text = validate(checked, shapes=sh.shapes)
    return results(report)


def _nt(triples) -> bytes:
    """Triples as N-Triples bytes (rdflib terms' own N-Triples forms)."""
    from rdflib.plugins.serializers.nt import _nt_row

    return "".join(_nt_row(t) for t in triples).encode("utf-8")


def split(units: list[Unit], groups: int) -> list[list[Unit]]:
    """Units dealt into ``groups`` groups of roughly equal bytes (largest first, to the lightest group)."""
    bins: list[list[Unit]] = [[] for _ in range(max(1, min(groups, len(units))))]
    sizes = [0] * len(bins)
    for u in sorted(units, key=lambda u: -u.size):
        i = sizes.index(min(sizes))
        bins[i].append(u)
        sizes[i] += u.size or 1
    return [b for b in bins if b]


def _threads() -> int:
    """Threads of this process, native ones included where the system lists them (Linux), else Python's."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def run(groups: list[list[Unit]], shared: Shared, workers: int,
        done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Every group through :func:`run_group`, in ``workers`` forked processes when there is more than one group.

    Groups run in this process instead when it runs other threads, Python's
    or native ones (a test runner, a notebook, a server; the thread pools of
    the Rust validator and reasoner once used here): a forked child gets a
    copy of every lock another thread held at that moment, and no threads to
    release it, so it waits forever. ``napkg build`` runs none, so it forks.
    """
    global _SHARED
    _SHARED = shared
    try:
        if (workers <= 1 or len(groups) <= 1 or "fork" not in multiprocessing.get_all_start_methods()
                or _threads() > 1):
            outs = []
            for g in groups:
                outs.append(run_group(g))
                if done:
                    done(outs[-1])
            return outs
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(min(workers, len(groups)), maxtasksperchild=1) as pool:
            outs = []
            for o in pool.imap_unordered(run_group, groups):
                outs.append(o)
                if done:
                    done(o)
            return outs
    finally:
        _SHARED = None


def shared_for(cur, ontology: Graph, vocab: Graph, shapes: Graph, cache: Cache, engine: str, validator: str,
               *, registry: Graph | None = None, context_files: list | None = None, docs: str = "") -> Shared:
    """The workers' shared state.

    With ``registry`` (an rdflib graph: the registry itself is rebuilt) the
    context is one rdflib graph of the ontology, vocabularies, registry and
    source documents (``docs``, N-Triples); without it the context is an
    :class:`kg.ox_context.OxContext` over ``context_files``, enough for the
    neighbourhoods of changed sources.
    """
    if registry is not None:
        context = Graph()
        for g in (ontology, vocab, registry):
            context += g
        if docs:
            context.parse(data=docs, format="nt")
    else:
        from .ox_context import OxContext

        context = OxContext(context_files or [], [docs])
        registry = context
    return Shared(ontology, vocab, shapes, registry, context, cur, Reference.from_graph(vocab),
                  plan_index(cur), cache, engine, validator)


__all__ = ["Shared", "Outcome", "run", "run_group", "split", "shared_for", "registry_graph"]
