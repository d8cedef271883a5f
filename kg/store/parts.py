"""A build's parts (graph IRI, N-Triples file) as one N-Quads file, or as rdflib graphs.

Every part of the dataset (the ontology, the shapes, each unit's asserted
triples and what reasoning added to it) is an N-Triples file in the cache. A
store's :meth:`~kg.store.base.Store.stage` reads them: Oxigraph streams them,
line by line with their graph name appended, into one N-Quads file it
bulk-loads (:func:`write_nquads`); the rdflib memory store reads rdflib graphs
(:func:`graphs_of`).
"""

from __future__ import annotations

from pathlib import Path

from ..namespaces import INFERRED_GRAPH

Parts = list  # [(graph IRI, N-Triples file)]


def write_nquads(parts: Parts, target: Path) -> int:
    """Concatenate N-Triples files into one N-Quads file, each line put in its part's graph; lines written."""
    n = 0
    with open(target, "wb") as out:
        for graph, path in parts:
            tail = f" <{graph}> .\n".encode()
            with open(path, "rb") as f:
                for line in f:
                    line = line.rstrip()
                    if not line or line.startswith(b"#"):
                        continue
                    out.write(line[:-1].rstrip())  # drop the final '.'
                    out.write(tail)
                    n += 1
    return n


def graphs_of(parts: Parts) -> dict:
    """The parts as rdflib graphs, inferred triples some other graph asserts left out (small datasets, other backends)."""
    from rdflib import Graph

    out: dict = {}
    for graph, path in parts:
        g = out.setdefault(graph, Graph())
        g.parse(path, format="nt")
    inferred = out.get(INFERRED_GRAPH)
    if inferred is not None:
        for t in list(inferred):
            if any(t in g for name, g in out.items() if name != INFERRED_GRAPH):
                inferred.remove(t)
    return out
