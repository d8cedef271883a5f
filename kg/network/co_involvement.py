"""Actor–actor co-involvement: two actors are linked when they take part in the same actions.

The projection of :func:`~kg.network.actor_action.actor_action_graph` onto
its actors, by networkx's :func:`~networkx.algorithms.bipartite.projection.weighted_projected_graph`:
an edge's ``weight`` is the number of actions the two actors share.
"""

from __future__ import annotations

import networkx as nx
from networkx.algorithms import bipartite

from ..store import Store
from .actor_action import actor_action_graph, actors
from .weighting import reweight


def co_involvement_graph(store: Store, *, weighting: str = "actions", **options) -> nx.Graph:
    """The weighted graph of actors that share actions.

    The projection of :func:`~kg.network.actor_action.actor_action_graph`,
    which takes every option but ``weighting``.

    Parameters
    ----------
    weighting : {"actions", "fractional", "plans"}, optional (default "actions")
        What a shared action adds to an edge's weight (see :mod:`kg.network.weighting`).
    store, responsible_only, include_plans, plan, country, source, max_rows
        As for :func:`~kg.network.actor_action.actor_action_graph`:
        ``responsible_only`` gives co-responsibility (only the actors named
        responsible), ``include_plans`` also links the actors a plan names for
        the whole plan (the plan counts as one shared unit).

    Returns
    -------
    networkx.Graph
        One node per actor (IRI string) with ``iri``, ``label``, ``kind``
        (``actor``), ``type`` (actor type), ``country`` and ``n_actions``
        (actions it takes part in). Each edge has ``weight`` (number of shared
        actions), ``distance`` (1 / weight, for weighted shortest paths),
        ``actions`` (the shared actions' IRIs: the evidence) and ``plans``
        (the plans those actions belong to). Actors sharing nothing are
        isolated nodes.

    Examples
    --------
    >>> from kg.network.sample import example_store, sample_iri
    >>> G = co_involvement_graph(example_store())
    >>> justice, foreign = sample_iri("actor", "justice"), sample_iri("actor", "foreign")
    >>> G.edges[justice, foreign]["weight"]
    2
    >>> [a.rsplit("/", 2)[-2] + "/" + a.rsplit("/", 1)[-1] for a in G.edges[justice, foreign]["actions"]]
    ['p-be/1', 'p-be2/1']
    >>> G.number_of_nodes(), G.number_of_edges()
    (5, 5)

    Only responsible actors: every sample action has one, so nobody shares one.

    >>> co_involvement_graph(example_store(), responsible_only=True).number_of_edges()
    0
    """
    B = actor_action_graph(store, **options)
    return reweight(project_actors(B), B, weighting)


def project_actors(B: nx.Graph) -> nx.Graph:
    """Project an actor–action bipartite graph onto its actors, with the shared actions as evidence.

    >>> B = nx.Graph()
    >>> B.add_nodes_from(["a", "b", "c"], kind="actor")
    >>> B.add_nodes_from(["x", "y"], kind="action", plan="p")
    >>> B.add_edges_from([("a", "x"), ("b", "x"), ("a", "y"), ("b", "y"), ("c", "y")])
    >>> G = project_actors(B)
    >>> G.edges["a", "b"]["weight"], G.edges["a", "b"]["actions"], G.edges["b", "c"]["weight"]
    (2, ['x', 'y'], 1)
    """
    nodes = actors(B)
    P = bipartite.weighted_projected_graph(B, nodes)
    # networkx builds the projection from sets (their order changes with PYTHONHASHSEED): rebuild it in
    # sorted order, so seeded algorithms (Louvain, sampled betweenness) repeat from run to run.
    G = nx.Graph(**{**B.graph, "projection": "co-involvement"})
    G.add_nodes_from((n, P.nodes[n]) for n in sorted(P))
    G.add_edges_from(sorted((min(u, v), max(u, v), d) for u, v, d in P.edges(data=True)))
    for n in nodes:
        G.nodes[n].pop("bipartite", None)
        G.nodes[n]["n_actions"] = B.degree(n)
    for u, v, d in G.edges(data=True):
        shared = sorted(set(B[u]) & set(B[v]))
        d["actions"] = shared
        d["plans"] = sorted({B.nodes[x].get("plan", x) for x in shared})
        d["distance"] = 1 / d["weight"]
    return G
