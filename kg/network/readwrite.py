"""Write a projection for other tools: node-link JSON, GraphML, GEXF (Gephi).

The writers are networkx's. GraphML and GEXF hold only scalar attributes, so
a list attribute (the evidence: shared actions, plans, items) is written as
one string of IRIs separated by single spaces (IRIs have none); attributes
that are None are left out. Node-link JSON keeps lists as lists; its edges
are under ``"links"`` (read back with ``networkx.node_link_graph(data, edges="links")``).
Writers take a path or an open binary file, like networkx's.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import BinaryIO

import networkx as nx

from .exceptions import InvalidParameter

FORMATS = {
    # key: (media type, file extension)
    "json": ("application/json", "json"),
    "graphml": ("application/graphml+xml", "graphml"),
    "gexf": ("application/gexf+xml", "gexf"),
}
SEPARATOR = " "


def _scalar(value):
    if isinstance(value, (list, tuple, set, frozenset)):
        return SEPARATOR.join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def flatten(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose attributes are all scalars (lists joined by spaces, None dropped).

    >>> G = nx.Graph(name="g")
    >>> G.add_edge("a", "b", actions=["x", "y"], note=None)
    >>> flatten(G).edges["a", "b"]
    {'actions': 'x y'}
    """
    H = nx.Graph() if not G.is_directed() else nx.DiGraph()
    H.graph.update({k: _scalar(v) for k, v in G.graph.items() if v is not None})
    H.add_nodes_from((n, {k: _scalar(v) for k, v in d.items() if v is not None}) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, {k: _scalar(x) for k, x in d.items() if x is not None}) for u, v, d in G.edges(data=True))
    return H


def node_link(G: nx.Graph) -> dict:
    """The node-link form of ``G`` (a JSON-ready dict, edges under ``links``).

    >>> data = node_link(nx.path_graph(2))
    >>> sorted(data), data["links"]
    (['directed', 'graph', 'links', 'multigraph', 'nodes'], [{'source': 0, 'target': 1}])
    """
    return nx.node_link_data(G, edges="links")


def write_graph(G: nx.Graph, dest: str | Path | BinaryIO, *, format: str = "json") -> None:
    """Write ``G`` as ``json`` (node-link), ``graphml`` or ``gexf`` to a path or binary file.

    >>> buf = io.BytesIO()
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=2, actions=["x"])
    >>> write_graph(G, buf, format="graphml")
    >>> H = nx.read_graphml(io.BytesIO(buf.getvalue()))
    >>> H.edges["a", "b"]["weight"], H.edges["a", "b"]["actions"]
    (2, 'x')
    """
    if format not in FORMATS:
        raise InvalidParameter("format", f"cannot write a graph as {format!r}", choices=list(FORMATS))
    if isinstance(dest, (str, Path)):
        with open(dest, "wb") as f:
            write_graph(G, f, format=format)
        return
    if format == "json":
        dest.write(json.dumps(node_link(G), ensure_ascii=False, indent=1).encode("utf-8"))
    elif format == "graphml":
        nx.write_graphml(flatten(G), dest, encoding="utf-8")
    else:
        nx.write_gexf(flatten(G), dest, encoding="utf-8")


def graph_bytes(G: nx.Graph, *, format: str = "json") -> bytes:
    """``G`` written as ``format``, in memory."""
    buf = io.BytesIO()
    write_graph(G, buf, format=format)
    return buf.getvalue()
