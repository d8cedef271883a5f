"""Degree and weighted degree: how many others an actor works with, and how much.

Normalisation
-------------
- :func:`degree_centrality` is networkx's: a node's degree divided by
  :math:`n - 1`, the fraction of the other nodes it is adjacent to (0 to 1).
  In a bipartite projection (actor–action) compare values within one kind of
  node: the denominator counts both kinds.
- :func:`weighted_degree` is the node's *strength*, the sum of the weights of
  its edges, not normalised: in the co-involvement graph, the number of
  (shared action, co-actor) pairs; in the actor–action graph, the number of
  actions the actor takes part in.
"""

from __future__ import annotations

import networkx as nx

from ._checks import require_nodes


def degree_centrality(G: nx.Graph) -> dict:
    """The fraction of the other nodes each node is adjacent to.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict
        Node to degree / (n - 1); a graph of one node gives it 1.

    Raises
    ------
    EmptyGraph
        For the null graph.

    Examples
    --------
    >>> G = nx.star_graph(3)  # node 0 joined to 1, 2, 3
    >>> degree_centrality(G)[0], degree_centrality(G)[1]
    (1.0, 0.3333333333333333)
    """
    require_nodes(G, "degree centrality")
    return nx.degree_centrality(G)


def weighted_degree(G: nx.Graph, *, weight: str | None = "weight") -> dict:
    """The strength of each node: the sum of the ``weight`` of its edges (unnormalised).

    Parameters
    ----------
    G : networkx.Graph
    weight : str or None, optional (default ``"weight"``)
        The edge attribute to sum (an edge without it counts 1); None counts edges.

    Returns
    -------
    dict
        Node to strength (float).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=2)
    >>> G.add_edge("a", "c", weight=1)
    >>> weighted_degree(G)
    {'a': 3.0, 'b': 2.0, 'c': 1.0}
    """
    require_nodes(G, "weighted degree")
    return {n: float(d) for n, d in G.degree(weight=weight)}
