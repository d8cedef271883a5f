"""Full-text search over the graph: an embedded tantivy index written by the build, and its query.

>>> from kg.store import open_store
>>> from rdflib import Graph, Literal, URIRef
>>> from rdflib.namespace import RDF, SKOS
>>> import tempfile, pathlib
>>> NAP = "https://w3id.org/napkg/ontology#"
>>> g = Graph(); a = URIRef("https://w3id.org/napkg/id/actor/spf-justice")
>>> _ = g.add((a, RDF.type, URIRef(NAP + "Actor")))
>>> _ = g.add((a, SKOS.prefLabel, Literal("SPF Justice", lang="fr")))
>>> s = open_store("oxigraph"); s.load({URIRef("https://w3id.org/napkg/graph/registry"): g})
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_build_index(s, folder)["documents"]
1
>>> with open_index(folder) as con:
...     [h.label for h in search(con, "JUSTICE").hits]
['SPF Justice']
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from rdflib import Graph, URIRef

from ..store import Store, open_store
from .index import INDEX_DIR, write_index
from .query import IndexMissing, Results, SearchError, connect, list_kind, name, search

__all__ = ["INDEX_DIR", "IndexMissing", "Results", "SearchError", "index_path", "list_kind", "name", "open_index",
           "search", "write_build_index", "write_index"]


def index_path(build: Path) -> Path:
    """Where a build folder keeps its search index."""
    return Path(build) / INDEX_DIR


def write_build_index(source: Store | dict[URIRef, Graph], build: Path) -> dict:
    """Write the search index of a build folder from its store, or from its graphs (a build staged in a remote
    store, not yet readable: they are read through an in-memory Oxigraph store)."""
    if isinstance(source, dict):
        mem = open_store("oxigraph")
        mem.load(source)
        try:
            return write_index(mem, index_path(build))
        finally:
            mem.close()
    return write_index(source, index_path(build))


@contextlib.contextmanager
def open_index(build: Path):
    """A build folder's index, open for searching (IndexMissing when it has none)."""
    yield connect(index_path(build))
