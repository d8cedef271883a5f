"""The build's units: what ``data/`` holds, which units changed, and their cache entries.

A unit is the vocabularies, the registry, one YAML source file or one RDF
source file. Each has a content key (its bytes, the registry's and the
reference files' digests); a unit whose key has a complete cache entry is
*not read*: only its small metadata (the plans and groups it declares, the
plans and groups of other files it points at, its source document's triples)
comes back, enough for the cross-file checks of ``kg.ingest`` on the units
that did change. Its triples stay in the cache as N-Triples files, ready to be
bulk-loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from . import rdf_sources, records, schema
from .errors import DataError, DataErrors
from .namespaces import GRAPH, REGISTRY_GRAPH, VOCABULARIES_GRAPH, graph_iri, group_iri, plan_iri
from .records import ACTORS_FILE, HOMONYMS_FILE, INSTRUMENTS_FILE, Curation, SourceFile, _display

CACHE_VERSION = "2"
RESERVED = {"registry", "vocabularies", "ontology", "shapes", "inferred", "build", "manifest"}


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256(CACHE_VERSION.encode())
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode())
        h.update(b"\0")
    return h.hexdigest()


@dataclass
class Unit:
    """One unit of the build; ``meta`` is its cache entry's metadata when the unit is unchanged."""

    id: str
    kind: str  # vocabularies | registry | yaml | rdf
    key: str
    path: Path | None = None
    size: int = 0
    source: SourceFile | rdf_sources.RdfSource | None = None
    meta: dict | None = None

    @property
    def graph(self) -> URIRef:
        return {"vocabularies": VOCABULARIES_GRAPH, "registry": REGISTRY_GRAPH}.get(self.kind) or graph_iri(self.id)

    @property
    def file(self) -> str:
        return _display(self.path) if self.path else f"graph/{self.id}"

    @property
    def slot(self) -> str:
        """The cache file name's stem: known before the file is read (a YAML file's id is inside it)."""
        return self.path.stem if self.kind in ("yaml", "rdf") else self.id

    @property
    def cached(self) -> bool:
        return self.meta is not None


class Cache:
    """Per-unit entries under ``cache_dir/units``: asserted and inferred N-Triples, and a JSON of metadata.

    The JSON is written last, so an entry without it (a build killed while
    writing) is simply not there.
    """

    def __init__(self, root: Path):
        self.root = Path(root) / "units"

    def stem(self, unit: Unit) -> Path:
        return self.root / f"{unit.slot}-{unit.key[:24]}"

    def asserted(self, unit: Unit) -> Path:
        return self.stem(unit).with_suffix(".nt")

    def inferred(self, unit: Unit) -> Path:
        return self.stem(unit).with_suffix(".inferred.nt")

    def meta(self, unit: Unit) -> dict | None:
        try:
            return json.loads(self.stem(unit).with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def write(self, unit: Unit, asserted: bytes, inferred: bytes, meta: dict) -> None:
        """The unit's files, each written whole; the summary last, so an entry with a summary is complete."""
        self.root.mkdir(parents=True, exist_ok=True)
        write_atomic(self.asserted(unit), asserted)
        write_atomic(self.inferred(unit), inferred)
        write_atomic(self.stem(unit).with_suffix(".json"), json.dumps(meta).encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place: readers see the old file or the new."""
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def declared_iris(plans, groups) -> set[str]:
    """The IRIs of the plans and (plan, group) pairs a source declares."""
    return {str(plan_iri(p)) for p in plans} | {str(group_iri(p, g)) for p, g in groups}


def _stub(sid: str, meta: dict, path: Path, file_digest: str) -> SourceFile:
    """An unchanged source as ``kg.ingest`` sees other files: its id, plans and groups only."""
    data = {"source": {"id": sid}, "plans": [{"id": p} for p in meta["plans"]],
            "groups": [{"plan": p, "id": g} for p, g in meta["groups"]]}
    return SourceFile(path, data, file_digest)


def declared(doc: dict) -> tuple[list[str], list[list[str]]]:
    """The plan ids and (plan, group) pairs a source file declares."""
    return ([p["id"] for p in doc.get("plans") or []],
            [[gr["plan"], gr["id"]] for gr in doc.get("groups") or []])


def _registry_digest(root: Path, errors: list) -> str:
    """The registry files' digest, from their bytes (read, not parsed)."""
    digests = []
    for name in (ACTORS_FILE, INSTRUMENTS_FILE):
        p = root / name
        if not p.exists():
            errors.append(DataError(_display(p), None, None, "registry file missing"))
            continue
        digests.append(hashlib.sha256(p.read_bytes()).hexdigest())
    return hashlib.sha256("".join(digests).encode()).hexdigest()


def _load_registry(root: Path, cur: Curation, errors: list) -> None:
    for name, target, json_schema in ((ACTORS_FILE, "actors", schema.ACTORS_FILE),
                                      (INSTRUMENTS_FILE, "instruments", schema.INSTRUMENTS_FILE)):
        p = root / name
        if not p.exists():
            continue
        try:
            doc, _ = records.load_yaml(p)
        except DataError as e:
            errors.append(e)
            continue
        doc = [] if doc is None else doc
        errors += records.check_schema(doc, json_schema, p)
        setattr(cur, target, doc if isinstance(doc, list) else [])


def collect(root: Path, cache: Cache, ref_digest: str) -> tuple[Curation, list[Unit]]:
    """Every unit of ``root``; changed YAML files read and schema-checked, unchanged ones as stubs.

    Raises DataErrors listing every problem found (schema, duplicate ids, bad
    RDF file names) before anything is turned into RDF.
    """
    root = Path(root)
    if not root.is_dir():
        raise DataErrors([DataError(_display(root), None, None, "data folder not found")])
    cur = Curation(root=root)
    errors: list[DataError] = []
    cur.registry_digest = _registry_digest(root, errors)
    units: list[Unit] = [Unit("vocabularies", "vocabularies", ref_digest)]
    seen: dict[str, Path] = {}
    for p in sorted(root.glob("*.yaml")):
        if p.name in (ACTORS_FILE, INSTRUMENTS_FILE, HOMONYMS_FILE):
            continue
        raw = p.read_bytes()
        file_digest = hashlib.sha256(raw).hexdigest()
        unit = Unit("", "yaml", digest(ref_digest, cur.registry_digest, file_digest), p, len(raw))
        meta = cache.meta(unit) if cache else None
        if meta is not None:
            unit.id, unit.meta = meta["id"], meta
            unit.source = _stub(meta["id"], meta, p, file_digest)
        else:
            try:
                doc, _ = records.load_yaml(p)
            except DataError as e:
                errors.append(e)
                continue
            errs = records.check_schema(doc, schema.SOURCE_FILE, p)
            if errs:
                errors += errs
                continue
            unit.id = doc["source"]["id"]
            unit.source = SourceFile(p, doc, file_digest)
        if unit.id in seen:
            errors.append(DataError(_display(p), "source", "id", f"duplicate source id '{unit.id}' (also in {_display(seen[unit.id])})"))
            continue
        seen[unit.id] = p
        units.append(unit)
    for p in rdf_sources.find(root):
        bad = rdf_sources.check_name(p)
        if bad is None and (p.stem in seen or p.stem in RESERVED):
            other = _display(seen[p.stem]) if p.stem in seen else "napkg's own graphs"
            bad = DataError(_display(p), None, None, f"graph/{p.stem} is already taken by {other}: rename the file")
        if bad is not None:
            errors.append(bad)
            continue
        raw = p.read_bytes()
        src = rdf_sources.RdfSource(p, hashlib.sha256(raw).hexdigest())
        unit = Unit(p.stem, "rdf", digest(ref_digest, cur.registry_digest, src.digest, "rdf", src.seed), p, len(raw), src)
        unit.meta = cache.meta(unit) if cache else None
        seen[p.stem] = p
        units.append(unit)
    cur.sources = [u.source for u in units if u.kind == "yaml"]
    source_ids = ",".join(sorted(sf.id for sf in cur.sources))
    reg = Unit("registry", "registry", digest(ref_digest, cur.registry_digest, source_ids), root / ACTORS_FILE)
    units.insert(1, reg)
    if cache:
        for u in units:
            if u.kind in ("vocabularies", "registry"):
                u.meta = cache.meta(u)
    if reg.meta is not None and "actors" in reg.meta:  # unchanged: kg.ingest checks sources against the ids only
        cur.actors = [{"id": i} for i in reg.meta["actors"]]
        cur.instruments = [{"id": i} for i in reg.meta["instruments"]]
    else:
        reg.meta = None
        _load_registry(root, cur, errors)
    if errors:
        raise DataErrors(errors)
    if cache:
        _drop_stale(units, cur)
    return cur, units


def _drop_stale(units: list[Unit], cur: Curation) -> None:
    """An unchanged source pointing at a plan or group no file declares any more is read again.

    Reading it again lets ``kg.ingest`` report the broken reference with file, record and field.
    """
    known: set[str] = set()
    for u in units:
        if u.kind != "yaml":
            continue
        ps, gs = u.meta and (u.meta["plans"], u.meta["groups"]) or declared(u.source.data)
        known |= declared_iris(ps, gs)
    for i, u in enumerate(units):
        if u.kind == "yaml" and u.meta is not None and not set(u.meta["needs"]) <= known:
            doc, _ = records.load_yaml(u.path)
            u.meta, u.source = None, SourceFile(u.path, doc, u.source.digest)
            cur.sources = [u.source if sf.path == u.path else sf for sf in cur.sources]


def needs(graph, own: set[str]) -> list[str]:
    """Plan and group IRIs a unit's triples point at that the unit does not declare itself."""
    prefixes = (str(plan_iri("")), str(group_iri("", "")).rstrip("/"))
    found = {str(o) for o in graph.objects() if isinstance(o, URIRef) and str(o).startswith(prefixes)}
    return sorted(found - own)


__all__ = ["Unit", "Cache", "collect", "digest", "declared", "needs", "GRAPH"]
