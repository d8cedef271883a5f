"""The default backend: Oxigraph on disk (pyoxigraph)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from ..errors import QueryError, StoreError
from .base import QueryResult, Store


def to_ox(term: Identifier):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


def from_ox(term) -> Identifier | None:
    """A pyoxigraph term as an rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"cannot convert {term!r}")


def result_of(res, *, max_rows: int | None = None, cut: bool = False) -> QueryResult:
    """A pyoxigraph answer (boolean, solutions or triples) as a :class:`QueryResult` of rdflib terms.

    At most ``max_rows`` rows are read; one more marks the result cut, as does ``cut``.
    """
    if isinstance(res, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        names = [v.value for v in res.variables]
        rows, truncated = [], cut
        for sol in res:
            if max_rows is not None and len(rows) >= max_rows:
                truncated = True
                break
            rows.append(tuple(from_ox(sol[n]) for n in names))
        return QueryResult("SELECT", vars=names, rows=rows, truncated=truncated)
    g = Graph()
    for t in res:
        g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return QueryResult("CONSTRUCT", graph=g, truncated=cut)


class OxigraphStore(Store):
    """Oxigraph on disk; ``path=None`` keeps it in memory (tests, benchmarks)."""

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
        except OSError as e:
            raise StoreError(f"cannot open the Oxigraph store at {self.path}: {e}") from None

    @property
    def native(self) -> ox.Store:
        """The pyoxigraph store, for code that serialises results natively."""
        return self._store

    def load(self, graphs: Mapping[URIRef, Graph]) -> None:
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

    def query(self, sparql, *, bindings=None, max_rows=None) -> QueryResult:
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
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def quads(self, graph=None) -> Iterator[tuple]:
        gn = ox.NamedNode(str(graph)) if graph is not None else None
        for q in self._store.quads_for_pattern(None, None, None, gn):
            yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name)

    def count(self, graph=None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))

    def close(self):
        self._store = None
