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
    pos = nx.spring_layout(H, seed=seed, weight=None, iterations=60) if len(H) > 1 else {n: (0.0, 0.0) for n in H}
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
