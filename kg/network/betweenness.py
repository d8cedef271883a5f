"""Betweenness: who lies on the shortest paths between other actors (brokerage).

Normalisation
-------------
networkx's: the number of shortest paths between other pairs through a node,
divided by the number of pairs, :math:`(n-1)(n-2)/2` in an undirected graph;
0 to 1. Paths count hops unless ``distance`` names an edge attribute (the
projections give ``distance`` = 1 / weight, so a strong tie is a short one).

Exact betweenness costs :math:`O(nm)`; for large graphs ``k`` estimates it
from ``k`` source nodes drawn with a fixed ``seed`` (Brandes and Pich), on the
same scale, so the answer repeats from run to run.
"""

from __future__ import annotations

import networkx as nx

from ._checks import DEFAULT_SEED, require_nodes


def betweenness_centrality(G: nx.Graph, *, k: int | None = None, seed: int | None = DEFAULT_SEED,
                           distance: str | None = None, normalized: bool = True) -> dict:
    """Exact or sampled betweenness centrality.

    Parameters
    ----------
    G : networkx.Graph
    k : int, optional
        Estimate from ``k`` sampled source nodes; exact when None or when
        ``k`` is at least the number of nodes.
    seed : int, optional (default 42)
        Seed of the sample.
    distance : str, optional
        Edge attribute used as path length; None counts hops.
    normalized : bool, optional (default True)
        Divide by the number of pairs of other nodes.

    Returns
    -------
    dict
        Node to betweenness.

    Examples
    --------
    >>> G = nx.path_graph(3)  # 0 - 1 - 2: 1 lies on the only path between 0 and 2
    >>> betweenness_centrality(G)
    {0: 0.0, 1: 1.0, 2: 0.0}
    >>> b = betweenness_centrality(nx.barbell_graph(5, 1), k=8)
    >>> max(b, key=b.get)  # the bridge node
    5
    """
    require_nodes(G, "betweenness")
    if k is not None and k >= G.number_of_nodes():
        k = None
    return nx.betweenness_centrality(G, k=k, normalized=normalized, weight=distance,
                                     seed=seed if k is not None else None)
