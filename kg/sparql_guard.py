"""Look at a SPARQL query before anything runs it: what kind it is, which graphs it names, whether it is safe.

Oxigraph and rdflib both fetch ``SERVICE`` URLs and ``LOAD`` documents, and
rdflib loads ``FROM`` graphs from the web. A query from outside is therefore
parsed first, with rdflib's SPARQL grammar (a real parser, not patterns over
the text), and refused when it

- is an update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR`` ...): the store is
  read-only and ``LOAD`` would fetch a URL;
- contains ``SERVICE`` anywhere (also inside ``OPTIONAL``, ``FILTER EXISTS``,
  sub-queries);
- names in ``FROM`` / ``FROM NAMED`` a graph that is not one of the dataset's
  own (see :func:`check_graphs`, also used for the protocol's
  ``default-graph-uri`` and ``named-graph-uri``).

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
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Collection, Iterator, Mapping

from pyparsing import ParseBaseException
from rdflib import URIRef
from rdflib.plugins.sparql.algebra import translatePName, translatePrologue
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from .errors import QueryError, UnsafeInput

KINDS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
UPDATE_NAMES = {"Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD", "Move": "MOVE",
                "Copy": "COPY", "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA",
                "DeleteWhere": "DELETE WHERE", "Modify": "DELETE/INSERT"}


# rdflib keeps the backslash of a prefixed name's escapes (napid:a\/b); SPARQL means napid:a/b.
_PN_ESCAPE = re.compile(r"\\([_~.\-!$&'()*+,;=/?#@%])")


@dataclass(frozen=True)
class QueryPlan:
    """What a parsed query is: its form and the dataset its ``FROM`` clauses ask for.

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


def _walk(node) -> Iterator[CompValue]:
    """Every CompValue in a parse tree, depth first."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, CompValue):
            yield n
            stack.extend(n.values())
        elif isinstance(n, (list, tuple)) or type(n).__name__ == "ParseResults":
            stack.extend(n)


def _syntax_message(e: ParseBaseException, text: str) -> str:
    msg = str(e.msg)
    if len(msg) > 240:
        msg = msg[:240] + "…"
    lines = text.splitlines() or [""]
    line = lines[e.lineno - 1] if 0 < e.lineno <= len(lines) else ""
    return f"SPARQL syntax error at line {e.lineno}, column {e.col}: {msg}\n  {line}\n  {' ' * (e.col - 1)}^"


def _refuse_update(text: str) -> None:
    """Raise if ``text`` is a SPARQL Update; return quietly if it is not even that."""
    try:
        parsed = parseUpdate(text)
    except ParseBaseException:
        return
    ops = [n.name for n in _walk(parsed) if n.name in UPDATE_NAMES]
    if "Load" in ops:
        raise UnsafeInput("LOAD is refused: this endpoint is read-only and never fetches URLs "
                          "(SPARQL Update is not accepted)")
    what = UPDATE_NAMES[ops[0]] if ops else "an update"
    raise QueryError(f"SPARQL Update ({what}) is refused: this endpoint is read-only; send a SELECT, ASK, "
                     "CONSTRUCT or DESCRIBE query")


@functools.lru_cache(maxsize=512)
def _inspect(text: str, prefixes: tuple[tuple[str, str], ...]) -> QueryPlan:
    try:
        parsed = parseQuery(text)
    except ParseBaseException as e:
        _refuse_update(text)
        raise QueryError(_syntax_message(e, text)) from None
    prologue_tree, query = parsed[0], parsed[1]
    for node in _walk(query):
        if node.name == "ServiceGraphPattern":
            term = node.get("term")
            shown = f"<{term}>" if isinstance(term, URIRef) else (f"?{term}" if term is not None else "")
            raise UnsafeInput(f"SERVICE {shown} is refused: this endpoint never queries other services".replace("  ", " "))
    declared = {d.get("prefix", "") for d in prologue_tree if d.name == "PrefixDecl"} | {p for p, _ in prefixes}
    for node in _walk(query):
        if node.name == "pname" and node.get("prefix", "") not in declared:
            name = node.get("prefix", "")
            raise QueryError(f"SPARQL error: the prefix '{name}:' is not declared (in {name}:{node.get('localname', '')}); "
                             f"add PREFIX {name}: <...> before the query")
    try:
        prologue = translatePrologue(prologue_tree, None, dict(prefixes))
        default, named = [], []
        for clause in query.get("datasetClause") or []:
            for key, bucket in (("default", default), ("named", named)):
                if key in clause:
                    iri = translatePName(clause[key], prologue)
                    bucket.append(_PN_ESCAPE.sub(r"\1", str(prologue.absolutize(iri))))
    except Exception as e:  # rdflib raises bare Exception for an unknown prefix; its message is the parser's
        raise QueryError(f"SPARQL error: {e}") from None
    return QueryPlan(KINDS[query.name], tuple(default), tuple(named))


def inspect_query(text: str, *, prefixes: Mapping[str, str] | None = None) -> QueryPlan:
    """Parse ``text`` and return its :class:`QueryPlan`, or raise.

    ``prefixes`` are declared before the query (as the service pre-declares
    napkg's). Raises :class:`~kg.errors.QueryError` with the parser's message
    for a syntax error or an update, and :class:`~kg.errors.UnsafeInput` for
    ``SERVICE`` and ``LOAD``. ``FROM`` graphs are checked by
    :func:`check_graphs`, which needs to know the dataset's graphs.
    """
    return _inspect(text, tuple(sorted((prefixes or {}).items())))


def check_graphs(iris: Collection[str], allowed: Collection[str], *, what: str = "FROM") -> None:
    """Refuse any graph IRI that is not one of the dataset's own named graphs.

    >>> check_graphs(["https://w3id.org/napkg/graph/a"], ["https://w3id.org/napkg/graph/a"])
    >>> check_graphs(["file:///etc/passwd"], ["https://w3id.org/napkg/graph/a"])
    Traceback (most recent call last):
    ...
    kg.errors.UnsafeInput: FROM <file:///etc/passwd> is refused: only the dataset's own graphs can be named (<https://w3id.org/napkg/graph/a>)
    """
    allowed = set(allowed)
    for iri in iris:
        if iri not in allowed:
            listed = ", ".join(f"<{g}>" for g in sorted(allowed))
            raise UnsafeInput(f"{what} <{iri}> is refused: only the dataset's own graphs can be named ({listed})")
