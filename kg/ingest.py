"""Curated records to RDF: one graph per source, one for the actor and instrument registry.

The only place records become triples. Every reference (actor, instrument,
group, parent action, SDG, country) is checked, and every problem is
reported with its file, record and field before anything is written.

The work is split by job: :mod:`kg.ingest_registry` (actors and instruments),
:mod:`kg.ingest_sources` (a source file's plans, groups, actions and progress),
:mod:`kg.references` (what a record may point at, and the checks) and
:mod:`kg.record_triples` (labels, evidence, dates). What the build uses is
importable from here.
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from .errors import DataError, DataErrors
from .ingest_registry import registry_graph
from .ingest_sources import plan_index, source_graph
from .namespaces import REGISTRY_GRAPH, graph_iri
from .records import Curation
from .references import Reference

__all__ = ["ingest", "registry_graph", "source_graph", "plan_index", "Reference"]


def ingest(cur: Curation, vocab: Graph) -> dict[URIRef, Graph]:
    """All curated records as RDF graphs keyed by named-graph IRI.

    Raises DataErrors listing every broken reference in every file.
    """
    ref = Reference.from_graph(vocab)
    plans = plan_index(cur)
    out: dict[URIRef, Graph] = {}
    errors: list[DataError] = []
    try:
        out[REGISTRY_GRAPH] = registry_graph(cur, ref, {sf.id for sf in cur.sources})
    except DataErrors as e:
        errors += e.errors
    for sf in cur.sources:
        try:
            out[graph_iri(sf.id)] = source_graph(sf, cur, ref, plans)
        except DataErrors as e:
            errors += e.errors
    if errors:
        raise DataErrors(errors)
    return out
