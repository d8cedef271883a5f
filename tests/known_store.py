"""The small fixture store of known content (``tests/known_data``): built without SHACL, for tests that need
known labels, counts and actors (the service tests' ``known`` client, the search tests)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from kg.settings import Settings

FIXTURE_DATA = Path(__file__).parent / "known_data" / "data"


def build_fixture_store(tmp: Path, data: Path = FIXTURE_DATA) -> Settings:
    """Build ``data`` into ``tmp/store`` the way ``kg.build.build`` lays a build out, without SHACL."""
    from kg import records
    from kg.build import load_reference
    from kg.builds import swap as _swap
    from kg.export import write_dumps
    from kg.ingest import ingest
    from kg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES, SHAPES_GRAPH, VOCABULARIES_GRAPH
    from kg.reason import infer
    from kg.store import open_store
    from rdflib import Graph

    settings = Settings({"data_dir": str(data), "store_dir": str(tmp / "store"), "cache_dir": str(tmp / "cache")})
    ontology, vocab, shapes = load_reference()
    graphs = ingest(records.load(data), vocab)
    dataset = {ONTOLOGY_GRAPH: ontology, VOCABULARIES_GRAPH: vocab, SHAPES_GRAPH: shapes, **graphs}
    union = Graph()
    for g in graphs.values():
        union += g
    inferred = Graph()
    for t in infer(union, ontology):
        if not any(t in g for g in dataset.values()):
            inferred.add(t)
    dataset[INFERRED_GRAPH] = inferred
    root = settings.path("store_dir")
    new = root / "builds" / "fixture"
    store = open_store("oxigraph", new / "store")
    store.load(dataset)
    write_dumps(store, new / "dumps")
    from kg.search import write_build_index

    write_build_index(store, new)
    store.close()
    graph_counts = {str(n): len(g) for n, g in dataset.items()}
    (new / "manifest.json").write_text(json.dumps({
        "backend": "oxigraph", "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "graphs": graph_counts, "triples": sum(graph_counts.values()), "prefixes": PREFIXES, "fixture": True,
    }, indent=2), encoding="utf-8")
    _swap(root, new)
    return settings
