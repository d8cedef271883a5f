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


#: Above this many nodes, betweenness is estimated from a sample unless ``sample`` says otherwise
#: (exact betweenness of the x10 graph, 964 nodes and 5,977 edges, takes 3 s in hops, 9 s weighted).
EXACT_BETWEENNESS_MAX_NODES = 1000
#: Most source nodes the estimate samples (Spearman 0.97 to exact over the top 50 of the x10 graph).
DEFAULT_BETWEENNESS_SAMPLE = 500
#: Fewest source nodes it samples, however large the graph.
MIN_BETWEENNESS_SAMPLE = 50
#: The sample shrinks so that k x edges stays under this (about 3 s of networkx's pure-Python BFS;
#: Dijkstra, for weighted paths, costs about 2.5 times as much per edge).
BETWEENNESS_EDGE_VISITS = 3_000_000


def default_sample(G: nx.Graph, *, weighted: bool) -> int | None:
    """The sample size of betweenness for ``G`` when none is given: None (exact) for small graphs.

    >>> default_sample(nx.path_graph(10), weighted=True) is None
    True
    >>> default_sample(nx.path_graph(5000), weighted=False)
    500
    >>> default_sample(nx.gnm_random_graph(20000, 60000, seed=1), weighted=False)
    50
    """
    if G.number_of_nodes() <= EXACT_BETWEENNESS_MAX_NODES:
        return None
    budget = BETWEENNESS_EDGE_VISITS / (2.5 if weighted else 1.0)
    k = int(budget // max(G.number_of_edges(), 1))
    return max(MIN_BETWEENNESS_SAMPLE, min(DEFAULT_BETWEENNESS_SAMPLE, k))
