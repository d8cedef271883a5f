"""The store contract every backend honours, and nothing outside ``kg/store/`` bypasses.

A store holds a dataset of named graphs; the SPARQL default graph is their
union. A build writes a store once, as one transaction; then it is read.

Reading
  :meth:`Store.query` answers in rdflib terms (the library's lookups);
  :meth:`Store.answer` answers a query from outside written in the format the
  endpoint sends (:func:`kg.sparql_exec.answer`: guard, dataset, row cap,
  writers), over :meth:`Store.run`, the engine's own answer in pyoxigraph
  terms; :meth:`Store.dump` writes the whole dataset in one RDF format. The
  time limit is the caller's (:attr:`Store.query_timeout_ms`): a query worker
  is killed at it (:mod:`kg.query_pool`), and a store that can stop its own
  work (a remote one) also stops there.

Writing: the build transaction
  :meth:`Store.stage` loads a build's parts (N-Triples files, one per graph
  part) beside what readers see; :meth:`Store.publish` makes them what readers
  see, in one step, and returns what the build's manifest must record to find
  them again; :meth:`Store.discard` drops what was staged and leaves the
  published data as it was. Between stage and publish the store reads what it
  staged (the build writes its dumps and search index from it). A local store
  is published by the build folder's ``current`` link
  (:func:`kg.builds.swap`); a remote one by its own build graph.

A backend that cannot do something says so in ``capabilities``; callers outside
``kg/store/`` ask the flags (:func:`kg.store.capabilities`), never the backend's
name.

============  ==========================================================
flag          meaning
============  ==========================================================
persistent    the data outlives the process (a folder, or a server)
read_only     can be opened read-only (the service's workers do)
bulk_load     loads a whole dataset at once from files
staged_load   stages beside published data that readers keep seeing until publish
remote        the data lives in a server, not in the build folder: the
              service asks it which build it holds and writes its dumps
sparql11      answers SPARQL 1.1 queries
bindings      binds selected variables to terms (``bindings=``)
============  ==========================================================

rdflib is imported only where rdflib terms are handed over, so reading a build
through :meth:`Store.run` and :meth:`Store.answer` (``napkg query``, the
endpoint's workers) loads pyoxigraph alone.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Mapping, Sequence

if TYPE_CHECKING:
    from rdflib import Graph, URIRef
    from rdflib.term import Identifier

    from ..sparql_exec import Answer

Parts = list  # [(graph IRI, N-Triples file)]: a build's dataset, graph part by graph part (kg.store.parts)
Progress = Callable[[str], None]


@dataclass
class QueryResult:
    """A query's answer as rdflib terms.

    ``kind`` is ``SELECT``, ``ASK`` or ``CONSTRUCT`` (DESCRIBE answers as CONSTRUCT).
    """

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    graph: "Graph | None" = None
    truncated: bool = False

    def dicts(self) -> list[dict[str, "Identifier"]]:
        """Rows as dicts, unbound variables left out."""
        return [{v: t for v, t in zip(self.vars, row) if t is not None} for row in self.rows]


CAPABILITIES = frozenset({"persistent", "read_only", "bulk_load", "staged_load", "remote", "sparql11", "bindings"})
"""Every capability flag a backend may declare."""


class Store(ABC):
    """One backend's dataset. Create with ``kg.store.open_store``."""

    name: str = "abstract"
    capabilities: frozenset[str] = frozenset()
    query_timeout_ms: int | None = None
    """The time limit of the queries to come, set by the caller (a query worker): a store that can stop its own
    work (a remote one) does so at the limit; every store is also stopped from outside (:mod:`kg.query_pool`)."""
    last_capped: int | None = None
    """Set when the store's own row cap cut the last answer (a remote store's): the answer is then marked cut."""

    @classmethod
    def location(cls, path: Path | None, settings=None) -> str:
        """Where a store of this backend at ``path`` keeps its data, for messages (never with a password)."""
        return str(path) if path is not None else "memory"

    # ------------------------------------------------------------ reading

    @abstractmethod
    def query(self, sparql: str, *, bindings: Mapping[str, "Identifier"] | None = None,
              max_rows: int | None = None) -> QueryResult:
        """Answer a SPARQL query over the union default graph, in rdflib terms.

        ``bindings`` binds variables to RDF terms (never spliced into text);
        a bound variable must be one the query selects (``SELECT *`` selects all);
        ``max_rows`` fetches one more row than allowed to tell a cut result.
        """

    @abstractmethod
    def run(self, text: str, *, prefixes: Mapping[str, str] | None = None, bindings: Mapping[str, object] | None = None,
            default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
            base_iri: str | None = None, kind: str | None = None):
        """The engine's answer to ``text`` in pyoxigraph terms: a ``QueryBoolean``, ``QuerySolutions`` or an
        iterable of ``Triple``.

        ``default_graphs`` and ``named_graphs`` both None: the union of every
        graph is the default graph and each graph a named one; given, they are
        the dataset (IRIs the store holds). ``bindings`` maps variable names to
        pyoxigraph terms; ``prefixes`` and ``base_iri`` are pre-declared;
        ``kind`` (the query form, when the caller knows it) spares a second read.
        Raises ``SyntaxError`` (the engine's) or QueryError.
        """

    def answer(self, text: str, *, formats: Mapping[str, str | None], max_rows: int,
               default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
               bindings: Mapping[str, object] | None = None, base_iri: str | None = None,
               prefixes: Mapping[str, str] | None = None) -> "Answer":
        """A query from outside, guarded and written in full in one of ``formats`` (:func:`kg.sparql_exec.answer`)."""
        from ..sparql_exec import answer

        extra = {"prefixes": prefixes} if prefixes is not None else {}
        return answer(self, text, formats=formats, max_rows=max_rows, default_graphs=default_graphs,
                      named_graphs=named_graphs, substitutions=bindings, base_iri=base_iri, **extra)

    def held_graphs(self) -> frozenset[str]:
        """The IRIs of the named graphs."""
        return frozenset(str(g) for g in self.graph_names())

    def ask(self, text: str, *, prefixes: Mapping[str, str] | None = None) -> bool:
        """An ASK query's answer over the union default graph."""
        return bool(self.run(text, prefixes=prefixes, kind="ASK"))

    @abstractmethod
    def graph_names(self) -> list["URIRef"]:
        """The named graphs, sorted."""

    @abstractmethod
    def quads(self, graph: "URIRef | None" = None) -> Iterator[tuple]:
        """Every (s, p, o, g) as rdflib terms, optionally of one graph."""

    @abstractmethod
    def count(self, graph: "URIRef | None" = None) -> int:
        """Number of quads, optionally of one graph."""

    def dump(self, fmt: str, target) -> int:
        """Write the dataset as ``fmt`` (:data:`kg.export.FORMATS`: trig, nquads, ttl (the union), jsonld) to a path
        or binary file; the number of triples written. Oxigraph's writers, over a copy where the data is elsewhere."""
        from .oxigraph import OxigraphStore

        return OxigraphStore.copy_of(self).dump(fmt, target)

    # ------------------------------------------------------------ writing: the build transaction

    @abstractmethod
    def load(self, graphs: Mapping["URIRef", "Graph"]) -> None:
        """Add every graph of ``graphs`` to this (new, empty) store under its name, readable at once."""

    def stage(self, parts: Parts, *, progress: Progress | None = None) -> dict[str, int]:
        """Load a build's parts (graph IRI, N-Triples file); the triples per graph.

        Inferred triples another graph asserts are left out of the inferred graph.
        """
        from .parts import graphs_of

        graphs = graphs_of(parts)
        self.load(graphs)
        return {str(n): len(g) for n, g in graphs.items()}

    def staged(self) -> "Store":
        """The store to read what was staged before it is published: itself where reads already see it."""
        return self

    def publish(self, *, build_id: str, created: str) -> dict:
        """Make what was staged what readers see; what the build's manifest records to find it (beyond the folder)."""
        return {}

    def discard(self) -> None:
        """Drop what was staged; the published data stays as it was."""

    def build_info(self) -> dict | None:
        """The build a store that outlives build folders (``remote``) says it holds; None for others."""
        return None

    def close(self) -> None:
        """Release files and handles."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def variable_bindings(bindings: Mapping[str, "Identifier"] | None) -> dict:
    from rdflib.term import Variable

    return {Variable(k.lstrip("?$")): v for k, v in (bindings or {}).items()}
