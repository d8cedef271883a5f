"""The build's load step: the units' N-Triples files into a store, without rdflib in between.

Every part of the dataset (the ontology, the shapes, each unit's asserted
triples and what reasoning added to it) is an N-Triples file in the cache.
For Oxigraph they are streamed, line by line with their graph name appended,
into one N-Quads file that Oxigraph bulk-loads; inferred triples some graph
already asserts are then dropped inside the store (one SPARQL update). Other
backends (the rdflib memory store, a remote SPARQL store) get rdflib graphs
read from the same files.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from .namespaces import INFERRED_GRAPH

DEDUPE = f"""DELETE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}
WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{INFERRED_GRAPH}>) }}"""
COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"

Parts = list[tuple[URIRef, Path]]


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


def load_oxigraph(store, parts: Parts, folder: Path) -> dict[str, int]:
    """Bulk-load ``parts`` into an Oxigraph store, drop inferred duplicates; the triple count per graph."""
    nq = folder / "load.nq"
    write_nquads(parts, nq)
    try:
        store.load_nquads(nq)
    finally:
        nq.unlink(missing_ok=True)
    native = store.native
    native.update(DEDUPE)
    native.flush()
    return {sol["g"].value: int(sol["n"].value) for sol in native.query(COUNTS)}


def graphs_of(parts: Parts) -> dict[URIRef, Graph]:
    """The parts as rdflib graphs, inferred triples some other graph asserts left out (small datasets, other backends)."""
    out: dict[URIRef, Graph] = {}
    for graph, path in parts:
        g = out.setdefault(graph, Graph())
        g.parse(path, format="nt")
    inferred = out.get(INFERRED_GRAPH)
    if inferred is not None:
        for t in list(inferred):
            if any(t in g for name, g in out.items() if name != INFERRED_GRAPH):
                inferred.remove(t)
    return out
