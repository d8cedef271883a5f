"""rdflib terms and pyoxigraph terms, each way, and a pyoxigraph answer as a :class:`QueryResult`.

Apart from the stores so that reading a build with pyoxigraph alone (``napkg
query``, the endpoint) never imports rdflib: only what hands rdflib terms to a
caller (``Store.query``, ``Store.quads``, ``Store.load``) imports this module.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from .base import QueryResult


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
