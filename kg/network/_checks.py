"""Checks shared by the measures."""

from __future__ import annotations

import networkx as nx

from .exceptions import EmptyGraph

#: The seed of every randomised measure (sampled betweenness, Louvain), so answers repeat.
DEFAULT_SEED = 42


def require_nodes(G: nx.Graph, measure: str) -> None:
    """Raise :class:`EmptyGraph` for the null graph (no nodes).

    >>> require_nodes(nx.Graph(), "degree")
    Traceback (most recent call last):
    ...
    kg.network.exceptions.EmptyGraph: cannot compute degree for the null graph (no nodes): the projection or its filter matched nothing
    """
    if G.number_of_nodes() == 0:
        raise EmptyGraph(f"cannot compute {measure} for the null graph (no nodes): "
                         "the projection or its filter matched nothing")
