"""Dumps of a store: TriG, N-Quads, Turtle (the union) and JSON-LD.

Each dump is written by the store (:meth:`kg.store.base.Store.dump`: Oxigraph's
own writers, over a copy where the data lives elsewhere) and described by
size, triple count and SHA-256, for the service's /dumps/ listing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .store import Store

FORMATS = {
    "trig": ("napkg.trig", "application/trig", "trig"),
    "nquads": ("napkg.nq", "application/n-quads", "nquads"),
    "ttl": ("napkg.ttl", "text/turtle", "turtle"),
    "jsonld": ("napkg.jsonld", "application/ld+json", "json-ld"),
}


def export(store: Store, fmt: str, target) -> int:
    """Write the store in ``fmt`` (trig, nquads, ttl, jsonld) to a path or binary file; return the triple count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return store.dump(fmt, target)


def write_dumps(store: Store, folder: Path) -> list[dict]:
    """Every dump format into ``folder``; returns their descriptions (also saved as dumps.json)."""
    folder.mkdir(parents=True, exist_ok=True)
    listing = []
    for fmt, (name, media_type, _) in FORMATS.items():
        path = folder / name
        n = export(store, fmt, path)
        listing.append({
            "format": fmt, "file": name, "media_type": media_type, "bytes": path.stat().st_size,
            "triples": n, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        })
    (folder / "dumps.json").write_text(json.dumps(listing, indent=2), encoding="utf-8")
    return listing
