"""What the projections share: filters bound as RDF terms, label patterns, running the one query.

Every projection reads the graph with one SELECT query. Its text is put
together from fixed fragments of this package (never from user data); the
values of the filters are RDF terms bound through ``Store.query(bindings=...)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from ..namespaces import COUNTRY, NAPID, PREFIXES
from ..store import Store
from .exceptions import EmptyProjection, InvalidParameter, ProjectionTooLarge

SPARQL_PREFIXES = "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()) + "\n"

#: Rows a projection's query may return before it is refused as too large.
DEFAULT_MAX_ROWS = 200_000

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_COUNTRY = re.compile(r"^[A-Za-z]{3}$")
_IRI = re.compile(r'^https?://[^\s<>"{}|\\^`]+$')


def _checked_iri(value: str, kind: str) -> URIRef:
    if not _IRI.match(value):
        raise InvalidParameter(kind, f"{value!r} is not a valid IRI")
    return URIRef(value)


def label_pattern(var: str) -> str:
    """SPARQL binding ``?<var>Label``: the English ``skos:prefLabel``, else the French one."""
    return (f'OPTIONAL {{ ?{var} skos:prefLabel ?{var}_en FILTER(LANGMATCHES(LANG(?{var}_en), "en")) }}\n'
            f'OPTIONAL {{ ?{var} skos:prefLabel ?{var}_fr FILTER(LANGMATCHES(LANG(?{var}_fr), "fr")) }}\n'
            f'BIND(COALESCE(?{var}_en, ?{var}_fr) AS ?{var}Label)\n')


def roll_up(part: str, whole: str, prop: str, *, depth: int = 3) -> str:
    """SPARQL binding ``?<whole>``: the outermost ``prop`` ancestor of ``?<part>`` (itself if none), ``depth`` levels up.

    A chain of OPTIONALs rather than a ``prop*`` path: Oxigraph evaluates a
    zero-or-more path joined to other patterns over every node of the store,
    which is a thousand times slower here.
    """
    chain, prev = "", part
    for i in range(1, depth + 1):
        chain = chain + f"OPTIONAL {{ ?{prev} {prop} ?{whole}_{i} . "
        prev = f"{whole}_{i}"
    chain += "}" * depth
    ups = ", ".join(f"?{whole}_{i}" for i in range(depth, 0, -1))
    return f"{chain}\n  BIND(COALESCE({ups}, ?{part}) AS ?{whole})"


def _iri(value: str, kind: str, prefix: str) -> URIRef:
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if value.startswith(("http://", "https://")):
        return _checked_iri(value, kind)
    if value.startswith("napid:"):
        value = value[len("napid:"):]
        if value.startswith(prefix):
            value = value[len(prefix):]
    if not _SLUG.match(value):
        raise InvalidParameter(kind, f"{value!r} is neither an IRI nor a {kind} id (lowercase letters, digits and '-')")
    return NAPID[prefix + value]


def plan_term(value: str | URIRef) -> URIRef:
    """A plan given as id, ``napid:`` name or IRI, as an IRI.

    >>> str(plan_term("lu-nap-bhr-2"))
    'https://w3id.org/napkg/id/plan/lu-nap-bhr-2'
    >>> str(plan_term("napid:plan/lu-nap-bhr-2")) == str(plan_term("lu-nap-bhr-2"))
    True
    """
    return value if isinstance(value, URIRef) else _iri(value, "plan", "plan/")


def source_term(value: str | URIRef) -> URIRef:
    """A source document given as source id or IRI.

    >>> str(source_term("lu-pan2"))
    'https://w3id.org/napkg/id/source/lu-pan2'
    """
    return value if isinstance(value, URIRef) else _iri(value, "source", "source/")


def actor_term(value: str | URIRef) -> URIRef:
    """An actor given as id or IRI.

    >>> str(actor_term("spf-justice"))
    'https://w3id.org/napkg/id/actor/spf-justice'
    """
    return value if isinstance(value, URIRef) else _iri(value, "actor", "actor/")


def country_term(value: str | URIRef) -> URIRef:
    """A country given as ISO 3166-1 alpha-3 code (any case) or EU authority IRI.

    >>> str(country_term("bel"))
    'http://publications.europa.eu/resource/authority/country/BEL'
    """
    if isinstance(value, URIRef):
        return value
    v = value.strip()
    if v.startswith(("http://", "https://")):
        return _checked_iri(v, "country")
    if v.startswith("country:"):
        v = v[len("country:"):]
    if not _COUNTRY.match(v):
        raise InvalidParameter("country", f"{value!r} is not a three-letter country code such as BEL or LUX")
    return COUNTRY[v.upper()]


@dataclass(frozen=True)
class Filters:
    """Which part of the graph a projection reads: one plan, one country (of the plans), one source.

    >>> f = Filters.of(plan="lu-nap-bhr-2", country="LUX")
    >>> sorted(f.bindings())
    ['country', 'plan']
    >>> f.describe()
    'plan lu-nap-bhr-2, country LUX'
    """

    plan: URIRef | None = None
    country: URIRef | None = None
    source: URIRef | None = None

    @classmethod
    def of(cls, *, plan=None, country=None, source=None) -> "Filters":
        return cls(plan=plan_term(plan) if plan else None, country=country_term(country) if country else None,
                   source=source_term(source) if source else None)

    def bindings(self) -> dict[str, Identifier]:
        return {k: v for k, v in (("plan", self.plan), ("country", self.country), ("source", self.source)) if v is not None}

    def describe(self) -> str:
        parts = [f"{k} {local_name(v)}" for k, v in self.bindings().items()]
        return ", ".join(parts) if parts else "no filter"

    def __bool__(self) -> bool:
        return bool(self.bindings())


def projected(filters: Filters) -> str:
    """The bound filter variables, for the SELECT clause (Oxigraph substitutes only projected variables)."""
    return " ".join(f"?{k}" for k in filters.bindings())


def run(store: Store, text: str, *, filters: Filters, what: str, max_rows: int | None = DEFAULT_MAX_ROWS) -> list[dict]:
    """Run one projection query; rows as dicts of rdflib terms.

    Rows come sorted (by their values, in the order of the SELECT). Raises
    :class:`ProjectionTooLarge` when the row cap cuts the answer, and
    :class:`EmptyProjection` when no row comes back.
    """
    res = store.query(SPARQL_PREFIXES + text, bindings=filters.bindings(), max_rows=max_rows)
    if res.truncated:
        raise ProjectionTooLarge(f"the {what} links need more than {max_rows} rows; narrow them with a plan, "
                                 "country or source filter")
    # A canonical order: graphs built from the rows then have the same node order on every run and
    # backend, so seeded algorithms (Louvain, sampled betweenness) give the same answer.
    rows = [d for _, d in sorted(((tuple(str(t) if t is not None else "" for t in row), d)
                                  for row, d in zip(res.rows, res.dicts())), key=lambda x: x[0])]
    if not rows:
        raise EmptyProjection(f"nothing to project: no {what} links ({filters.describe()}); "
                              + ("no data matches the filter: check the plan, country or source id"
                                 if filters else "the graph has no such relations"))
    return rows


def text(term: Identifier | None) -> str:
    """A term as a plain string; the empty string for None."""
    return "" if term is None else str(term)


def local_name(term: Identifier | str | None) -> str:
    """The last path segment of an IRI (an id such as ``spf-justice`` or ``BEL``).

    >>> local_name(URIRef("https://w3id.org/napkg/id/actor-type/ministry"))
    'ministry'
    """
    if term is None:
        return ""
    s = str(term)
    return s.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def label_of(row: dict, var: str) -> str:
    """The label bound for ``?<var>``, else the IRI's local name."""
    lab = row.get(var + "Label")
    return str(lab) if isinstance(lab, Literal) else local_name(row.get(var))


def add_actor(B, row: dict, *, bipartite: int = 0) -> str:
    """The actor of a query row (``?actor``, its label, ``?actorType``, ``?actorCountry``) as a node of ``B``.

    Added once, with ``iri``, ``label``, ``kind`` ``actor``, ``type``, ``country`` and
    ``bipartite``; returns its IRI.
    """
    actor = str(row["actor"])
    if actor not in B:
        B.add_node(actor, iri=actor, label=label_of(row, "actor"), kind="actor",
                   type=local_name(row.get("actorType")), country=text(row.get("actorCountry")), bipartite=bipartite)
    return actor


def is_true(term: Identifier | None) -> bool:
    return isinstance(term, Literal) and bool(term.toPython()) is True
