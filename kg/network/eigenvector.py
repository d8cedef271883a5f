"""Eigenvector centrality: being tied to actors who are themselves well tied.

Normalisation
-------------
networkx's: the leading eigenvector of the (weighted) adjacency matrix,
scaled to unit Euclidean norm, so the squares of the values sum to 1. In a
disconnected graph the leading eigenvector lives on the component with the
largest eigenvalue; the other components get values near 0.
"""

from __future__ import annotations

import networkx as nx

from ._checks import require_nodes
from .exceptions import EmptyGraph, MeasureFailed


def eigenvector_centrality(G: nx.Graph, *, weight: str | None = "weight", max_iter: int = 1000,
                           tol: float = 1e-6) -> dict:
    """Eigenvector centrality by power iteration.

    Parameters
    ----------
    G : networkx.Graph
    weight : str or None, optional (default ``"weight"``)
        Edge attribute used as tie strength; None treats every edge alike.
    max_iter, tol : optional
        Power iteration limits.

    Returns
    -------
    dict
        Node to centrality, unit Euclidean norm.

    Raises
    ------
    EmptyGraph
        For the null graph, or a graph without edges.
    MeasureFailed
        When the iteration does not converge.

    Examples
    --------
    >>> e = eigenvector_centrality(nx.star_graph(3))
    >>> round(e[0], 3), round(e[1], 3)
    (0.707, 0.408)
    """
    require_nodes(G, "eigenvector centrality")
    if G.number_of_edges() == 0:
        raise EmptyGraph("cannot compute eigenvector centrality for a graph without edges: "
                         "nobody shares anything in this projection")
    try:
        return nx.eigenvector_centrality(G, weight=weight, max_iter=max_iter, tol=tol)
    except nx.PowerIterationFailedConvergence:
        raise MeasureFailed(f"eigenvector centrality did not converge in {max_iter} iterations; "
                            "use pagerank instead") from None
