"""Measures and overlap analytics on small hand-made graphs whose answers are known."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from kg.errors import NapkgError
from kg.network.betweenness import betweenness_centrality
from kg.network.brokers import brokers
from kg.network.closeness import closeness_centrality
from kg.network.communities import communities, community_index
from kg.network.degree import degree_centrality, weighted_degree
from kg.network.eigenvector import eigenvector_centrality
from kg.network.exceptions import EmptyGraph, InvalidParameter, NetworkError
from kg.network.kcore import core_number, main_core
from kg.network.membership import recurring_actors
from kg.network.pagerank import pagerank
from kg.network.similarity import plan_similarity

MEASURES = [degree_centrality, weighted_degree, betweenness_centrality, closeness_centrality,
            eigenvector_centrality, pagerank, core_number, communities]


@pytest.mark.parametrize("measure", MEASURES, ids=lambda m: m.__name__)
def test_null_graph_is_a_clear_error(measure):
    with pytest.raises(EmptyGraph, match="null graph"):
        measure(nx.Graph())


def test_errors_are_napkg_errors_with_exit_code_2():
    assert issubclass(EmptyGraph, NetworkError) and issubclass(NetworkError, NapkgError)
    assert EmptyGraph("x").exit_code == 2


def test_degree_on_a_star():
    G = nx.star_graph(4)  # hub 0, leaves 1..4
    d = degree_centrality(G)
    assert d[0] == 1.0
    assert d[1] == pytest.approx(1 / 4)


def test_weighted_degree_is_the_sum_of_weights():
    G = nx.Graph()
    G.add_edge("a", "b", weight=3)
    G.add_edge("a", "c", weight=2)
    G.add_node("d")
    assert weighted_degree(G) == {"a": 5.0, "b": 3.0, "c": 2.0, "d": 0.0}
    assert weighted_degree(G, weight=None)["a"] == 2.0


def test_betweenness_on_a_path_and_a_star():
    assert betweenness_centrality(nx.path_graph(5))[2] == pytest.approx(4 / 6)  # (0,3) (0,4) (1,3) (1,4) of 6 pairs
    b = betweenness_centrality(nx.star_graph(4))
    assert b[0] == 1.0 and b[1] == 0.0


def test_weighted_betweenness_follows_short_distances():
    # a-b-c strong (distance 0.5 each), a-c weak (distance 2): the path through b is shorter
    G = nx.Graph()
    G.add_edge("a", "b", distance=0.5)
    G.add_edge("b", "c", distance=0.5)
    G.add_edge("a", "c", distance=2)
    assert betweenness_centrality(G, distance="distance")["b"] == 1.0
    assert betweenness_centrality(G)["b"] == 0.0  # in hops, a and c are adjacent


def test_sampled_betweenness_repeats_with_the_seed_and_approximates():
    G = nx.connected_watts_strogatz_graph(300, 6, 0.1, seed=1)
    exact = betweenness_centrality(G)
    s1 = betweenness_centrality(G, k=150, seed=7)
    s2 = betweenness_centrality(G, k=150, seed=7)
    assert s1 == s2
    top = sorted(exact, key=exact.get, reverse=True)[:10]
    assert len(set(top) & set(sorted(s1, key=s1.get, reverse=True)[:20])) >= 7
    assert betweenness_centrality(G, k=10_000) == exact  # k above n: exact


def test_closeness_known_values():
    c = closeness_centrality(nx.path_graph(4))  # 0-1-2-3
    assert c[1] == pytest.approx(3 / 4)  # distances 1+1+2
    assert c[0] == pytest.approx(3 / 6)
    G = nx.Graph([(0, 1)])
    G.add_node(2)
    assert closeness_centrality(G)[2] == 0.0
    assert closeness_centrality(G)[0] == pytest.approx((1 / 2) * 1)  # Wasserman-Faust: (r-1)/(n-1) * (r-1)/D


def test_eigenvector_has_unit_norm_and_ranks_the_hub_first():
    e = eigenvector_centrality(nx.star_graph(3))
    assert math.isclose(sum(v * v for v in e.values()), 1.0, rel_tol=1e-6)
    assert e[0] == pytest.approx(1 / math.sqrt(2), rel=1e-4)
    with pytest.raises(EmptyGraph, match="without edges"):
        eigenvector_centrality(nx.empty_graph(3))


def test_pagerank_sums_to_one_even_with_isolated_nodes():
    G = nx.star_graph(3)
    G.add_node("alone")
    p = pagerank(G)
    assert sum(p.values()) == pytest.approx(1.0)
    assert p[0] > p[1] > p["alone"]


def test_communities_of_two_cliques():
    G = nx.barbell_graph(5, 0)
    assert [sorted(c) for c in communities(G)] == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    assert [sorted(c) for c in communities(G, method="greedy")] == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    assert community_index(G)[9] == 1
    with pytest.raises(InvalidParameter, match="choose from: louvain, greedy"):
        communities(G, method="magic")


def test_core_numbers():
    G = nx.complete_graph(4)
    G.add_edges_from([(3, 4), (4, 5)])
    G.add_edge(5, 5)  # a self-loop is ignored, not an error
    assert core_number(G) == {0: 3, 1: 3, 2: 3, 3: 3, 4: 1, 5: 1}
    assert sorted(main_core(G)) == [0, 1, 2, 3]


# -------------------------------------------------------------- overlaps on a hand-made actor–plan graph

def actor_plan(edges: dict[str, list[str]], countries: dict[str, str]) -> nx.Graph:
    B = nx.Graph()
    for plan, actors in edges.items():
        B.add_node(plan, kind="plan", label=plan.upper(), country=countries.get(plan, ""), type="plan")
        for a in actors:
            B.add_node(a, kind="actor", label=a, country="", type="ministry")
            B.add_edge(plan, a)
    return B


@pytest.fixture
def three_plans():
    # P1 and P2 share x and y; P2 and P3 share only z; P4 stands alone with w.
    return actor_plan({"P1": ["x", "y", "a"], "P2": ["x", "y", "z"], "P3": ["z", "b"], "P4": ["w"]},
                      {"P1": "BEL", "P2": "BEL", "P3": "LUX"})


def test_recurring_actors(three_plans):
    rows = recurring_actors(three_plans)
    assert [(r["actor"], r["count"]) for r in rows] == [("x", 2), ("y", 2), ("z", 2)]
    by_country = recurring_actors(three_plans, by="country")
    assert [(r["actor"], r["labels"]) for r in by_country] == [("z", ["BEL", "LUX"])]
    with pytest.raises(InvalidParameter):
        recurring_actors(three_plans, by="region")


def test_similarity_coefficients(three_plans):
    rows = {(r["plan_a"], r["plan_b"]): r for r in plan_similarity(three_plans, on="actors")}
    assert rows["P1", "P2"]["jaccard"] == pytest.approx(2 / 4)
    assert rows["P1", "P2"]["overlap"] == pytest.approx(2 / 3)
    assert rows["P2", "P3"]["shared"] == ["z"]
    assert rows["P2", "P3"]["jaccard"] == pytest.approx(1 / 4)
    assert rows["P2", "P3"]["overlap"] == pytest.approx(1 / 2)
    assert rows["P1", "P4"]["jaccard"] == 0.0 and rows["P1", "P4"]["overlap"] == 0.0
    assert len(rows) == 6  # every pair once


def test_brokers(three_plans):
    rows = {r["actor"]: r for r in brokers(three_plans)}
    assert set(rows) == {"z"}
    z = rows["z"]
    assert z["articulation"] is True
    assert z["separated_pairs"] == 2  # P3 from P1 and from P2
    assert z["sole_link_pairs"] == [["P2", "P3"]]
    countries = brokers(three_plans, between="country")
    assert [r["actor"] for r in countries] == ["z"]


def test_brokers_need_two_plans():
    with pytest.raises(EmptyGraph, match="at least two"):
        brokers(actor_plan({"P1": ["x"]}, {}))
