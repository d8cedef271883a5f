"""Communities: groups of actors that work more with each other than with the rest.

Louvain (default) or Clauset–Newman–Moore greedy modularity maximisation,
both networkx's, on edge ``weight``. Louvain is randomised: the ``seed`` fixes
the answer. Communities are numbered from 0, largest first.
"""

from __future__ import annotations

import networkx as nx

from ._checks import DEFAULT_SEED, require_nodes
from .exceptions import InvalidParameter

METHODS = ("louvain", "greedy")


def communities(G: nx.Graph, *, method: str = "louvain", weight: str | None = "weight", resolution: float = 1.0,
                seed: int | None = DEFAULT_SEED) -> list[set]:
    """Partition the nodes into communities.

    Parameters
    ----------
    G : networkx.Graph
    method : {"louvain", "greedy"}, optional
        networkx's ``louvain_communities`` or ``greedy_modularity_communities``.
    weight : str or None, optional (default ``"weight"``)
    resolution : float, optional (default 1)
        Above 1 favours smaller communities.
    seed : int, optional (default 42)
        Seed of Louvain's random order.

    Returns
    -------
    list of set
        The communities, largest first (ties broken by their smallest node).

    Examples
    --------
    >>> G = nx.barbell_graph(4, 0)  # two cliques joined by one edge
    >>> [sorted(c) for c in communities(G)]
    [[0, 1, 2, 3], [4, 5, 6, 7]]
    >>> round(modularity(G, communities(G)), 3)
    0.423
    """
    require_nodes(G, "communities")
    if method == "louvain":
        found = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)
    elif method == "greedy":
        found = nx.community.greedy_modularity_communities(G, weight=weight, resolution=resolution)
    else:
        raise InvalidParameter("method", f"unknown community method {method!r}", choices=list(METHODS))
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(map(str, c))))


def community_index(G: nx.Graph, **options) -> dict:
    """Node to the number of its community (0 is the largest); options as for :func:`communities`.

    >>> community_index(nx.barbell_graph(3, 0))
    {0: 0, 1: 0, 2: 0, 3: 1, 4: 1, 5: 1}
    """
    return {n: i for i, c in enumerate(communities(G, **options)) for n in sorted(c, key=str)}


def modularity(G: nx.Graph, parts: list[set], *, weight: str | None = "weight") -> float:
    """The modularity of a partition (networkx's), -0.5 to 1."""
    return nx.community.modularity(G, parts, weight=weight)
