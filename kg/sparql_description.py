"""The SPARQL 1.1 Service Description of the endpoint, as an RDF graph built with ``Graph.add``.

Served on a bare ``GET /sparql`` asking for RDF: what the endpoint speaks
(SPARQL 1.1 Query only), the result formats it writes, that its default graph
is the union of the named graphs, and which named graphs there are.

>>> g = service_description("http://localhost:8000/sparql", graphs={"https://w3id.org/napkg/graph/a": 2},
...                         dataset_iri="https://w3id.org/napkg/dataset")
>>> (URIRef("http://localhost:8000/sparql"), SD.supportedLanguage, SD.SPARQL11Query) in g
True
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from .void import SD, VOID

FORMAT_IRIS = {
    "application/sparql-results+json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "application/sparql-results+xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "text/csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "text/tab-separated-values": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "text/turtle": "http://www.w3.org/ns/formats/Turtle",
    "application/n-triples": "http://www.w3.org/ns/formats/N-Triples",
    "application/ld+json": "http://www.w3.org/ns/formats/JSON-LD",
    "application/rdf+xml": "http://www.w3.org/ns/formats/RDF_XML",
}


def service_description(endpoint_url: str, *, graphs: dict[str, int], dataset_iri: str) -> Graph:
    """The endpoint's service description: language, formats, features, and its dataset's named graphs."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    svc = URIRef(endpoint_url)
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, svc))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    # No sd:BasicFederatedQuery: SERVICE is refused.
    for iri in FORMAT_IRIS.values():
        g.add((svc, SD.resultFormat, URIRef(iri)))
    ds = URIRef(dataset_iri)
    g.add((svc, SD.defaultDataset, ds))
    g.add((ds, RDF.type, SD.Dataset))
    default = BNode()
    g.add((ds, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(sum(graphs.values()))))
    for name, n in sorted(graphs.items()):
        ng = BNode()
        g.add((ds, SD.namedGraph, ng))
        g.add((ng, RDF.type, SD.NamedGraph))
        g.add((ng, SD.name, URIRef(name)))
        desc = BNode()
        g.add((ng, SD.graph, desc))
        g.add((desc, RDF.type, SD.Graph))
        g.add((desc, VOID.triples, Literal(n)))
    return g
