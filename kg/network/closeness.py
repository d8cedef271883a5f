"""Closeness: how few steps separate a node from the others it can reach.

Normalisation
-------------
networkx's with the Wasserman–Faust correction for disconnected graphs: for a
node reaching :math:`r - 1` others at total distance :math:`D`,
:math:`\\frac{r-1}{n-1} \\cdot \\frac{r-1}{D}`; 0 to 1, 0 for an isolated
node. Paths count hops unless ``distance`` names an edge attribute.
"""

from __future__ import annotations

import networkx as nx

from ._checks import require_nodes


def closeness_centrality(G: nx.Graph, *, distance: str | None = None) -> dict:
    """Closeness centrality, scaled for the part of the graph a node reaches.

    Parameters
    ----------
    G : networkx.Graph
    distance : str, optional
        Edge attribute used as path length; None counts hops.

    Returns
    -------
    dict
        Node to closeness.

    Examples
    --------
    >>> c = closeness_centrality(nx.path_graph(3))
    >>> c[1], round(c[0], 3)
    (1.0, 0.667)
    >>> G = nx.Graph([(0, 1)])
    >>> G.add_node(2)  # isolated: reaches nobody
    >>> closeness_centrality(G)[2], closeness_centrality(G)[0]
    (0.0, 0.5)
    """
    require_nodes(G, "closeness")
    return nx.closeness_centrality(G, distance=distance, wf_improved=True)
