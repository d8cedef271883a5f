"""A projection laid out for drawing: positions (networkx's spring layout), the chosen measure, communities.

The browser draws what this returns as it is (no layout in the page): the
layout is computed once per build and parameters, with a fixed seed, so the
picture is the same on every visit and cached with the other answers.
Evidence lists are left out (they are in ``/network/graph``): the drawing
stays small.

>>> from kg.network.sample import example_store
>>> d = drawing(example_store(), measure="degree")
>>> len(d["nodes"]), len(d["edges"]), sorted(d["nodes"][0])
(5, 5, ['community', 'country', 'id', 'iri', 'kind', 'label', 'type', 'value', 'x', 'y'])
>>> d["meta"]["measure"], d["meta"]["drawn"]
('degree', 5)
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ._checks import DEFAULT_SEED
from .communities import communities

#: Most nodes drawn; beyond, the highest ranked are kept (the table still lists every node).
MAX_DRAWN_NODES = 1500


def layout(G: nx.Graph, *, seed: int = DEFAULT_SEED) -> dict:
    """Positions for ``G``: each connected component laid out on its own (spring), then packed.

    The largest component fills the unit square at the top; the smaller ones
    follow in rows beneath it, each in a cell sized by its number of nodes,
    so that small groups and isolated bodies neither vanish into the corners
    nor squeeze the main component (as one spring layout of the whole does).

    >>> G = nx.Graph([(0, 1), (1, 2), (3, 4)])
    >>> G.add_node(5)
    >>> pos = layout(G)
    >>> sorted(pos) == list(range(6)) and all(-1.0 <= x <= 1.0 for x, _ in pos.values())
    True
    """
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(G)), key=lambda c: (-len(c), str(c[0])))
    pos: dict = {}
    if not comps:
        return pos
    big = comps[0]
    pos.update(_fit(nx.spring_layout(G.subgraph(big), seed=seed, weight=None, iterations=80) if len(big) > 1
                    else {big[0]: (0.0, 0.0)}, -1.0, -1.0, 2.0))
    rest = comps[1:]
    x, y, row = -1.0, 1.1, 0.0
    for c in rest:
        size = min(0.6, 0.12 + 0.06 * len(c) ** 0.5)
        if x + size > 1.0:
            x, y, row = -1.0, y + row + 0.05, 0.0
        sub = nx.spring_layout(G.subgraph(c), seed=seed, weight=None) if len(c) > 1 else {c[0]: (0.0, 0.0)}
        pos.update(_fit(sub, x, y, size))
        x, row = x + size + 0.05, max(row, size)
    return pos


def _fit(pos: dict, x0: float, y0: float, size: float) -> dict:
    """``pos`` scaled into the square of side ``size`` at (x0, y0), its centre kept when it is a point."""
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    return {n: (x0 + size * ((p[0] - min(xs)) / span if len(pos) > 1 else 0.5),
                y0 + size * ((p[1] - min(ys)) / span if len(pos) > 1 else 0.5)) for n, p in pos.items()}


def drawing(store, *, projection: str = "co-involvement", measure: str = "degree", kind: str | None = None,
            weighted: bool = True, sample: int | None = None, seed: int = DEFAULT_SEED, method: str = "louvain",
            top: int | None = None, **projection_params: Any) -> dict:
    """Nodes with positions, measure value and community; edges with weights; ``meta`` says how.

    ``top`` is ignored (the drawing shows the graph; the table is cut), ``kind``
    too: every node of the projection is drawn.
    """
    from .analysis import MEASURES, _weight, project  # analysis imports this module's neighbours

    G = project(store, projection, **projection_params)
    spec = MEASURES[measure]
    values, notes = spec.compute(G, weighted=weighted, sample=sample, seed=seed, method=method)
    parts = communities(G, method=method, weight=_weight(G, weighted), seed=seed) if G.number_of_edges() else [set(G)]
    community = {n: i for i, c in enumerate(parts) for n in c}
    nodes = sorted(G, key=lambda n: (-values[n] if spec.descending else values[n], str(n)))[:MAX_DRAWN_NODES]
    H = G.subgraph(nodes)
    pos = layout(H, seed=seed)
    index = {n: i for i, n in enumerate(nodes)}
    out_nodes = []
    for n in nodes:
        d = G.nodes[n]
        out_nodes.append({"id": index[n], "iri": d.get("iri", str(n)), "label": d.get("label", str(n)),
                          "kind": d.get("kind", ""), "type": d.get("type", ""), "country": d.get("country", ""),
                          "value": values[n], "community": community.get(n, 0),
                          "x": round(float(pos[n][0]), 4), "y": round(float(pos[n][1]), 4)})
    edges = [{"s": index[u], "t": index[v], "w": d.get("weight", 1)} for u, v, d in H.edges(data=True)]
    meta = {"projection": G.graph.get("projection", projection), "measure": measure,
            "normalisation": spec.normalisation, "weighting": G.graph.get("weighting"),
            "filters": G.graph.get("filters", ""), "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
            "drawn": len(nodes), "communities": len(parts), "layout": f"spring (networkx), seed {seed}", **notes}
    return {"meta": meta, "nodes": out_nodes, "edges": edges}
