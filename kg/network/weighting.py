"""How much a shared action counts in the co-involvement graph: the answer to one plan's long lists.

An action that names k bodies ties each of them to the k-1 others. A plan
whose actions list ten or twenty bodies each (the French roadmap does) thus
fills the top of any ranking by ties, whatever the other plans hold. The
weightings here say how much each shared action adds to an edge:

==============  ==============================================================
``actions``     1 per shared action (the default: the count of shared actions)
``fractional``  1/(k-1) per shared action of k bodies (Newman's collaboration
                weighting): each body's ties from one action add up to 1, so a
                long list of bodies no longer weighs more than a short one
``plans``       1 per plan in which the two bodies share an action: a pair
                counts once per plan however many actions the plan gives them
==============  ==============================================================

Degree and core number count ties, not weights: under every weighting they
stay dominated by long lists; weighted degree (strength), PageRank,
eigenvector, betweenness and closeness follow the weighting.

>>> import networkx as nx
>>> B = nx.Graph()
>>> B.add_nodes_from("abcd", kind="actor")
>>> B.add_node("x", kind="action", plan="p")
>>> B.add_node("y", kind="action", plan="p")
>>> B.add_edges_from([("a", "x"), ("b", "x"), ("c", "x"), ("d", "x"), ("a", "y"), ("b", "y")])
>>> from .co_involvement import project_actors
>>> G = reweight(project_actors(B), B, "fractional")
>>> round(G.edges["a", "b"]["weight"], 3), round(G.edges["c", "d"]["weight"], 3)
(1.333, 0.333)
>>> reweight(project_actors(B), B, "plans").edges["a", "b"]["weight"]
1
"""

from __future__ import annotations

import networkx as nx

from .exceptions import InvalidParameter

WEIGHTINGS = {
    "actions": "1 per shared action",
    "fractional": "1/(k-1) per shared action of k bodies (each body's ties from one action sum to 1)",
    "plans": "1 per plan in which the two bodies share an action",
}


def reweight(G: nx.Graph, B: nx.Graph, weighting: str = "actions") -> nx.Graph:
    """Set ``weight`` (and ``distance`` = 1/weight) of the co-involvement graph ``G`` by ``weighting``.

    ``B`` is the actor-action graph ``G`` was projected from (each edge of
    ``G`` carries its shared ``actions`` and ``plans``). Returns ``G``, whose
    ``graph["weighting"]`` names the weighting.
    """
    if weighting not in WEIGHTINGS:
        raise InvalidParameter("weighting", f"unknown weighting {weighting!r}", choices=list(WEIGHTINGS))
    G.graph["weighting"] = weighting
    if weighting == "actions":
        return G
    for _u, _v, d in G.edges(data=True):
        if weighting == "fractional":
            d["weight"] = sum(1 / max(B.degree(x) - 1, 1) for x in d["actions"])
        else:
            d["weight"] = len(d["plans"])
        d["distance"] = 1 / d["weight"]
    return G
