"""Brokers: actors without whom plans (or countries) would fall apart.

In the actor–plan bipartite graph, an actor is a broker when

- it is an articulation point (networkx's ``articulation_points``): removing
  it splits the plans it connects into groups with no path left between
  them; ``separated_pairs`` counts the plan pairs it alone holds together;
- or it is the only actor two plans share directly (``sole_link_pairs``),
  even if they stay connected through a longer chain of other actors.

With ``between="country"`` plans are first contracted into their countries.
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx

from .exceptions import EmptyGraph, InvalidParameter
from .plan_items import actor_country_graph, items, plans

BETWEEN = ("plan", "country")


def brokers(B: nx.Graph, *, between: str = "plan") -> list[dict]:
    """The actors that broker between plans (or countries).

    Parameters
    ----------
    B : networkx.Graph
        An actor–plan graph (:func:`~kg.network.plan_items.actor_plan_graph`).
    between : {"plan", "country"}, optional

    Returns
    -------
    list of dict
        One row per broker, most separated pairs first: ``actor``, ``label``,
        ``type``, ``country``, ``articulation`` (bool), ``separated_pairs``
        (plan pairs left without any path when it is removed), ``sole_link_pairs``
        (pairs whose only shared actor it is: ``[[a, b], ...]``) and
        ``groups`` (the plans or countries it links, IRIs) with ``labels``.

    Raises
    ------
    EmptyGraph
        When there are fewer than two plans (countries).

    Examples
    --------
    >>> from kg.network.sample import example_store
    >>> from kg.network.plan_items import actor_plan_graph
    >>> rows = brokers(actor_plan_graph(example_store()))
    >>> [(r["label"], r["articulation"], r["separated_pairs"], len(r["sole_link_pairs"])) for r in rows]
    [('International Labour Organization', True, 2, 1)]
    >>> brokers(actor_plan_graph(example_store()), between="country")[0]["labels"]
    ['BEL', 'LUX']
    """
    if between not in BETWEEN:
        raise InvalidParameter("between", f"cannot look for brokers between {between!r}", choices=list(BETWEEN))
    G = actor_country_graph(B) if between == "country" else B
    groups = plans(G) if between == "plan" else sorted(n for n, k in G.nodes(data="kind") if k == "country")
    if len(groups) < 2:
        raise EmptyGraph(f"brokers between {between}s need at least two {between}s; this graph has {len(groups)}")
    actor_nodes = set(items(G, "actor"))
    component = {n: i for i, c in enumerate(nx.connected_components(G)) for n in c}
    found: dict[str, dict] = {}

    def row(a: str) -> dict:
        if a not in found:
            node = G.nodes[a]
            linked = sorted(G[a])
            found[a] = {"actor": a, "label": node.get("label", ""), "type": node.get("type", ""),
                        "country": node.get("country", ""), "articulation": False, "separated_pairs": 0,
                        "sole_link_pairs": [], "groups": linked, "labels": [G.nodes[g].get("label", "") for g in linked]}
        return found[a]

    for a in nx.articulation_points(G):
        if a not in actor_nodes:
            continue
        H = G.subgraph(n for n in G if n != a)
        after = {n: i for i, c in enumerate(nx.connected_components(H)) for n in c}
        separated = sum(1 for p, q in combinations(groups, 2)
                        if component[p] == component[a] == component[q] and after[p] != after[q])
        if separated:
            r = row(a)
            r["articulation"], r["separated_pairs"] = True, separated
    for p, q in combinations(groups, 2):
        shared = list(nx.common_neighbors(G, p, q))
        if len(shared) == 1 and shared[0] in actor_nodes:
            row(shared[0])["sole_link_pairs"].append([p, q])
    rows = list(found.values())
    rows.sort(key=lambda r: (-r["separated_pairs"], -len(r["sole_link_pairs"]), r["label"], r["actor"]))
    return rows
