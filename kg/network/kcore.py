"""k-cores: the densest nested layers of the graph.

A node's core number is the largest *k* such that it belongs to a subgraph in
which every node has at least *k* neighbours (networkx's ``core_number``,
unweighted). The main core (largest *k*) is where institutions work most
densely together.
"""

from __future__ import annotations

import networkx as nx

from ._checks import require_nodes


def core_number(G: nx.Graph) -> dict:
    """The core number of every node (self-loops are ignored).

    Examples
    --------
    >>> G = nx.complete_graph(4)
    >>> G.add_edge(3, 4)  # a pendant node
    >>> core_number(G)
    {0: 3, 1: 3, 2: 3, 3: 3, 4: 1}
    """
    require_nodes(G, "core number")
    if nx.number_of_selfloops(G):
        G = G.copy()
        G.remove_edges_from(list(nx.selfloop_edges(G)))
    return nx.core_number(G)


def main_core(G: nx.Graph, *, k: int | None = None) -> nx.Graph:
    """The k-core (the main core when ``k`` is None) as a subgraph view.

    >>> G = nx.complete_graph(4)
    >>> G.add_edge(3, 4)
    >>> sorted(main_core(G))
    [0, 1, 2, 3]
    """
    require_nodes(G, "k-core")
    return nx.k_core(G, k=k, core_number=core_number(G))
