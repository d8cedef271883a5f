"""The store contract every backend honours.

A store holds a dataset of named graphs; the SPARQL default graph is their
union. Stores are written once, by a build, then read: ``load`` fills an empty
store, ``query`` answers SPARQL. A backend that cannot do something raises
``NotImplementedError`` and says so in ``capabilities``; callers outside
``kg/store/`` ask the flags (:func:`kg.store.capabilities`), never the
backend's name.

============  ==========================================================
flag          meaning
============  ==========================================================
persistent    the data outlives the process (a folder, or a server)
read_only     can be opened read-only (the service's workers do)
bulk_load     loads a whole dataset at once from files
staged_load   ``stage`` / ``publish`` / ``discard``: a build transaction
remote        the data lives in a server, not in the build folder: the
              service asks it which build it holds and writes its dumps
sparql11      answers SPARQL 1.1 queries
bindings      binds selected variables to terms (``bindings=``)
============  ==========================================================
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Iterator, Mapping

from rdflib import Graph, URIRef
from rdflib.term import Identifier, Variable


@dataclass
class QueryResult:
    """A query's answer as rdflib terms.

    ``kind`` is ``SELECT``, ``ASK`` or ``CONSTRUCT`` (DESCRIBE answers as CONSTRUCT).
    """

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    truncated: bool = False

    def dicts(self) -> list[dict[str, Identifier]]:
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

    @abstractmethod
    def load(self, graphs: Mapping[URIRef, Graph]) -> None:
        """Add every graph of ``graphs`` to this (new, empty) store under its name."""

    @abstractmethod
    def query(self, sparql: str, *, bindings: Mapping[str, Identifier] | None = None,
              max_rows: int | None = None) -> QueryResult:
        """Answer a SPARQL query over the union default graph.

        ``bindings`` binds variables to RDF terms (never spliced into text);
        a bound variable must be one the query selects (``SELECT *`` selects all);
        ``max_rows`` fetches one more row than allowed to tell a cut result.
        """

    @abstractmethod
    def graph_names(self) -> list[URIRef]:
        """The named graphs, sorted."""

    @abstractmethod
    def quads(self, graph: URIRef | None = None) -> Iterator[tuple]:
        """Every (s, p, o, g) as rdflib terms, optionally of one graph."""

    @abstractmethod
    def count(self, graph: URIRef | None = None) -> int:
        """Number of quads, optionally of one graph."""

    def close(self) -> None:
        """Release files and handles."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def variable_bindings(bindings: Mapping[str, Identifier] | None) -> dict[Variable, Identifier]:
    return {Variable(k.lstrip("?$")): v for k, v in (bindings or {}).items()}

