"""Query and update text for the remote store: the dataset stripped, values bound, updates batched.

What kind of query a text is and which variables it projects come from the
one query inspector (:mod:`kg.sparql_guard`); this module only rewrites text
the way a remote store needs it.
"""

from __future__ import annotations

import re
from typing import Iterator, Mapping, Sequence

import pyoxigraph as ox

from .terms import to_ox

_OPS_PER_REQUEST = 500  # update operations a request: Virtuoso's SPARQL compiler ran out of memory on 5,000 lines

_TOKENS = re.compile(r'''(?P<skip>#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>)|(?P<from>\bFROM\s+(?:NAMED\s+)?(?:<[^<>"{}|^`\\\s]*>|[A-Za-z][\w.-]*:[\w.-]*|:[\w.-]*))|(?P<open>\{)|(?P<close>\})|(?P<word>\b(?:WHERE|CONSTRUCT)\b)''', re.IGNORECASE)


def strip_dataset(text: str) -> str:
    """``text`` without its ``FROM`` / ``FROM NAMED`` clauses (the dataset then goes as protocol parameters).

    Some stores (Virtuoso 7.2.5) let a query's FROM win over ``default-graph-uri``; the protocol says
    the parameters win, so napkg gives a remote store the dataset as parameters only.

    >>> strip_dataset("SELECT * FROM <http://ex/g> FROM NAMED ex:h WHERE { ?s ?p 'FROM <x>' }")
    "SELECT *   WHERE { ?s ?p 'FROM <x>' }"
    """
    pattern = where_start(text)
    spans, depth = [], 0
    for m in _TOKENS.finditer(text):
        if pattern is not None and m.start() >= pattern - 1:
            break
        if m.group("open"):
            depth += 1
        elif m.group("close"):
            depth -= 1
        elif m.group("from") and depth == 0:
            spans.append(m.span())
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    return text


def where_start(text: str) -> int | None:
    """Index just inside the ``{`` that opens the query's WHERE pattern; None if there is none to find.

    Strings, IRIs and comments are stepped over; a CONSTRUCT template is
    skipped; the short form ``CONSTRUCT WHERE { ... }`` has no separate
    pattern (None).

    >>> q = 'SELECT ?x WHERE { ?x <http://ex/p> "{" }'
    >>> q[:where_start(q)]
    'SELECT ?x WHERE {'
    >>> q = 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }'
    >>> q[where_start(q):]
    ' ?s ?p ?o }'
    """
    depth, construct, last_word, groups = 0, False, None, 0
    for m in _TOKENS.finditer(text):
        if m.group("word"):
            word = m.group("word").upper()
            construct = construct or word == "CONSTRUCT"
            last_word = word if depth == 0 else last_word
        elif m.group("open"):
            if depth == 0:
                if construct and groups == 0:
                    if last_word == "WHERE":
                        return None
                else:
                    return m.end()
                groups += 1
            depth += 1
        elif m.group("close"):
            depth -= 1
    return None


def bind_values(text: str, values: Mapping[str, object]) -> str:
    """``text`` with ``values`` (variable name -> term) joined at the start of its WHERE pattern.

    Where that cannot be placed, a trailing ``VALUES`` block, as rdflib's ``SPARQLStore`` does with
    ``initBindings`` (Virtuoso 7.2.5 ignores a trailing block after GROUP BY, hence the first choice).

    >>> bind_values("SELECT * WHERE { ?s ?p ?o }", {"s": ox.NamedNode("http://ex/a")})
    'SELECT * WHERE { VALUES (?s) { (<http://ex/a>) } ?s ?p ?o }'
    """
    names = list(values)
    block = "VALUES (" + " ".join("?" + n.lstrip("?$") for n in names) + ") { (" + \
        " ".join(nt(values[n]) for n in names) + ") }"
    at = where_start(text)
    if at is None:
        return text + "\n" + block + "\n"
    return text[:at] + " " + block + text[at:]


def update_batches(ops: Sequence[str | tuple[str, int]], max_triples: float = float("inf")) -> Iterator[str]:
    """Update operations joined into requests of at most :data:`_OPS_PER_REQUEST` operations and about
    ``max_triples`` triples; an operation is its text, or its text and the triples it touches.

    >>> for text in update_batches([("MOVE <a> TO <b>", 3), ("MOVE <c> TO <d>", 3), "DROP SILENT GRAPH <e>"], 3):
    ...     print(text.split(" ;" + chr(10)))
    ['MOVE <a> TO <b>']
    ['MOVE <c> TO <d>']
    ['DROP SILENT GRAPH <e>']
    """
    batch: list[str] = []
    size = 0
    for op in ops:
        text, n = (op, 0) if isinstance(op, str) else op
        batch.append(text)
        size += n
        if size >= max_triples or len(batch) >= _OPS_PER_REQUEST:
            yield " ;\n".join(batch)
            batch, size = [], 0
    if batch:
        yield " ;\n".join(batch)


def nt(term) -> str:
    """An rdflib or pyoxigraph term in N-Triples syntax (for VALUES and INSERT DATA)."""
    if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return str(term)
    return str(to_ox(term))


__all__ = ["strip_dataset", "where_start", "bind_values", "update_batches", "nt"]
