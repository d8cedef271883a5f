"""Answer a SPARQL query from outside: guard it, fix its dataset, run it, cap it, write it to bytes.

This is what the service's ``/sparql`` endpoint runs inside a query worker
(:mod:`kg.query_pool`), so all of it, parsing included, is under the query's
deadline. The answer is written completely before it is returned: a client
gets a whole result or an error, never a result cut in the middle.

- The query is checked by :mod:`kg.sparql_guard` (updates, ``SERVICE``,
  ``LOAD``, undeclared prefixes); Oxigraph's parser checks the rest, and its
  syntax errors are worded with line, column and a caret.
- Its dataset: the protocol's ``default-graph-uri`` / ``named-graph-uri`` if
  given, else the query's ``FROM`` / ``FROM NAMED``, else the union of all
  graphs as the default graph and every graph as a named graph
  (``urn:x-rdflib:default``, which rdflib's ``Dataset`` over a ``SPARQLStore``
  sends, stands for the union). A graph the store does not hold is an empty
  graph, as in every common store: it is left out of the dataset (never
  fetched, never read from disk, never sent to a remote store) and listed in
  :attr:`Answer.unknown_graphs`, so that a typo shows.
- At most ``max_rows`` solutions (or triples) are read; one more tells that
  the answer was cut, and :attr:`Answer.truncated` says so.
- napkg's prefixes (:data:`kg.namespaces.PREFIXES`) are pre-declared.

>>> from rdflib import Graph, URIRef
>>> from kg.store import open_store
>>> s = open_store("oxigraph")
>>> s.load({URIRef("http://ex/g"): Graph().parse(data='<http://ex/a> <http://ex/p> "x" .', format="nt")})
>>> a = answer(s, "SELECT ?s WHERE { ?s ?p ?o }", formats={"results": "csv"}, max_rows=10)
>>> a.kind, a.media_type, a.body, a.truncated
('SELECT', 'text/csv', b's\\r\\nhttp://ex/a\\r\\n', False)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, Sequence

import pyoxigraph as ox

from .errors import QueryError
from .prefixes import PREFIXES
from .result_formats import FORMATS, write_boolean, write_solutions, write_triples
from .sparql_guard import from_oxigraph, inspect_query

if TYPE_CHECKING:
    from .store import Store


# Names clients give the default graph itself: rdflib's Dataset and ConjunctiveGraph over a SPARQLStore send
# default-graph-uri=urn:x-rdflib:default. Here it means what the default graph is: the union of all graphs.
DEFAULT_GRAPH_ALIASES = frozenset({"urn:x-rdflib:default"})


class NoAcceptableFormat(QueryError):
    """The client accepts no format this kind of query can be answered in."""

    status, title = 406, "Not acceptable"


@dataclass
class Answer:
    """A query's complete answer: ``body`` bytes (or ``table`` for HTML pages) and what it is."""

    kind: str
    format: str
    media_type: str
    body: bytes | None = None
    table: dict | None = None
    rows: int = 0
    truncated: bool = False
    dataset: dict = field(default_factory=dict)
    unknown_graphs: list[str] = field(default_factory=list)


def _checked(iris: Sequence[str], parameter: str) -> list[str]:
    """The protocol's graph IRIs, each checked to be an absolute IRI (else a QueryError naming it)."""
    for iri in iris:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise QueryError(f"{parameter} {iri!r} is not an absolute IRI") from None
    return list(iris)


def answer(store: "Store", text: str, *, formats: Mapping[str, str | None], max_rows: int,
           default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
           substitutions: Mapping[str, object] | None = None,
           prefixes: Mapping[str, str] = PREFIXES, base_iri: str | None = None) -> Answer:
    """Run ``text`` on ``store`` and write its answer.

    ``formats`` maps a family (``results`` for SELECT and ASK, ``graph`` for
    CONSTRUCT and DESCRIBE) to a key of :data:`kg.result_formats.FORMATS`, or
    to None when the client accepts nothing of that family
    (:class:`NoAcceptableFormat`). ``default_graphs`` / ``named_graphs`` are
    the protocol's dataset; when either is given it replaces the query's.
    ``base_iri`` resolves relative IRIs of a query that declares no ``BASE``
    (the service passes its endpoint's URL, as the protocol suggests).
    """
    plan = inspect_query(text, prefixes=prefixes, base_iri=base_iri)
    family = "graph" if plan.returns_graph else "results"
    fmt = formats.get(family)
    if fmt is None:
        offered = ", ".join(f.media_type for f in FORMATS.values() if f.family == family)
        raise NoAcceptableFormat(f"a {plan.kind} query answers with {'a graph' if family == 'graph' else 'results'}, "
                                 f"in one of: {offered}; the request accepts none of them")
    if fmt not in FORMATS or FORMATS[fmt].family not in (family, "any"):
        raise QueryError(f"format {fmt!r} cannot carry the answer of a {plan.kind} query")

    if default_graphs and not named_graphs and set(default_graphs) <= DEFAULT_GRAPH_ALIASES:
        default_graphs = None
    elif default_graphs and set(default_graphs) & DEFAULT_GRAPH_ALIASES:
        default_graphs = [g for g in default_graphs if g not in DEFAULT_GRAPH_ALIASES] + sorted(store.held_graphs())
    if default_graphs is not None or named_graphs is not None:
        asked = {"default_graph": _checked(default_graphs or [], "default-graph-uri"),
                 "named_graphs": _checked(named_graphs or [], "named-graph-uri")}
    elif plan.has_dataset:
        asked = {"default_graph": list(plan.default_graphs), "named_graphs": list(plan.named_graphs)}
    else:
        asked = None
    unknown: list[str] = []
    if asked is None:
        dataset = {}
    else:
        held = store.held_graphs()
        unknown = [g for g in dict.fromkeys(asked["default_graph"] + asked["named_graphs"]) if g not in held]
        dataset = {k: [g for g in dict.fromkeys(v) if g in held] for k, v in asked.items()}

    try:
        result = store.run(text, prefixes=dict(prefixes), bindings=substitutions or None, base_iri=base_iri,
                           kind=plan.kind, default_graphs=dataset.get("default_graph"),
                           named_graphs=dataset.get("named_graphs"))
        out = Answer(plan.kind, fmt, FORMATS[fmt].media_type, dataset=dataset, unknown_graphs=unknown)
        if isinstance(result, ox.QueryBoolean):
            written = write_boolean(bool(result), fmt)
            out.rows = 1
        elif isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = []
            for solution in result:
                if len(rows) >= max_rows:
                    out.truncated = True
                    break
                rows.append(tuple(solution[n] for n in names))
            written = write_solutions(names, rows, fmt)
            out.rows = len(rows)
        else:
            triples = []
            for t in result:
                if len(triples) >= max_rows:
                    out.truncated = True
                    break
                triples.append(t)
            written = write_triples(triples, fmt, prefixes=prefixes)
            out.rows = len(triples)
        if store.last_capped:  # a remote store cut the answer with its own row cap
            out.truncated = True
    except SyntaxError as e:  # the grammar beyond what the guard reads: Oxigraph's parser, its message worded
        raise from_oxigraph(text, e) from None
    if isinstance(written, dict):
        out.table = written
    else:
        out.body = written
    return out
