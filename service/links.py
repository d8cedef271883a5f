"""Where an IRI points on this service, and how a page shows it.

napkg mints every IRI under one fixed, persistent base, ``kg.namespaces.BASE``
(``https://w3id.org/napkg/``), and the service answers for them at its own
host: ``<BASE>id/x`` is ``/id/x``, ``<BASE>ontology#T`` is ``/ontology#T``,
``<BASE>shapes#S`` is ``/shapes#S``, ``<BASE>graph/g`` is ``/graph/g``. A term of a vocabulary
napkg uses (``rdf:type``, ``rdfs:label``, ``skos:inScheme``, ``sh:pattern``,
``prov:wasDerivedFrom``...) links to its own IRI, where its vocabulary
documents it: this graph has nothing to say about a property it only uses.
Any other IRI (an SDG, a country) links to ``/resource?iri=...``, the page of
what this graph says about it.
"""

from __future__ import annotations

from flask import Flask, current_app, url_for

from kg.namespaces import BASE, PREFIXES
from kg.prefixes import pasteable
from kg.term_docs import anchor


def local_path(iri: str) -> str | None:
    """The service's own URL for a minted IRI, or None for anything else."""
    base = BASE
    if iri.startswith(base + "id/") and len(iri) > len(base) + 3:
        return url_for("linked_data.resource", rest=iri[len(base) + 3:])
    for doc in ("ontology", "shapes"):
        if iri == base + doc or iri.startswith(base + doc + "#"):
            return url_for(f"linked_data.{doc}") + ("#" + anchor(iri) if "#" in iri else "")
    if iri.startswith(base + "graph/") and len(iri) > len(base) + 6:
        return url_for("linked_data.graph", name=iri[len(base) + 6:])
    if iri == base + "dataset":
        return url_for("dumps.void")
    return None


DISPLAY_PREFIXES = {**PREFIXES, "sh": "http://www.w3.org/ns/shacl#", "vann": "http://purl.org/vocab/vann/",
                    "void": "http://rdfs.org/ns/void#", "dcat": "http://www.w3.org/ns/dcat#"}
#: Namespaces of the vocabularies napkg borrows terms from; their terms link to their own IRIs.
VOCABULARIES = tuple(DISPLAY_PREFIXES[p] for p in ("rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "prov", "org",
                                                   "foaf", "sh", "vann", "void", "dcat")) + (
    "http://www.w3.org/ns/sparql-service-description#", "http://www.w3.org/ns/formats/", "http://schema.org/",
    "https://schema.org/", "http://purl.org/dc/elements/1.1/")


def is_vocabulary_term(iri: str) -> bool:
    """True for a term of a borrowed vocabulary (``rdfs:label``), false for napkg's and for data (SDGs...)."""
    return any(iri.startswith(ns) and len(iri) > len(ns) for ns in VOCABULARIES)


def href(iri: str) -> str:
    """Where a link to ``iri`` goes: its own page here, a vocabulary term's own IRI, else this graph's page."""
    local = local_path(iri)
    if local:
        return local
    if is_vocabulary_term(iri):
        return iri
    return url_for("linked_data.any_resource", iri=iri)


def short(iri: str) -> str:
    """``prefix:local`` for IRIs in napkg's (and a few other) namespaces where it can be pasted into a query as
    shown, ``graph/name`` for graphs, else the IRI."""
    shown = pasteable(iri, DISPLAY_PREFIXES)
    if not shown.startswith("<"):
        return shown
    if iri.startswith(BASE + "graph/"):
        return iri[len(BASE):]
    return iri


def network_home() -> str | None:
    """The network blueprint's page, if it has one at ``/network/`` or ``/network``."""
    for rule in current_app.url_map.iter_rules():
        if rule.rule in ("/network/", "/network") and "GET" in (rule.methods or ()):
            return rule.rule
    return None


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(href=href, short=short, local_path=local_path, network_home=network_home,
                                 PREFIXES=PREFIXES, pasteable=pasteable)
