"""Institutional overlap: the actors that recur in more than one plan or country."""

from __future__ import annotations

import networkx as nx

from .exceptions import InvalidParameter
from .plan_items import actor_country_graph, items

BY = ("plan", "country")


def recurring_actors(B: nx.Graph, *, by: str = "plan", min_count: int = 2) -> list[dict]:
    """Actors that take part in at least ``min_count`` plans (or countries).

    Parameters
    ----------
    B : networkx.Graph
        An actor–plan graph (:func:`~kg.network.plan_items.actor_plan_graph`).
    by : {"plan", "country"}, optional
        Count plans, or the countries of the plans (plans without a country,
        such as an international guide, do not count towards countries).
    min_count : int, optional (default 2)

    Returns
    -------
    list of dict
        One row per actor, most plans (countries) first: ``actor``, ``label``,
        ``type``, ``country`` (the actor's own), ``count`` and ``plans`` or
        ``countries`` (their IRIs, sorted), ``labels`` (theirs, same order).

    Examples
    --------
    >>> from kg.network.sample import example_store
    >>> from kg.network.plan_items import actor_plan_graph
    >>> B = actor_plan_graph(example_store())
    >>> [(r["label"], r["count"]) for r in recurring_actors(B)]
    [('International Labour Organization', 2), ('Ministry of Foreign Affairs', 2), ('Ministry of Justice', 2), ('Shelter NGO', 2)]
    >>> [(r["label"], [lab for lab in r["labels"]]) for r in recurring_actors(B, by="country")]
    [('International Labour Organization', ['BEL', 'LUX'])]
    """
    if by not in BY:
        raise InvalidParameter("by", f"cannot count actors by {by!r}", choices=list(BY))
    if min_count < 1:
        raise InvalidParameter("min_count", f"must be at least 1, not {min_count}")
    G = actor_country_graph(B) if by == "country" else B
    rows = []
    for a in items(G, "actor"):
        groups = sorted(G[a])
        if len(groups) < min_count:
            continue
        node = G.nodes[a]
        rows.append({"actor": a, "label": node.get("label", ""), "type": node.get("type", ""),
                     "country": node.get("country", ""), "count": len(groups), by + "s": groups,
                     "labels": [G.nodes[g].get("label", "") for g in groups]})
    rows.sort(key=lambda r: (-r["count"], r["label"], r["actor"]))
    return rows
