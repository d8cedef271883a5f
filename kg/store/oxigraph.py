"""The default backend: Oxigraph on disk (pyoxigraph).

Reading and writing go through pyoxigraph's own objects; rdflib terms are made
only for the callers that ask for them (:meth:`OxigraphStore.query`,
:meth:`OxigraphStore.quads`), so ``napkg query`` and the endpoint never import
rdflib.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterator, Mapping

import pyoxigraph as ox

from ..errors import QueryError, StoreError
from ..prefixes import PREFIXES
from .base import Parts, Progress, QueryResult, Store

DEDUPE = """DELETE { GRAPH <%(inferred)s> { ?s ?p ?o } }
WHERE { GRAPH <%(inferred)s> { ?s ?p ?o } GRAPH ?g { ?s ?p ?o } FILTER(?g != <%(inferred)s>) }"""
COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
DUMP_FORMATS = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD,
                "ttl": ox.RdfFormat.TURTLE}
"""Dump formats (:data:`kg.export.FORMATS`) as Oxigraph's writers; ``ttl`` is the union of every graph."""


class OxigraphStore(Store):
    """Oxigraph on disk; ``path=None`` keeps it in memory (tests, benchmarks, copies of a remote store)."""

    name = "oxigraph"
    capabilities = frozenset({"persistent", "bulk_load", "sparql11", "bindings", "read_only"})

    def __init__(self, path: Path | None = None, *, read_only: bool = False, settings=None):
        self.path = Path(path) if path else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except (OSError, RuntimeError) as e:  # RuntimeError: RocksDB's, e.g. a damaged or half-written store
            raise StoreError(f"cannot open the Oxigraph store at {self.path}: {e}") from None

    @classmethod
    def of_quads(cls, quads) -> "OxigraphStore":
        """An in-memory store holding ``quads`` (pyoxigraph ``Quad`` objects)."""
        local = cls(None)
        local._store.extend(quads)
        return local

    @classmethod
    def copy_of(cls, store: Store) -> "OxigraphStore":
        """Every quad of ``store`` in an in-memory Oxigraph store (a store read once, then written fast)."""
        from .terms import to_ox

        return cls.of_quads(ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g)) for s, p, o, g in store.quads())

    # ------------------------------------------------------------ reading

    def run(self, text, *, prefixes=None, bindings=None, default_graphs=None, named_graphs=None, base_iri=None,
            kind=None):
        if default_graphs is None and named_graphs is None:
            dataset = {"use_default_graph_as_union": True}
        else:
            dataset = {"default_graph": [ox.NamedNode(g) for g in default_graphs or []],
                       "named_graphs": [ox.NamedNode(g) for g in named_graphs or []]}
        subs = {ox.Variable(k.lstrip("?$")): v for k, v in (bindings or {}).items()}
        extra = {"base_iri": base_iri} if base_iri else {}
        return self._store.query(text, prefixes=dict(prefixes) if prefixes else None, substitutions=subs or None,
                                 **dataset, **extra)

    def held_graphs(self) -> frozenset[str]:
        return frozenset(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def query(self, sparql, *, bindings=None, max_rows=None) -> QueryResult:
        from .terms import result_of, to_ox

        subs = {ox.Variable(k.lstrip("?$")): to_ox(v) for k, v in (bindings or {}).items()}
        try:
            res = self._store.query(sparql, use_default_graph_as_union=True, substitutions=subs or None)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from None
        except RuntimeError as e:  # a bound variable the query does not project
            raise QueryError(f"cannot bind parameters: {e} (bound variables must be selected, or use SELECT *)") from None
        except OSError as e:
            raise QueryError(f"query failed: {e}") from None
        return result_of(res, max_rows=max_rows)

    def graph_names(self):
        from rdflib import URIRef

        return sorted(URIRef(g) for g in self.held_graphs())

    def quads(self, graph=None) -> Iterator[tuple]:
        from .terms import from_ox

        gn = ox.NamedNode(str(graph)) if graph is not None else None
        for q in self._store.quads_for_pattern(None, None, None, gn):
            yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name)

    def count(self, graph=None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))

    def dump(self, fmt: str, target) -> int:
        """Oxigraph's own writers: ten times faster than rdflib's on the same dataset."""
        if fmt not in DUMP_FORMATS:
            raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(DUMP_FORMATS)}")
        if fmt == "ttl":  # the union, never through Python objects: N-Triples into a scratch store, dumped as Turtle
            union = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
            scratch = ox.Store()
            scratch.load(union.serialize(format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES)
            data, n = scratch.dump(format=ox.RdfFormat.TURTLE, prefixes=PREFIXES, from_graph=ox.DefaultGraph()), \
                len(scratch)
        else:
            data = self._store.dump(format=DUMP_FORMATS[fmt], prefixes=PREFIXES if fmt != "nquads" else None)
            n = len(self._store)
        if hasattr(target, "write"):
            target.write(data)
        else:
            Path(target).write_bytes(data)
        return n

    def graph_triples(self, graph: str) -> Iterator[tuple]:
        """The (s, p, o) of one graph as pyoxigraph terms (a remote store stages from these)."""
        for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            yield q.subject, q.predicate, q.object

    # ------------------------------------------------------------ writing

    def load(self, graphs: Mapping) -> None:
        from .terms import to_ox

        quads = (ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(name)))
                 for name, g in graphs.items() for s, p, o in g)
        if self.path is None:
            self._store.extend(quads)
        else:
            self._store.bulk_extend(quads)
            self._store.flush()
            self._store.optimize()

    def load_nquads(self, path: Path) -> None:
        """Bulk-load an N-Quads file (the fast path for large builds)."""
        if self.path is None:
            self._store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
        else:
            self._store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
            self._store.flush()
            self._store.optimize()

    def stage(self, parts: Parts, *, progress: Progress | None = None) -> dict[str, int]:
        """Stream the parts into one N-Quads file, bulk-load it, drop inferred triples another graph asserts.

        No rdflib in between: every line of every part is put in its part's
        graph (:func:`kg.store.parts.write_nquads`). A local store is published
        by its build folder, so staging is loading.
        """
        from .parts import write_nquads
        from ..namespaces import INFERRED_GRAPH

        folder = self.path.parent if self.path is not None else None
        fd, name = tempfile.mkstemp(suffix=".nq", dir=folder)
        os.close(fd)
        nq = Path(name)
        try:
            write_nquads(parts, nq)
            self.load_nquads(nq)
        finally:
            nq.unlink(missing_ok=True)
        self._store.update(DEDUPE % {"inferred": INFERRED_GRAPH})
        self._store.flush()
        return {sol["g"].value: int(sol["n"].value) for sol in self._store.query(COUNTS)}

    def close(self):
        self._store = None
