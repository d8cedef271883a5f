"""Look at a SPARQL query before anything runs it: what kind it is, which graphs it names, whether it is safe.

A query from outside is read by a small tokenizer (IRIs, strings, comments,
variables, prefixed names and keywords told apart, as the SPARQL grammar's
terminals are), which costs a few tens of microseconds, not the 17-90 ms of a
full parse by rdflib; Oxigraph's own parser then checks the rest of the
grammar when the query runs. The query is refused when it

- is an update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR`` ...): the store is
  read-only, and ``LOAD`` would fetch a URL;
- contains ``SERVICE`` anywhere (the keyword can stand nowhere else in the
  grammar, so a token is enough, whatever pattern it sits in);
- uses a prefix that is neither declared nor one of napkg's pre-declared ones
  (a readable message instead of Oxigraph's list of character ranges).

The ``FROM`` / ``FROM NAMED`` graphs are read, resolved against ``BASE`` (or
the endpoint's own URL) and returned: :mod:`kg.sparql_exec` answers a graph the
store does not hold as an empty graph, never fetched, never read from disk.

>>> plan = inspect_query("SELECT * FROM <https://w3id.org/napkg/graph/lu-pan2> WHERE { ?s ?p ?o }")
>>> plan.kind, plan.default_graphs
('SELECT', ('https://w3id.org/napkg/graph/lu-pan2',))
>>> inspect_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
kg.errors.UnsafeInput: SERVICE <http://example.org/sparql> is refused: this endpoint never queries other services
>>> inspect_query("LOAD <http://example.org/data.ttl>")
Traceback (most recent call last):
...
kg.errors.UnsafeInput: LOAD is refused: this endpoint is read-only and never fetches URLs (SPARQL Update is not accepted)
>>> print(inspect_query("SELECT ?c WHERE {\\n  ?s ex:country ?c }"))
Traceback (most recent call last):
...
kg.errors.QueryError: SPARQL syntax error at line 2, column 6: expected a prefix declared with PREFIX; 'ex:' is not declared
    ?s ex:country ?c }
       ^
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterator, Mapping
from urllib.parse import urljoin

from .errors import QueryError, UnsafeInput

KINDS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")

_TOKEN = re.compile(r"""
  (?P<ws>\s+)
| (?P<comment>\#[^\n]*)
| (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
| (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
| (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
| (?P<pname>(?:[^\W\d_](?:[\w.\-\u00B7]*[\w\-\u00B7])?)?:(?:[\w:\-%\u00B7]|\\[_~.\-!$&'()*+,;=/?\#@%]|\.(?=[\w:\-%\\]))*)
| (?P<bnode>_:[\w.\-]+)
| (?P<word>[^\W\d_]\w*)
| (?P<other>.)
""", re.VERBOSE | re.DOTALL)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PN_ESCAPE = re.compile(r"\\([_~.\-!$&'()*+,;=/?#@%])")
_OX_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)


@dataclass(frozen=True)
class QueryPlan:
    """What a query is: its form and the dataset its ``FROM`` clauses ask for.

    ``has_dataset`` is true when the query has any ``FROM`` or ``FROM NAMED``:
    its default graph is then the merge of ``default_graphs`` (empty if none)
    and its named graphs are ``named_graphs``, as SPARQL 1.1 says.
    """

    kind: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)

    @property
    def returns_graph(self) -> bool:
        return self.kind in ("CONSTRUCT", "DESCRIBE")


def _tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, offset) of every significant token: whitespace and comments left out."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            yield kind, m.group(), m.start()


def where(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def syntax_error(text: str, line: int, column: int, expected: str) -> QueryError:
    """A syntax error naming the line and column, with the line and a caret under the column."""
    lines = text.splitlines() or [""]
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    column = max(1, min(column, len(shown) + 1))
    err = QueryError(f"SPARQL syntax error at line {line}, column {column}: {expected}\n"
                     f"  {shown}\n  {' ' * (column - 1)}^")
    err.line, err.column = line, column
    return err


def _expectation(message: str) -> str:
    """Oxigraph's "expected one of ..." cut to its keywords and punctuation (its character ranges dropped)."""
    if "Prefix not found" in message:
        return "expected a prefix declared with PREFIX (one of the query's prefixes is not declared)"
    if not message.startswith("expected"):
        return message.strip().splitlines()[0][:200]
    body = re.sub(r"^expected (one of )?", "", message)
    body = re.sub(r"\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]", "", body)  # character ranges: no help to a person
    items = []
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"|\b([A-Za-z][A-Za-z_ ]*[A-Za-z])\b', body):
        item = m.group(1) if m.group(1) is not None else m.group(2)
        item = "a string" if item.strip("'\"\\") == "" else item
        if item and item not in items:
            items.append(item)
    if not items:
        return "unexpected text here"
    shown = ", ".join(i if i[0].isalpha() else f"'{i}'" for i in items[:10])
    return f"expected {'one of ' if len(items) > 1 else ''}{shown}{', ...' if len(items) > 10 else ''}"


def from_oxigraph(text: str, error: BaseException) -> QueryError:
    """Oxigraph's ``SyntaxError`` ("error at 1:33: expected one of ...") as a readable :class:`QueryError`."""
    message = str(error)
    m = _OX_POSITION.match(message)
    if not m:
        return QueryError(f"SPARQL syntax error: {message[:300]}")
    return syntax_error(text, int(m.group(1)), int(m.group(2)), _expectation(m.group(3)))


def _iri(kind: str, value: str, prologue: dict, base: str | None) -> str:
    if kind == "iri":
        inner = value[1:-1]
        return urljoin(base, inner) if base and not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", inner) else inner
    prefix, _, local = value.partition(":")
    return prologue[prefix] + _PN_ESCAPE.sub(r"\1", local)


@functools.lru_cache(maxsize=1024)
def _inspect(text: str, prefixes: tuple[tuple[str, str], ...], base_iri: str | None) -> QueryPlan:
    if "\\u" in text or "\\U" in text:  # SPARQL's codepoint escapes apply before any parsing: \u0053ERVICE is SERVICE
        text = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    toks = list(_tokens(text))
    declared = dict(prefixes)
    base = base_iri
    i = 0
    while i < len(toks) and toks[i][0] == "word" and toks[i][1].upper() in ("PREFIX", "BASE"):
        if toks[i][1].upper() == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = _iri("iri", toks[i + 1][1], declared, base)
            i += 2
        elif toks[i][1].upper() == "PREFIX" and i + 2 < len(toks) and toks[i + 1][0] == "pname" \
                and toks[i + 1][1].endswith(":") and toks[i + 2][0] == "iri":
            declared[toks[i + 1][1][:-1]] = _iri("iri", toks[i + 2][1], declared, base)
            i += 3
        else:
            break
    words = {t[1].upper() for t in toks if t[0] == "word"}
    first = toks[i] if i < len(toks) else ("other", "", len(text))
    head = first[1].upper() if first[0] == "word" else ""
    if head in UPDATES or (head not in KINDS and words & {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP"}):
        if "LOAD" in words:
            raise UnsafeInput("LOAD is refused: this endpoint is read-only and never fetches URLs "
                              "(SPARQL Update is not accepted)")
        raise QueryError(f"SPARQL Update ({head or 'an update'}) is refused: this endpoint is read-only; send a SELECT, "
                         "ASK, CONSTRUCT or DESCRIBE query")
    if head not in KINDS:
        shown = f", not '{first[1]}'" if first[1] else ""
        raise syntax_error(text, *where(text, first[2]), f"expected SELECT, ASK, CONSTRUCT or DESCRIBE{shown}")
    default, named = [], []
    for j in range(i, len(toks)):
        kind, value, offset = toks[j]
        if kind == "word" and value.upper() == "SERVICE":
            nxt = [t for t in toks[j + 1:j + 3] if not (t[0] == "word" and t[1].upper() == "SILENT")][:1]
            shown = f" {nxt[0][1]}" if nxt and nxt[0][0] in ("iri", "var", "pname") else ""
            raise UnsafeInput(f"SERVICE{shown} is refused: this endpoint never queries other services")
        if kind == "pname" and value.partition(":")[0] not in declared:
            name = value.partition(":")[0]
            raise syntax_error(text, *where(text, offset),
                               f"expected a prefix declared with PREFIX; '{name}:' is not declared")
        if kind == "word" and value.upper() == "FROM":
            bucket, k = default, j + 1
            if k < len(toks) and toks[k][0] == "word" and toks[k][1].upper() == "NAMED":
                bucket, k = named, k + 1
            if k < len(toks) and toks[k][0] in ("iri", "pname") and \
                    (toks[k][0] == "iri" or toks[k][1].partition(":")[0] in declared):
                bucket.append(_iri(toks[k][0], toks[k][1], declared, base))
    return QueryPlan(head, tuple(default), tuple(named))


def inspect_query(text: str, *, prefixes: Mapping[str, str] | None = None, base_iri: str | None = None) -> QueryPlan:
    """Read ``text`` and return its :class:`QueryPlan`, or raise.

    ``prefixes`` are declared before the query (as the service pre-declares
    napkg's); ``base_iri`` resolves relative ``FROM`` IRIs of a query without
    ``BASE``. Raises :class:`~kg.errors.QueryError` for an update, an
    undeclared prefix or a text that is no query, and
    :class:`~kg.errors.UnsafeInput` for ``SERVICE`` and ``LOAD``. Other syntax
    errors are Oxigraph's to find (:func:`from_oxigraph` words them).
    """
    return _inspect(text, tuple(sorted((prefixes or {}).items())), base_iri)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's first such keyword, IRIs, strings and comments set aside.

    No check is made (a store's own queries, prefixes already declared); SELECT when none is found.

    >>> query_form("PREFIX ex: <http://ex/select#> # ask\\nCONSTRUCT { ?s ex:p 'ASK' } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    for kind, value, _ in _tokens(text):
        if kind == "word" and value.upper() in KINDS:
            return value.upper()
    return "SELECT"


def projected_variables(text: str) -> set[str] | None:
    """The variables a SELECT query projects (None for ``SELECT *`` or another form of query).

    >>> sorted(projected_variables("SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a ?p ?b } GROUP BY ?a"))
    ['a', 'n']
    >>> projected_variables("SELECT DISTINCT * { ?s ?p ?o }") is None
    True
    """
    toks = iter(_tokens(text))
    for kind, value, _ in toks:
        if kind == "word" and value.upper() in KINDS:
            if value.upper() != "SELECT":
                return None
            break
    else:
        return None
    names: set[str] = set()
    depth, after_as = 0, False
    for kind, value, _ in toks:
        upper = value.upper() if kind == "word" else ""
        if depth == 0 and (upper in ("WHERE", "FROM") or value == "{"):
            break
        if value == "*" and depth == 0:
            return None
        if value == "(":
            depth += 1
        elif value == ")":
            depth -= 1
        elif kind == "var" and (depth == 0 or after_as):
            names.add(value[1:])
        after_as = upper == "AS"
    return names
