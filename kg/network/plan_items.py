"""The plan–item bipartite graph: each plan and the actors, instruments and SDGs it involves.

A plan *involves* an item when the plan itself or one of its actions names it:

- actors: ``nap:involvedActor`` (or ``nap:responsibleActor``) of the plan or of its actions;
- instruments: ``nap:refersToInstrument`` of the plan, its actions or their
  progress updates, parts counted for the whole instrument (``dcterms:isPartOf``,
  up to three levels);
- SDGs: ``nap:addressesSDG`` of the plan or its actions, targets counted for
  their goal (``skos:broader``, up to two levels).

Restricted to actors, this is the actor–plan graph whose articulation points
are the brokers between plans (:mod:`kg.network.brokers`).
"""

from __future__ import annotations

from typing import Iterable

import networkx as nx

from ..namespaces import COUNTRY
from ..store import Store
from ._query import DEFAULT_MAX_ROWS, Filters, label_of, label_pattern, local_name, roll_up, run, text
from .exceptions import InvalidParameter

PLAN, ITEM = 0, 1
KINDS = ("actor", "instrument", "sdg")


def _branches(kinds: Iterable[str], *, responsible_only: bool, whole_instruments: bool, sdg_goals: bool) -> str:
    prop = "nap:responsibleActor" if responsible_only else "nap:involvedActor"
    out = []
    if "actor" in kinds:
        out.append(f"""{{ {{ ?plan {prop} ?item . BIND(?plan AS ?via) }}
    UNION {{ ?via nap:partOfPlan ?plan ; {prop} ?item . }}
    BIND("actor" AS ?kind) }}""")
    if "instrument" in kinds:
        roll = roll_up("cited", "item", "dcterms:isPartOf") if whole_instruments else "BIND(?cited AS ?item)"
        out.append(f"""{{ {{ ?plan nap:refersToInstrument ?cited . BIND(?plan AS ?via) }}
    UNION {{ ?via nap:partOfPlan ?plan ; nap:refersToInstrument ?cited . }}
    UNION {{ ?via nap:partOfPlan ?plan ; nap:hasProgressUpdate/nap:refersToInstrument ?cited . }}
    {roll}
    BIND("instrument" AS ?kind) }}""")
    if "sdg" in kinds:
        roll = roll_up("sdg", "item", "skos:broader", depth=2) if sdg_goals else "BIND(?sdg AS ?item)"
        out.append(f"""{{ {{ ?plan nap:addressesSDG ?sdg . BIND(?plan AS ?via) }}
    UNION {{ ?via nap:partOfPlan ?plan ; nap:addressesSDG ?sdg . }}
    {roll}
    BIND("sdg" AS ?kind) }}""")
    return "\n  UNION ".join(out)


def check_kinds(on) -> tuple[str, ...]:
    """Normalise ``on`` ("actor", "actors", a list...) to a tuple of :data:`KINDS`.

    >>> check_kinds("actors")
    ('actor',)
    >>> check_kinds(["sdgs", "instrument"])
    ('instrument', 'sdg')
    """
    items = [on] if isinstance(on, str) else list(on)
    kinds = []
    for k in items:
        for part in str(k).split(","):
            part = part.strip().lower()
            part = part[:-1] if part.endswith("s") and part[:-1] in KINDS else part
            if part not in KINDS:
                raise InvalidParameter("on", f"unknown item kind {part!r}", choices=[k + "s" for k in KINDS])
            kinds.append(part)
    if not kinds:
        raise InvalidParameter("on", "give at least one kind of item", choices=[k + "s" for k in KINDS])
    return tuple(k for k in KINDS if k in kinds)


def plan_item_graph(store: Store, *, on=KINDS, responsible_only: bool = False, whole_instruments: bool = True,
                    sdg_goals: bool = True, country=None, source=None,
                    max_rows: int | None = DEFAULT_MAX_ROWS) -> nx.Graph:
    """The bipartite graph of plans and the items (actors, instruments, SDGs) they involve.

    Parameters
    ----------
    store : kg.store.Store
        A built store.
    on : str or sequence of str, optional
        Which items: ``actor``, ``instrument``, ``sdg`` (plurals accepted); all by default.
    responsible_only : bool, optional (default False)
        Actors: only those named responsible (``nap:responsibleActor``).
    whole_instruments : bool, optional (default True)
        Count a cited part (a UNGP principle) for its whole instrument.
    sdg_goals : bool, optional (default True)
        Count an SDG target (8.7) for its goal (8).
    country, source : str or IRI, optional
        Only the plans of one country, or declared in one source document.
    max_rows : int, optional
        Row cap of the query.

    Returns
    -------
    networkx.Graph
        Plan nodes (``kind`` ``plan``, ``bipartite`` 0) and item nodes
        (``kind`` ``actor``, ``instrument`` or ``sdg``, ``bipartite`` 1), all
        with ``iri``, ``label``, ``type`` and ``country``. Each edge has
        ``via`` (the plan or actions that name the item: the evidence) and
        ``weight`` (their number).

    Examples
    --------
    >>> from kg.network.sample import example_store, sample_iri
    >>> B = plan_item_graph(example_store(), on="actors")
    >>> sorted(B.nodes[n]["label"] for n in B[sample_iri("plan", "p-lu")])
    ['International Labour Organization', 'Luxembourg Ministry of Foreign Affairs']
    >>> B = plan_item_graph(example_store(), on=["instruments", "sdgs"])
    >>> sorted(B.nodes[n]["label"] for n in B[sample_iri("plan", "p-be")])
    ['Decent Work and Economic Growth', 'Peace, Justice and Strong Institutions', 'UN Guiding Principles on Business and Human Rights']
    """
    kinds = check_kinds(on)
    filters = Filters.of(country=country, source=source)
    bound = " ".join(f"?{k}" for k in filters.bindings())
    query = f"""SELECT DISTINCT ?plan ?planLabel ?planCountry ?kind ?item ?itemLabel ?itemType ?itemCountry ?itemNotation
       ?via {bound}
WHERE {{
  ?plan a nap:ActionPlan .
  {"?plan nap:country ?country ." if filters.country is not None else ""}
  {"?plan prov:wasDerivedFrom ?source ." if filters.source is not None else ""}
  {_branches(kinds, responsible_only=responsible_only, whole_instruments=whole_instruments, sdg_goals=sdg_goals)}
  FILTER(isIRI(?item))
  OPTIONAL {{ ?plan nap:country/skos:notation ?planCountry }}
  OPTIONAL {{ ?item nap:actorType ?itemType }}
  OPTIONAL {{ ?item nap:country/skos:notation ?itemCountry }}
  OPTIONAL {{ ?item skos:notation ?itemNotation }}
  {label_pattern("plan")}{label_pattern("item")}
}}"""
    rows = run(store, query, filters=filters, what="plan–" + "/".join(kinds), max_rows=max_rows)
    B = nx.Graph(projection="plan-items", filters=filters.describe(), on=",".join(kinds),
                 responsible_only=responsible_only, whole_instruments=whole_instruments, sdg_goals=sdg_goals)
    via: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        plan, item, kind = str(row["plan"]), str(row["item"]), str(row["kind"])
        if plan not in B:
            B.add_node(plan, iri=plan, label=label_of(row, "plan"), kind="plan", type="plan",
                       country=text(row.get("planCountry")), bipartite=PLAN)
        if item not in B:
            typ = local_name(row.get("itemType")) if kind == "actor" else kind
            B.add_node(item, iri=item, label=label_of(row, "item"), kind=kind, type=typ,
                       country=text(row.get("itemCountry")), notation=text(row.get("itemNotation")), bipartite=ITEM)
        via.setdefault((plan, item), set()).add(str(row["via"]))
    for (plan, item), units in via.items():
        B.add_edge(plan, item, via=sorted(units), weight=len(units))
    return B


def actor_plan_graph(store: Store, *, responsible_only: bool = False, country=None, source=None,
                     max_rows: int | None = DEFAULT_MAX_ROWS) -> nx.Graph:
    """The actor–plan bipartite graph: :func:`plan_item_graph` restricted to actors.

    >>> from kg.network.sample import example_store, sample_iri
    >>> B = actor_plan_graph(example_store())
    >>> B.degree(sample_iri("actor", "ilo"))  # in the trafficking plan and the Luxembourg plan
    2
    """
    B = plan_item_graph(store, on=("actor",), responsible_only=responsible_only, country=country, source=source,
                        max_rows=max_rows)
    B.graph["projection"] = "actor-plan"
    return B


def plans(B: nx.Graph) -> list[str]:
    """The plan nodes of a plan–item graph, sorted."""
    return sorted(n for n, k in B.nodes(data="kind") if k == "plan")


def items(B: nx.Graph, kind: str | None = None) -> list[str]:
    """The item nodes (of one kind, or all), sorted."""
    return sorted(n for n, k in B.nodes(data="kind") if k != "plan" and (kind is None or k == kind))


def actor_country_graph(B: nx.Graph) -> nx.Graph:
    """Contract the plans of an actor–plan graph into their countries (plans without one are left out).

    Country nodes are keyed by their IRI and labelled by their ISO alpha-3
    code; each edge keeps the plans behind it (``plans``) and their number (``weight``).

    >>> from kg.network.sample import example_store, sample_iri
    >>> C = actor_country_graph(actor_plan_graph(example_store()))
    >>> sorted(C.nodes[c]["label"] for c in C[sample_iri("actor", "ilo")])
    ['BEL', 'LUX']
    """
    C = nx.Graph(**{**B.graph, "projection": "actor-country"})
    for p in plans(B):
        code = B.nodes[p].get("country")
        if not code:
            continue
        key = str(COUNTRY[code])
        if key not in C:
            C.add_node(key, iri=key, label=code, kind="country", type="country", country=code, bipartite=PLAN)
        for item in B[p]:
            if item not in C:
                C.add_node(item, **B.nodes[item])
            if C.has_edge(key, item):
                C.edges[key, item]["plans"].append(p)
                C.edges[key, item]["weight"] += 1
            else:
                C.add_edge(key, item, plans=[p], weight=1)
    return C
