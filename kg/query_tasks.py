"""The jobs a query worker (:mod:`kg.query_pool`) may run, by name, on a read-only store.

Each task takes the store and keyword arguments and returns plain,
picklable data: bytes already written in the format asked for, or dicts and
lists. Only the tasks listed in :data:`TASKS` can be called.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from rdflib import URIRef

from . import describe as _describe
from .builds import open_build as _open_build  # here, not in the task: the fork server imports it once for every worker
from .settings import Settings
from . import lookup, stats as _stats, term_docs, void
from .namespaces import PREFIXES
from .network.tasks import network  # the network analyses, run in workers like every other read of the graph
from .result_formats import compact_jsonld, write_triples
from .sparql_exec import Answer
from .store import Store
from .store.terms import to_ox


def open_build(build: Path, settings: dict | None = None) -> Store:
    """Open a build folder's store read-only (the backend its manifest names).

    ``settings`` (a plain dict, as a worker receives it) give a remote store's URL and read account.
    """
    return _open_build(build, Settings(settings) if settings is not None else None, read_only=True)


def sparql(store: Store, *, query: str, formats: dict, max_rows: int, default_graphs=None, named_graphs=None,
           bindings: dict | None = None, base_iri: str | None = None, present: dict | None = None) -> Answer:
    """A SPARQL query from outside, guarded and written in full (:func:`kg.sparql_exec.answer`).

    ``present`` (parameter name -> IRI): bound IRIs the graph must know, else a QueryError naming the parameter.
    """
    if present:
        from .query import check_present

        check_present(store, present)
    return store.answer(query, formats=formats, max_rows=max_rows, default_graphs=default_graphs,
                        named_graphs=named_graphs, bindings={k: to_ox(v) for k, v in (bindings or {}).items()},
                        base_iri=base_iri)


def describe(store: Store, *, iri: str, fmt: str | None = None, max_links: int = 500) -> dict | None:
    """A resource's description for its page; with ``fmt`` (turtle, ntriples, jsonld, rdfxml) only ``rdf``, its triples
    written in that format (JSON-LD compacted, with napkg's prefixes as inline context), read in pyoxigraph terms."""
    if fmt:
        triples = _describe.describe_triples(store, iri, max_links=max_links)
        if triples is None:
            return None
        if fmt == "jsonld":
            return {"rdf": compact_jsonld(triples, PREFIXES, first=iri)}
        return {"rdf": write_triples(triples, fmt, prefixes=PREFIXES)}
    return _describe.describe(store, URIRef(iri), max_links=max_links)


def graph(store: Store, *, graph: str, fmt: str) -> bytes:
    """Every triple of one named graph, written as ``fmt``."""
    triples = store.run("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", default_graphs=[], named_graphs=[graph],
                        kind="CONSTRUCT")
    return write_triples(list(triples), fmt, prefixes=PREFIXES)


def terms(store: Store, *, graph: str) -> dict:
    return term_docs.document(store, URIRef(graph))


def stats(store: Store) -> dict:
    """Counts for the home page: per graph, per class, per plan, and the countries of the plans."""
    out = _stats.compute(store)
    out["countries"] = sorted({p["country"]["code"] for p in lookup.plans(store) if p["country"]})
    return out


def void_stats(store: Store) -> dict:
    return void.void_stats(store)


def plans(store: Store, *, napid: str) -> list[dict]:
    return lookup.plans(store, napid=napid)


def plan_actions(store: Store, *, plan: str, max_rows: int, napid: str) -> tuple[list[dict], bool] | None:
    """The actions of a plan, or None if ``plan`` is not a plan."""
    if not lookup.is_a(store, URIRef(plan), URIRef(PREFIXES["nap"] + "ActionPlan")):
        return None
    return lookup.plan_actions(store, URIRef(plan), max_rows=max_rows, napid=napid)


def actor(store: Store, *, iri: str, napid: str) -> dict | None:
    return lookup.actor(store, URIRef(iri), napid=napid)


def search_actors(store: Store, *, q: str | None, limit: int, napid: str) -> tuple[list[dict], bool]:
    return lookup.search_actors(store, q, limit=limit, napid=napid)


_REFERENCE: dict[int, tuple] = {}


def _reference(store: Store) -> tuple:
    """The served build's ontology, vocabularies and shapes as rdflib graphs (read once per store)."""
    from rdflib import Graph

    from .namespaces import ONTOLOGY_GRAPH, SHAPES_GRAPH, VOCABULARIES_GRAPH

    key = id(store)
    if key not in _REFERENCE:
        graphs = []
        for name in (ONTOLOGY_GRAPH, VOCABULARIES_GRAPH, SHAPES_GRAPH):
            g = Graph()
            for s, p, o, _ in store.quads(name):
                g.add((s, p, o))
            graphs.append(g)
        _REFERENCE.clear()
        _REFERENCE[key] = tuple(graphs)
    return _REFERENCE[key]


def validate_rdf(store: Store, *, data: bytes, fmt: str) -> dict:
    """Check RDF from outside against the build's shapes, with its ontology and vocabularies as context.

    The input is parsed by :func:`kg.safe_parse.parse_bytes`: a JSON-LD remote ``@context`` or an RDF/XML
    DTD is refused (UnsafeInput), nothing is fetched or read. Only the input's own nodes are checked.
    """
    from .safe_parse import parse_bytes
    from .validate import results, validate, unit_focus_nodes

    from rdflib import Graph

    ontology, vocab, shapes = _reference(store)
    user = parse_bytes(data, fmt, "the request body")
    combined = Graph()
    for g in (user, vocab):
        for t in g:
            combined.add(t)
    conforms, report, _text = validate(combined, shapes=shapes, ontology=ontology,
                                       focus_nodes=unit_focus_nodes(user))
    found = results(report)
    return {"conforms": conforms, "triples": len(user),
            "violations": sum(r.severity == "Violation" for r in found),
            "warnings": sum(r.severity == "Warning" for r in found),
            "results": [asdict(r) for r in found]}


TASKS = {f.__name__: f for f in (sparql, describe, graph, terms, stats, void_stats, plans, plan_actions, actor,
                                 search_actors, validate_rdf, network)}

from .pages.tasks import TASKS as _PAGE_TASKS  # noqa: E402  the purpose-built pages (kg/pages): plan, body, topic
TASKS.update(_PAGE_TASKS)
