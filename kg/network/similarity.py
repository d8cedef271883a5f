"""How much two plans overlap: Jaccard and overlap coefficients on their actors, instruments or SDGs.

For plans :math:`A` and :math:`B` with item sets :math:`I_A` and :math:`I_B`:

- Jaccard :math:`|I_A \\cap I_B| / |I_A \\cup I_B|` (networkx's
  :func:`~networkx.algorithms.link_prediction.jaccard_coefficient` on the
  plan–item graph): 1 when the plans name exactly the same items;
- overlap (Szymkiewicz–Simpson) :math:`|I_A \\cap I_B| / \\min(|I_A|, |I_B|)`:
  1 when one plan's items are all in the other's, however large the other is.

Both are 0 when the plans share nothing (or one has no item of that kind).
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx

from .exceptions import EmptyGraph
from .plan_items import check_kinds, items, plans


def plan_similarity(B: nx.Graph, *, on: str = "actor", pairs=None) -> list[dict]:
    """Jaccard and overlap coefficients of plan pairs on one kind of item.

    Parameters
    ----------
    B : networkx.Graph
        A plan–item graph (:func:`~kg.network.plan_items.plan_item_graph`).
    on : str, optional (default ``"actor"``)
        ``actor``, ``instrument`` or ``sdg``.
    pairs : iterable of (plan, plan), optional
        The pairs to compare; every pair of plans by default (each once).

    Returns
    -------
    list of dict
        One row per pair, most similar first: ``plan_a``, ``plan_b``,
        ``label_a``, ``label_b``, ``on``, ``n_a``, ``n_b`` (items of each),
        ``shared`` (the shared items' IRIs), ``n_shared``, ``jaccard``, ``overlap``.

    Examples
    --------
    >>> B = nx.Graph()
    >>> B.add_nodes_from(["P", "Q"], kind="plan", label="")
    >>> B.add_nodes_from("abcd", kind="actor")
    >>> B.add_edges_from([("P", "a"), ("P", "b"), ("Q", "b"), ("Q", "c"), ("Q", "d")])
    >>> row = plan_similarity(B, on="actor")[0]
    >>> row["shared"], row["jaccard"], row["overlap"]
    (['b'], 0.25, 0.5)
    """
    (kind,) = check_kinds(on)
    plan_nodes = plans(B)
    if len(plan_nodes) < 2:
        raise EmptyGraph(f"plan similarity needs at least two plans; this graph has {len(plan_nodes)}")
    sub = B.subgraph(plan_nodes + items(B, kind))
    pairs = list(pairs) if pairs is not None else list(combinations(plan_nodes, 2))
    rows = []
    for a, b, jaccard in nx.jaccard_coefficient(sub, pairs):
        shared = sorted(nx.common_neighbors(sub, a, b))
        na, nb = sub.degree(a), sub.degree(b)
        rows.append({
            "plan_a": a, "plan_b": b, "label_a": B.nodes[a].get("label", ""), "label_b": B.nodes[b].get("label", ""),
            "on": kind, "n_a": na, "n_b": nb, "shared": shared, "n_shared": len(shared),
            "jaccard": float(jaccard), "overlap": len(shared) / min(na, nb) if min(na, nb) else 0.0,
        })
    rows.sort(key=lambda r: (-r["jaccard"], -r["n_shared"], r["plan_a"], r["plan_b"]))
    return rows
