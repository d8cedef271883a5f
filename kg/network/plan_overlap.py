"""Plan–plan overlap: two plans are linked when they share actors, instruments or SDGs.

The projection of :func:`~kg.network.plan_items.plan_item_graph` onto its
plans, with the shared items as evidence and the coefficients of
:func:`~kg.network.similarity.plan_similarity` on every edge.
"""

from __future__ import annotations

import networkx as nx

from ..store import Store
from .plan_items import KINDS, check_kinds, plan_item_graph, plans
from .similarity import plan_similarity


def plan_overlap_graph(store: Store, *, on=KINDS, **options) -> nx.Graph:
    """The graph of plans linked by what they share.

    Parameters
    ----------
    on : str or sequence of str, optional
        Which items count: ``actors``, ``instruments``, ``sdgs`` (all by default).
    store, responsible_only, whole_instruments, sdg_goals, country, source, max_rows
        As for :func:`~kg.network.plan_items.plan_item_graph`, which takes them all.

    Returns
    -------
    networkx.Graph
        One node per plan (``iri``, ``label``, ``kind`` ``plan``, ``type``,
        ``country`` and ``n_actor``, ``n_instrument``, ``n_sdg``: how many
        items of each kind it has). An edge joins two plans sharing at least
        one item; for each kind *k* of ``on`` it has ``shared_k`` (the shared
        items' IRIs: the evidence), ``n_shared_k``, ``jaccard_k`` and
        ``overlap_k``, and ``weight`` is the number of shared items of all kinds.

    Examples
    --------
    >>> from kg.network.sample import example_store, sample_iri
    >>> G = plan_overlap_graph(example_store())
    >>> e = G.edges[sample_iri("plan", "p-be2"), sample_iri("plan", "p-lu")]
    >>> e["n_shared_actor"], e["n_shared_instrument"], round(e["jaccard_instrument"], 3), e["overlap_instrument"]
    (1, 1, 0.333, 1.0)
    >>> G.edges[sample_iri("plan", "p-be"), sample_iri("plan", "p-be2")]["jaccard_actor"]  # justice, foreign, ngo of four
    0.75
    """
    kinds = check_kinds(on)
    B = plan_item_graph(store, on=kinds, **options)
    return project_plans(B, on=kinds)


def project_plans(B: nx.Graph, *, on=KINDS) -> nx.Graph:
    """Project a plan–item graph onto its plans (see :func:`plan_overlap_graph`)."""
    kinds = check_kinds(on)
    G = nx.Graph(**{**B.graph, "projection": "plan-overlap"})
    for p in plans(B):
        attrs = {k: v for k, v in B.nodes[p].items() if k != "bipartite"}
        for k in kinds:
            attrs[f"n_{k}"] = sum(1 for i in B[p] if B.nodes[i]["kind"] == k)
        G.add_node(p, **attrs)
    if G.number_of_nodes() < 2:
        return G
    for k in kinds:
        for row in plan_similarity(B, on=k):
            if not row["n_shared"]:
                continue
            a, b = row["plan_a"], row["plan_b"]
            if not G.has_edge(a, b):
                G.add_edge(a, b, weight=0)
            G.edges[a, b].update({f"shared_{k}": row["shared"], f"n_shared_{k}": row["n_shared"],
                                  f"jaccard_{k}": row["jaccard"], f"overlap_{k}": row["overlap"]})
            G.edges[a, b]["weight"] += row["n_shared"]
    for a, b, d in G.edges(data=True):
        for k in kinds:
            d.setdefault(f"shared_{k}", [])
            d.setdefault(f"n_shared_{k}", 0)
            d.setdefault(f"jaccard_{k}", 0.0)
            d.setdefault(f"overlap_{k}", 0.0)
        d["distance"] = 1 / d["weight"]
    return G
