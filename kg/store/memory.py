"""The rdflib in-memory backend, persisted as one TriG file (tests, comparison)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Mapping

from rdflib import Dataset, Graph, URIRef
from rdflib.query import Result
from rdflib.term import Variable

from ..errors import QueryError, StoreError
from .base import QueryResult, Store, variable_bindings

FILE = "store.trig"


class MemoryStore(Store):
    """An rdflib Dataset with a union default graph; saved to ``path/store.trig`` when it has a path."""

    name = "memory"
    capabilities = frozenset({"sparql11", "bindings"})

    def __init__(self, path: Path | None = None, *, read_only: bool = False, settings=None):
        self.path = Path(path) if path else None
        self.read_only = read_only
        self._ds = Dataset(default_union=True)
        if self.path is not None and (self.path / FILE).exists():
            try:
                self._ds.parse(self.path / FILE, format="trig")
            except Exception as e:  # a damaged file: say which, no traceback
                raise StoreError(f"cannot read the memory store {self.path / FILE}: {e}") from None

    def load(self, graphs: Mapping[URIRef, Graph]) -> None:
        for name, g in graphs.items():
            target = self._ds.graph(name)
            for t in g:
                target.add(t)
        if self.path is not None:
            self.path.mkdir(parents=True, exist_ok=True)
            self._ds.serialize(self.path / FILE, format="trig")

    def query(self, sparql, *, bindings=None, max_rows=None) -> QueryResult:
        from pyparsing.exceptions import ParseException

        from ..sparql_guard import projected_variables

        selected = projected_variables(sparql) if bindings else None
        missing = [k for k in (bindings or {}) if selected is not None and k.lstrip("?$") not in selected]
        if missing:  # as Oxigraph, which substitutes only selected variables: one contract for every store
            raise QueryError(f"cannot bind parameters {', '.join(missing)}: bound variables must be selected, "
                             "or use SELECT *")
        try:
            res: Result = self._ds.query(sparql, initBindings=variable_bindings(bindings))
            if res.type == "ASK":
                return QueryResult("ASK", boolean=bool(res.askAnswer))
            if res.type == "SELECT":
                names = [str(v) for v in res.vars]
                rows, truncated = [], False
                for row in res:
                    if max_rows is not None and len(rows) >= max_rows:
                        truncated = True
                        break
                    rows.append(tuple(row))
                return QueryResult("SELECT", vars=names, rows=rows, truncated=truncated)
            g = Graph()
            for t in res:
                g.add(t)
            return QueryResult("CONSTRUCT", graph=g)
        except ParseException as e:
            raise QueryError(f"SPARQL syntax error: {e}") from None

    def run(self, text, *, prefixes=None, bindings=None, default_graphs=None, named_graphs=None, base_iri=None,
            kind=None):
        """rdflib's engine, its answer handed over in pyoxigraph terms through the W3C formats (SPARQL results JSON,
        N-Triples), parsed by pyoxigraph: the endpoint writes every store's answers with the same writers."""
        import pyoxigraph as ox
        from pyparsing.exceptions import ParseException

        from .sparql_text import strip_dataset
        from .terms import from_ox

        ds = self._ds
        if default_graphs is not None or named_graphs is not None:  # the protocol's dataset, never the query's FROM
            text = strip_dataset(text)
            ds = Dataset(default_union=False)
            for g in default_graphs or []:
                for t in self._ds.graph(URIRef(g)):
                    ds.default_graph.add(t)
            for g in named_graphs or []:
                target = ds.graph(URIRef(g))
                for t in self._ds.graph(URIRef(g)):
                    target.add(t)
        init = {Variable(k.lstrip("?$")): from_ox(v) for k, v in (bindings or {}).items()}
        try:
            res: Result = ds.query(text, initNs=dict(prefixes or {}), initBindings=init, base=base_iri)
            if res.type in ("ASK", "SELECT"):
                return ox.parse_query_results(res.serialize(format="json"), ox.QueryResultsFormat.JSON)
            return [ox.Triple(q.subject, q.predicate, q.object)
                    for q in ox.parse(res.serialize(format="nt"), ox.RdfFormat.N_TRIPLES)]
        except ParseException as e:
            raise SyntaxError(f"rdflib cannot parse the query: {e}") from None

    def graph_names(self):
        return sorted(g.identifier for g in self._ds.graphs()
                      if isinstance(g.identifier, URIRef) and len(g) and str(g.identifier) != "urn:x-rdflib:default")

    def quads(self, graph=None) -> Iterator[tuple]:
        for s, p, o, g in self._ds.quads((None, None, None, graph)):
            name = g.identifier if hasattr(g, "identifier") else g
            yield s, p, o, name

    def count(self, graph=None) -> int:
        if graph is None:
            return sum(len(self._ds.graph(n)) for n in self.graph_names())
        return len(self._ds.graph(graph))
