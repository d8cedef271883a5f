"""Synthetic data of napkg's shape: the real curated records copied N times.

Copy ``i`` renames every source, plan and registry id with a ``-x<i>`` suffix
(the reference vocabularies are shared), so each copy is an independent set of
plans with its own bodies, and the graph grows linearly with N while keeping
the real mix of classes, links, labels and quotes.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

ACTOR_LISTS = ("publishers", "responsible", "involved", "reporters", "actors")


def _suffix(value: str, i: int) -> str:
    return f"{value}-x{i}"


def scale(src: Path, out: Path, factor: int) -> Path:
    """Write ``factor`` renamed copies of the records under ``src`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    actors = yaml.safe_load((src / "actors.yaml").read_text(encoding="utf-8"))
    instruments = yaml.safe_load((src / "instruments.yaml").read_text(encoding="utf-8"))
    registry_instruments = {r["id"] for r in instruments}
    sources = {p.name: yaml.safe_load(p.read_text(encoding="utf-8"))
               for p in sorted(src.glob("*.yaml")) if p.name not in ("actors.yaml", "instruments.yaml")}
    all_actors, all_instruments = [], []
    for i in range(factor):
        src_ids = {doc["source"]["id"] for doc in sources.values()}
        for rec in actors:
            r = copy.deepcopy(rec)
            r["id"] = _suffix(r["id"], i)
            if r.get("part_of"):
                r["part_of"] = _suffix(r["part_of"], i)
            for e in r["evidence"]:
                e["source"] = _suffix(e["source"], i)
            all_actors.append(r)
        for rec in instruments:
            r = copy.deepcopy(rec)
            r["id"] = _suffix(r["id"], i)
            if r.get("part_of") and r["part_of"] in registry_instruments:
                r["part_of"] = _suffix(r["part_of"], i)
            for e in r["evidence"]:
                e["source"] = _suffix(e["source"], i)
            all_instruments.append(r)
        for name, doc in sources.items():
            d = copy.deepcopy(doc)
            d["source"]["id"] = _suffix(d["source"]["id"], i)
            d["source"]["publishers"] = [_suffix(a, i) for a in d["source"].get("publishers", [])]
            for p in d.get("plans") or []:
                p["id"] = _suffix(p["id"], i)
                _rename(p, i, registry_instruments)
            for g in d.get("groups") or []:
                g["plan"] = _suffix(g["plan"], i)
            for a in d.get("actions") or []:
                a["plan"] = _suffix(a["plan"], i)
                _rename(a, i, registry_instruments)
                for u in a.get("progress") or []:
                    _rename(u, i, registry_instruments)
            (out / f"{Path(name).stem}-x{i}.yaml").write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
        del src_ids
    (out / "actors.yaml").write_text(yaml.safe_dump(all_actors, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (out / "instruments.yaml").write_text(yaml.safe_dump(all_instruments, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def _rename(rec: dict, i: int, registry_instruments: set[str]) -> None:
    for key in ACTOR_LISTS:
        if rec.get(key):
            rec[key] = [_suffix(a, i) for a in rec[key]]
    if rec.get("instruments"):
        rec["instruments"] = [_suffix(x, i) if x in registry_instruments else x for x in rec["instruments"]]
