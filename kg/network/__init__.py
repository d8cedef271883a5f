"""Network analytics of the napkg graph: projections, measures, institutional overlaps.

Shaped like networkx: one projection or measure per module, keyword-only
options, numpydoc with doctested examples, specific exceptions for degenerate
input (:mod:`kg.network.exceptions`, all :class:`kg.errors.NapkgError`).

Projections (each reads the store with one SPARQL query, parameters bound as
RDF terms, and returns a networkx graph whose nodes are IRIs carrying
``iri``, ``label``, ``kind``, ``type`` and ``country``):

=====================  ===========================================================
module                 graph
=====================  ===========================================================
``co_involvement``     actors linked by shared actions (weight, evidence: actions)
``actor_action``       bipartite actors–actions (role: responsible or involved)
``actor_instrument``   bipartite actors–instruments their actions refer to
``plan_items``         bipartite plans–actors/instruments/SDGs; the actor–plan graph
``plan_overlap``       plans linked by shared actors, instruments, SDGs
=====================  ===========================================================

Measures (each states its normalisation): ``degree`` (degree and weighted
degree), ``betweenness`` (exact, or sampled with a fixed seed), ``closeness``,
``eigenvector``, ``pagerank``, ``communities`` (Louvain, greedy modularity),
``kcore``. Overlaps: ``membership`` (actors in several plans or countries),
``similarity`` (Jaccard and overlap coefficients of plan pairs), ``brokers``
(articulation points of the actor–plan graph, sole links between plans).

:mod:`kg.network.analysis` ties them together for the CLI (``napkg
network``), the service (``/network/...``) and notebooks;
:mod:`kg.network.readwrite` writes node-link JSON, GraphML and GEXF.

>>> from kg.network import analysis
>>> from kg.network.sample import example_store
>>> t = analysis.centrality(example_store(), projection="co-involvement", measure="pagerank", top=1)
>>> t.rows[0]["label"], t.meta["normalisation"].endswith("sums to 1")
('Ministry of Justice', True)
"""

from .exceptions import EmptyGraph, EmptyProjection, InvalidParameter, MeasureFailed, NetworkError, ProjectionTooLarge

__all__ = ["NetworkError", "InvalidParameter", "EmptyProjection", "EmptyGraph", "MeasureFailed", "ProjectionTooLarge"]
