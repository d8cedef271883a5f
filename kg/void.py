"""The dataset described in VoID and DCAT: graphs, classes, properties, dumps, endpoint, licence, sources.

:func:`void_stats` counts what the store holds (run it where queries run, in
a query worker); :func:`void_graph` turns those counts and the dumps listing
into an RDF graph, built with ``Graph.add``, for ``/.well-known/void``.

>>> g = void_graph({"graphs": {"https://w3id.org/napkg/graph/a": 3}, "classes": {}, "properties": {},
...                 "sources": [], "license": None, "triples": 3},
...                dumps=[], dataset_iri="https://w3id.org/napkg/dataset", sparql_url="http://localhost/sparql")
>>> from rdflib import URIRef, Literal
>>> g.value(URIRef("https://w3id.org/napkg/dataset"), VOID.triples)
rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
"""

from __future__ import annotations

import hashlib

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from .namespaces import NAPID, PREFIXES
from .store import Store

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SPDX = Namespace("http://spdx.org/rdf/terms#")

_P = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

CLASSES = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"
PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p"
DISTINCT = "SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects) WHERE { ?s ?p ?o }"
SOURCES = _P + """
SELECT ?source ?title WHERE { ?source a nap:SourceDocument OPTIONAL { ?source dcterms:title ?title } }"""
LICENSE = _P + "SELECT ?license WHERE { ?ontology a owl:Ontology ; dcterms:license ?license } LIMIT 1"


def void_stats(store: Store) -> dict:
    """Counts for the VoID description: per graph, per class (entities), per property (triples)."""
    graphs = {str(g): store.count(g) for g in store.graph_names()}
    classes = {str(r["class"]): int(r["n"]) for r in store.query(CLASSES).dicts()}
    properties = {str(r["p"]): int(r["n"]) for r in store.query(PROPERTIES).dicts()}
    distinct = store.query(DISTINCT).dicts()[0]
    sources: dict[str, list] = {}
    for r in store.query(SOURCES).dicts():
        sources.setdefault(str(r["source"]), [])
        if r.get("title") is not None:
            sources[str(r["source"])].append((str(r["title"]), r["title"].language or ""))
    lic = store.query(LICENSE).dicts()
    return {
        "triples": sum(graphs.values()), "graphs": graphs, "classes": classes, "properties": properties,
        "distinct_subjects": int(distinct.get("subjects", 0)), "distinct_objects": int(distinct.get("objects", 0)),
        "sources": [{"iri": s, "titles": t} for s, t in sorted(sources.items())],
        "license": str(lic[0]["license"]) if lic else None,
    }


def _partition(dataset: URIRef, kind: str, key: str) -> URIRef:
    """A stable IRI for a class or property partition (fragment of the dataset IRI)."""
    return URIRef(f"{dataset}#{kind}-{hashlib.sha1(key.encode()).hexdigest()[:12]}")


def void_graph(stats: dict, *, dumps: list[dict], dataset_iri: str, sparql_url: str,
               title: str = "napkg: national action plans on business and human rights",
               homepage: str | None = None) -> Graph:
    """The VoID + DCAT description. ``dumps`` entries carry ``url``, ``media_type``, ``bytes``, ``triples``, ``sha256``."""
    g = Graph()
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("sd", SD), ("spdx", SPDX),
                       ("foaf", FOAF), ("xsd", XSD), ("rdfs", RDFS)):
        g.bind(prefix, ns)
    ds = URIRef(dataset_iri)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal(title, lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "Actors, actions and instruments of national action plans on business and human rights and their "
        "neighbours (SDG 8.7 roadmaps, plans against trafficking, VPSHR working groups), each fact with the "
        "source and quote it comes from.", lang="en")))
    if homepage:
        g.add((ds, FOAF.homepage, URIRef(homepage)))
        g.add((ds, DCAT.landingPage, URIRef(homepage)))
    if stats.get("license"):
        g.add((ds, DCTERMS.license, URIRef(stats["license"])))
    g.add((ds, VOID.triples, Literal(stats["triples"])))
    if "distinct_subjects" in stats:
        g.add((ds, VOID.distinctSubjects, Literal(stats["distinct_subjects"])))
        g.add((ds, VOID.distinctObjects, Literal(stats["distinct_objects"])))
    g.add((ds, VOID.uriSpace, Literal(str(NAPID))))
    g.add((ds, VOID.vocabulary, URIRef(PREFIXES["nap"])))
    g.add((ds, VOID.sparqlEndpoint, URIRef(sparql_url)))
    g.add((ds, VOID.classes, Literal(len(stats["classes"]))))
    g.add((ds, VOID.properties, Literal(len(stats["properties"]))))

    for src in stats.get("sources", []):
        s = URIRef(src["iri"])
        g.add((ds, DCTERMS.source, s))
        for text, lang in src["titles"]:
            g.add((s, DCTERMS.title, Literal(text, lang=lang or None)))

    for name, n in sorted(stats["graphs"].items()):
        sub = URIRef(name)
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, RDF.type, SD.NamedGraph))
        g.add((sub, SD.name, sub))
        g.add((sub, VOID.triples, Literal(n)))

    for cls, n in sorted(stats["classes"].items()):
        part = _partition(ds, "class", cls)
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n)))
    for prop, n in sorted(stats["properties"].items()):
        part = _partition(ds, "property", prop)
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(n)))

    service = URIRef(sparql_url)
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, service))
    g.add((service, DCAT.servesDataset, ds))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((ds, DCAT.distribution, _distribution(g, service, "SPARQL 1.1 endpoint", access=service)))

    for d in dumps:
        url = URIRef(d["url"])
        g.add((ds, VOID.dataDump, url))
        dist = _distribution(g, url, f"dump ({d['format']})", access=url)
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{d['media_type']}")))
        g.add((dist, DCAT.byteSize, Literal(d["bytes"], datatype=XSD.nonNegativeInteger)))
        g.add((dist, VOID.triples, Literal(d["triples"])))
        checksum = BNode()
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(d["sha256"], datatype=XSD.hexBinary)))
    return g


def _distribution(g: Graph, about: URIRef, title: str, *, access: URIRef) -> URIRef:
    dist = URIRef(f"{about}#distribution")
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, Literal(title, lang="en")))
    g.add((dist, DCAT.accessURL, access))
    return dist
