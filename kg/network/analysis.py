"""One entry point for the CLI, the service and notebooks: named projections, measures and overlaps.

Every parameter a user can give is in :data:`PARAMETERS` (name, type,
default, help), so the CLI options, the HTTP parameters and the OpenAPI
document say the same thing. :func:`parse_parameters` turns strings (from a
command line or a query string) into typed values, refusing unknown names
and bad values with :class:`~kg.network.exceptions.InvalidParameter`.

>>> from kg.network.sample import example_store
>>> t = centrality(example_store(), projection="co-involvement", measure="betweenness", top=2)
>>> [(r["label"], round(r["value"], 3)) for r in t.rows]
[('International Labour Organization', 0.5), ('Ministry of Justice', 0.5)]
>>> t.meta["normalisation"]
'shortest paths through the node / pairs of other nodes, (n-1)(n-2)/2; 0 to 1'
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import networkx as nx

from ..store import Store
from ._checks import DEFAULT_SEED
from .actor_action import actor_action_graph
from .actor_instrument import actor_instrument_graph
from .betweenness import (BETWEENNESS_EDGE_VISITS, DEFAULT_BETWEENNESS_SAMPLE, EXACT_BETWEENNESS_MAX_NODES,
                          MIN_BETWEENNESS_SAMPLE, betweenness_centrality, default_sample)
from .brokers import brokers
from .closeness import closeness_centrality
from .co_involvement import co_involvement_graph
from .communities import METHODS, communities
from .degree import degree_centrality, weighted_degree
from .eigenvector import eigenvector_centrality
from .exceptions import InvalidParameter
from .kcore import core_number
from .membership import recurring_actors
from .pagerank import pagerank
from .parameters import Parameter, parse
from .plan_items import KINDS, actor_plan_graph, check_kinds, plan_item_graph
from .plan_overlap import plan_overlap_graph
from .readwrite import FORMATS as GRAPH_FORMATS
from .readwrite import graph_bytes
from .similarity import plan_similarity
from .tables import Table
from .weighting import WEIGHTINGS

# ------------------------------------------------------------------ parameters

@dataclass(frozen=True)
class Projection:
    name: str
    build: Callable[..., nx.Graph]
    filters: tuple[str, ...]
    options: tuple[str, ...]
    main_kind: str
    help: str


@dataclass(frozen=True)
class Measure:
    name: str
    compute: Callable[..., dict]
    normalisation: str
    help: str
    descending: bool = True


PROJECTIONS: dict[str, Projection] = {p.name: p for p in (
    Projection("co-involvement", co_involvement_graph, ("plan", "country", "source"),
               ("responsible_only", "include_plans", "weighting"), "actor",
               "actors linked by the actions they share (edge weight: shared actions, or as weighting says)"),
    Projection("actor-action", actor_action_graph, ("plan", "country", "source"),
               ("responsible_only", "include_plans"), "actor",
               "bipartite: actors and the actions they take part in"),
    Projection("actor-instrument", actor_instrument_graph, ("plan", "country", "source"),
               ("responsible_only", "whole_instruments"), "actor",
               "bipartite: actors and the instruments their actions refer to (weight: actions)"),
    Projection("actor-plan", actor_plan_graph, ("country", "source"), ("responsible_only",), "actor",
               "bipartite: actors and the plans they take part in (plan-level or through actions)"),
    Projection("plan-overlap", plan_overlap_graph, ("country", "source"),
               ("on", "responsible_only", "whole_instruments", "sdg_goals"), "plan",
               "plans linked by shared actors, instruments and SDGs (weight: shared items)"),
)}


def _distance(G: nx.Graph, weighted: bool) -> str | None:
    return "distance" if weighted and any("distance" in d for _, _, d in G.edges(data=True)) else None


def _weight(G: nx.Graph, weighted: bool) -> str | None:
    return "weight" if weighted else None


def _betweenness(G, *, weighted, sample, seed, method):
    distance = _distance(G, weighted)
    k = sample if sample is not None else default_sample(G, weighted=distance is not None)
    if k is not None and k >= G.number_of_nodes():
        k = None
    return betweenness_centrality(G, k=k, seed=seed, distance=distance), \
        {"sample": k, "seed": seed if k is not None else None, "exact": k is None}


MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("degree", lambda G, **o: (degree_centrality(G), {}),
            "degree / (n-1): the fraction of the other nodes a node is tied to; 0 to 1",
            "how many others a node is tied to"),
    Measure("weighted-degree", lambda G, **o: (weighted_degree(G, weight="weight"), {}),
            "sum of edge weights (unnormalised): shared actions with every co-actor; in bipartite graphs, links",
            "how much a node works with others (strength)"),
    Measure("betweenness", _betweenness,
            "shortest paths through the node / pairs of other nodes, (n-1)(n-2)/2; 0 to 1",
            "brokerage: lying on the shortest paths between others (exact, or sampled with a fixed seed)"),
    Measure("closeness", lambda G, *, weighted, **o: (closeness_centrality(G, distance=_distance(G, weighted)), {}),
            "Wasserman-Faust: (r-1)/(n-1) x (r-1)/(sum of distances to the r-1 reachable nodes); 0 to 1",
            "few steps to everyone reachable"),
    Measure("eigenvector", lambda G, *, weighted, **o: (eigenvector_centrality(G, weight=_weight(G, weighted)), {}),
            "leading eigenvector of the adjacency matrix, unit Euclidean norm",
            "tied to well-tied nodes"),
    Measure("pagerank", lambda G, *, weighted, **o: (pagerank(G, weight=_weight(G, weighted)), {}),
            "stationary distribution of a random walk with jumps (alpha 0.85); sums to 1",
            "where a random walk along the ties spends its time"),
    Measure("core", lambda G, **o: (core_number(G), {}),
            "core number: the largest k of a k-core containing the node (unweighted)",
            "the densest layer a node belongs to (k-core)"),
    Measure("community", lambda G, *, weighted, seed, method, **o: _community(G, weighted=weighted, seed=seed,
                                                                                method=method),
            "community number, 0 the largest (Louvain or greedy modularity); not a score",
            "groups that work more with each other than with the rest", descending=False),
)}


def _community(G, *, weighted, seed, method):
    parts = communities(G, method=method, weight=_weight(G, weighted), seed=seed)
    q = nx.community.modularity(G, parts, weight=_weight(G, weighted)) if G.number_of_edges() else 0.0
    return {n: i for i, c in enumerate(parts) for n in c}, {"communities": len(parts), "modularity": round(q, 4),
                                                           "method": method, "seed": seed}


OVERLAPS = {
    "recurring-actors": "actors in at least min_count plans (by=plan) or countries (by=country)",
    "similarity": "Jaccard and overlap coefficients of every pair of plans on actors, instruments or SDGs (on=...)",
    "brokers": "actors whose removal disconnects plans (by=plan) or countries (by=country), "
               "or who are the only actor two plans share",
}

NODE_KINDS = ("actor", "action", "plan", "instrument", "sdg", "all")

PARAMETERS: dict[str, Parameter] = {p.name: p for p in (
    Parameter("projection", "choice", "co-involvement", "which graph: " + "; ".join(
        f"{p.name}: {p.help}" for p in PROJECTIONS.values()), tuple(PROJECTIONS)),
    Parameter("measure", "choice", "degree", "which measure: " + "; ".join(
        f"{m.name}: {m.help}" for m in MEASURES.values()), tuple(MEASURES)),
    Parameter("analysis", "choice", "recurring-actors", "which overlap: " + "; ".join(
        f"{k}: {v}" for k, v in OVERLAPS.items()), tuple(OVERLAPS)),
    Parameter("plan", "str", None, "only the actions of this plan (id such as be-nap-bhr-2017, or IRI)"),
    Parameter("country", "str", None, "only the plans of this country (ISO 3166-1 alpha-3 such as BEL, or IRI)"),
    Parameter("source", "str", None, "only what comes from this source document (source id such as lu-pan2, or IRI)"),
    Parameter("responsible_only", "bool", False, "only actors named responsible (nap:responsibleActor), not every involved actor"),
    Parameter("include_plans", "bool", False, "also count the actors a plan names for the whole plan as one shared unit"),
    Parameter("weighting", "choice", "actions", "co-involvement: what a shared action adds to an edge: " + "; ".join(
        f"{k}: {v}" for k, v in WEIGHTINGS.items()), tuple(WEIGHTINGS)),
    Parameter("whole_instruments", "bool", True, "count a cited part (UNGP principle 26) for its whole instrument (UNGP)"),
    Parameter("sdg_goals", "bool", True, "count an SDG target (8.7) for its goal (8)"),
    Parameter("on", "str", None, "items compared: actors, instruments, sdgs (comma-separated; plan-overlap: all, "
              "similarity: actors)"),
    Parameter("kind", "choice", None, "which nodes to rank: actor, action, plan, instrument, sdg or all "
              "(default: the projection's main kind)", NODE_KINDS),
    Parameter("top", "int", None, "only the first N rows"),
    Parameter("weighted", "bool", True, "use edge weights (betweenness and closeness take 1/weight as distance)"),
    Parameter("sample", "int", None, f"betweenness: estimate from this many source nodes (default: exact up to "
              f"{EXACT_BETWEENNESS_MAX_NODES} nodes, else {MIN_BETWEENNESS_SAMPLE} to {DEFAULT_BETWEENNESS_SAMPLE} "
              f"sources, fewer on larger graphs so that sources x edges stays under {BETWEENNESS_EDGE_VISITS:,})"),
    Parameter("seed", "int", DEFAULT_SEED, "seed of sampled betweenness and Louvain communities"),
    Parameter("method", "choice", "louvain", "community detection: louvain or greedy (modularity)", METHODS),
    Parameter("by", "choice", "plan", "recurring-actors and brokers: between plans or countries", ("plan", "country")),
    Parameter("min_count", "int", 2, "recurring-actors: the least number of plans or countries"),
)}

def parse_parameters(raw: Mapping[str, Any], *, allowed: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Typed values from strings (or values already typed) for :data:`PARAMETERS`; unknown names and bad values
    are errors (:func:`kg.network.parameters.parse`).

    >>> parse_parameters({"top": "5", "responsible_only": "yes", "projection": "actor-plan"})
    {'top': 5, 'responsible_only': True, 'projection': 'actor-plan'}
    >>> parse_parameters({"top": "0"})
    Traceback (most recent call last):
    ...
    kg.network.exceptions.InvalidParameter: top: must be a whole number of at least 1, not '0'
    """
    return parse(raw, PARAMETERS, allowed=allowed)


# ------------------------------------------------------------------ projections

def project(store: Store, projection: str = "co-involvement", **params: Any) -> nx.Graph:
    """Build a named projection; ``params`` are its filters and options (see :data:`PROJECTIONS`).

    A filter or option the projection does not take is an error, not ignored.

    >>> from kg.network.sample import example_store
    >>> G = project(example_store(), "plan-overlap", on="actors")
    >>> G.number_of_nodes(), G.graph["projection"]
    (3, 'plan-overlap')
    >>> project(example_store(), "plan-overlap", plan="p-be")
    Traceback (most recent call last):
    ...
    kg.network.exceptions.InvalidParameter: plan: the plan-overlap projection does not take plan (it takes: country, source, on, responsible_only, whole_instruments, sdg_goals)
    """
    spec = PROJECTIONS.get(projection)
    if spec is None:
        raise InvalidParameter("projection", f"unknown projection {projection!r}", choices=list(PROJECTIONS))
    kwargs = {}
    for name, value in params.items():
        if value is None:
            continue
        if name not in spec.filters + spec.options:
            if PARAMETERS.get(name) and value == PARAMETERS[name].default:
                continue
            raise InvalidParameter(name, f"the {projection} projection does not take {name} "
                                         f"(it takes: {', '.join(spec.filters + spec.options)})")
        kwargs[name] = check_kinds(value) if name == "on" else value
    G = spec.build(store, **kwargs)
    G.graph["projection"] = projection
    return G


def _split(params: Mapping[str, Any], names: tuple[str, ...]) -> tuple[dict, dict]:
    inside = {k: v for k, v in params.items() if k in names}
    return inside, {k: v for k, v in params.items() if k not in names}


PROJECTION_PARAMETERS = ("plan", "country", "source", "responsible_only", "include_plans", "whole_instruments",
                         "sdg_goals", "on", "weighting")


# ------------------------------------------------------------------ centrality

def centrality(store: Store | None = None, *, projection: str = "co-involvement", measure: str = "degree",
               top: int | None = None, kind: str | None = None, weighted: bool = True, sample: int | None = None,
               seed: int = DEFAULT_SEED, method: str = "louvain", graph: nx.Graph | None = None,
               **projection_params: Any) -> Table:
    """Rank the nodes of a projection by a measure.

    Parameters
    ----------
    store : kg.store.Store
        Where to read the projection (not needed when ``graph`` is given).
    projection, measure : str
        Names of :data:`PROJECTIONS` and :data:`MEASURES`.
    top : int, optional
        Only the first ``top`` rows.
    kind : str, optional
        Rank only nodes of this kind (``all`` for every node); by default the
        projection's main kind (actors, or plans for ``plan-overlap``).
    weighted, sample, seed, method
        As in :data:`PARAMETERS`.
    graph : networkx.Graph, optional
        An already built projection.
    **projection_params
        Filters and options of the projection (``plan``, ``country``, ``responsible_only``...).

    Returns
    -------
    Table
        Columns ``rank``, ``label``, ``type``, ``country``, ``value``,
        ``iri``, ``kind``; ``meta`` names the projection, measure,
        normalisation, filters, graph size, sample and seed.
    """
    if measure not in MEASURES:
        raise InvalidParameter("measure", f"unknown measure {measure!r}", choices=list(MEASURES))
    if kind is not None and kind not in NODE_KINDS:
        raise InvalidParameter("kind", f"unknown node kind {kind!r}", choices=list(NODE_KINDS))
    t0 = time.perf_counter()
    G = graph if graph is not None else project(store, projection, **projection_params)
    t1 = time.perf_counter()
    spec = MEASURES[measure]
    values, notes = spec.compute(G, weighted=weighted, sample=sample, seed=seed, method=method)
    t2 = time.perf_counter()
    kind = kind or PROJECTIONS.get(G.graph.get("projection", projection), PROJECTIONS[projection]).main_kind
    nodes = [n for n in G if kind == "all" or G.nodes[n].get("kind") == kind]
    sign = -1 if spec.descending else 1
    nodes.sort(key=lambda n: (sign * values[n], str(G.nodes[n].get("label", "")).lower(), str(n)))
    rows = []
    for i, n in enumerate(nodes, start=1):
        d = G.nodes[n]
        rows.append({"rank": i, "label": d.get("label", str(n)), "type": d.get("type", ""),
                     "country": d.get("country", ""), "value": values[n], "iri": d.get("iri", str(n)),
                     "kind": d.get("kind", "")})
    meta = {"projection": G.graph.get("projection", projection), "measure": measure,
            "normalisation": spec.normalisation, "filters": G.graph.get("filters", ""),
            **({"weighting": G.graph["weighting"]} if "weighting" in G.graph else {}),
            "nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "ranked": kind,
            "weighted": weighted, **notes,
            "seconds": {"projection": round(t1 - t0, 4), "measure": round(t2 - t1, 4)}}
    return Table(["rank", "label", "type", "country", "value", "iri", "kind"], rows, meta,
                 ["rank", "label", "type", "country", "value"]).head(top)


# ------------------------------------------------------------------ overlaps

def overlaps(store: Store, *, analysis: str = "recurring-actors", by: str = "plan", on: Any = None,
             min_count: int = 2, top: int | None = None, responsible_only: bool = False,
             whole_instruments: bool = True, sdg_goals: bool = True, country=None, source=None) -> Table:
    """Institutional overlap between plans and countries, as a table.

    Parameters
    ----------
    analysis : {"recurring-actors", "similarity", "brokers"}
        See :data:`OVERLAPS`.
    by : {"plan", "country"}
        recurring-actors and brokers: plans or countries.
    on : str, optional
        similarity: ``actors`` (default), ``instruments`` or ``sdgs``.
    min_count : int
        recurring-actors: least number of plans (countries).
    top : int, optional
        Only the first rows.
    responsible_only, whole_instruments, sdg_goals, country, source
        As for :func:`~kg.network.plan_items.plan_item_graph`.

    Examples
    --------
    >>> from kg.network.sample import example_store
    >>> t = overlaps(example_store(), analysis="similarity", on="instruments")
    >>> [(r["label_a"][:13], r["label_b"][:13], round(r["jaccard"], 2)) for r in t.rows][:1]
    [('Belgian plan ', 'Luxembourg pl', 0.33)]
    >>> overlaps(example_store(), analysis="brokers").rows[0]["label"]
    'International Labour Organization'
    """
    if analysis not in OVERLAPS:
        raise InvalidParameter("analysis", f"unknown analysis {analysis!r}", choices=list(OVERLAPS))
    if by not in ("plan", "country"):
        raise InvalidParameter("by", f"unknown value {by!r}", choices=["plan", "country"])
    opts = dict(responsible_only=responsible_only, country=country, source=source)
    if analysis == "similarity":
        (kind,) = check_kinds(on or "actors")
        B = plan_item_graph(**{"store": store, "on": (kind,), "whole_instruments": whole_instruments,
                               "sdg_goals": sdg_goals, **opts})
        rows = []
        for r in plan_similarity(B, on=kind):
            rows.append({**r, "shared_labels": [B.nodes[i].get("label", i) for i in r["shared"]]})
        cols = ["label_a", "label_b", "on", "n_a", "n_b", "n_shared", "jaccard", "overlap", "shared_labels",
                "plan_a", "plan_b", "shared"]
        display = ["label_a", "label_b", "n_a", "n_b", "n_shared", "jaccard", "overlap", "shared_labels"]
        meta = {"analysis": analysis, "on": kind + "s", "filters": B.graph["filters"],
                "jaccard": "|A and B| / |A or B|", "overlap": "|A and B| / min(|A|, |B|)"}
    else:
        if on is not None:
            raise InvalidParameter("on", f"the {analysis} analysis compares actors only; 'on' is for similarity")
        B = actor_plan_graph(store, **opts)
        if analysis == "recurring-actors":
            rows = recurring_actors(B, by=by, min_count=min_count)
            cols = ["label", "type", "country", "count", "labels", "actor", by + "s"]
            display = ["label", "type", "country", "count", "labels"]
        else:
            rows = [{**r, "n_sole_link_pairs": len(r["sole_link_pairs"]),
                     "sole_link_labels": [[B.nodes[p].get("label", p) if p in B else p for p in pair]
                                          for pair in r["sole_link_pairs"]] if by == "plan" else
                     [[_country_label(p) for p in pair] for pair in r["sole_link_pairs"]]}
                    for r in brokers(B, between=by)]
            cols = ["label", "type", "country", "articulation", "separated_pairs", "n_sole_link_pairs", "labels",
                    "sole_link_labels", "actor"]
            display = ["label", "type", "articulation", "separated_pairs", "n_sole_link_pairs", "labels"]
        meta = {"analysis": analysis, "by": by, "filters": B.graph["filters"],
                "plans": sum(1 for _, k in B.nodes(data="kind") if k == "plan")}
        if analysis == "recurring-actors":
            meta["min_count"] = min_count
    return Table(cols, rows, meta, display).head(top)


def _country_label(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


# ------------------------------------------------------------------ export

def export(store: Store, *, projection: str = "co-involvement", format: str = "json", **params: Any) -> bytes:
    """A projection written as node-link ``json``, ``graphml`` or ``gexf``."""
    if format not in GRAPH_FORMATS:
        raise InvalidParameter("format", f"cannot write a graph as {format!r}", choices=list(GRAPH_FORMATS))
    return graph_bytes(project(store, projection, **params), format=format)


__all__ = ["PARAMETERS", "PROJECTIONS", "MEASURES", "OVERLAPS", "NODE_KINDS", "PROJECTION_PARAMETERS", "Parameter",
           "parse_parameters", "project", "centrality", "overlaps", "export", "KINDS"]
