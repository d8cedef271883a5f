"""PageRank: the share of time a random walker along the ties spends at each node.

Normalisation
-------------
networkx's: the values sum to 1. The walker follows an edge with probability
``alpha`` (0.85), chosen in proportion to its ``weight``, and otherwise jumps
to a node chosen uniformly; unlike eigenvector centrality it is defined on
disconnected graphs and isolated nodes.
"""

from __future__ import annotations

import networkx as nx

from ._checks import require_nodes
from .exceptions import MeasureFailed


def pagerank(G: nx.Graph, *, alpha: float = 0.85, weight: str | None = "weight", max_iter: int = 1000,
             tol: float = 1e-8) -> dict:
    """PageRank of every node.

    Parameters
    ----------
    G : networkx.Graph
    alpha : float, optional (default 0.85)
        Probability of following an edge rather than jumping.
    weight : str or None, optional (default ``"weight"``)
        Edge attribute giving the transition weights.

    Returns
    -------
    dict
        Node to PageRank; the values sum to 1.

    Examples
    --------
    >>> p = pagerank(nx.star_graph(3))
    >>> round(sum(p.values()), 6), p[0] > p[1]
    (1.0, True)
    """
    require_nodes(G, "PageRank")
    try:
        return nx.pagerank(G, alpha=alpha, weight=weight, max_iter=max_iter, tol=tol)
    except nx.PowerIterationFailedConvergence:
        raise MeasureFailed(f"PageRank did not converge in {max_iter} iterations") from None
