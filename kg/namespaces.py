"""Namespaces and the IRIs napkg mints.

``NAP`` is closed: ``NAP.hasActon`` raises instead of minting a new IRI.

>>> from kg.namespaces import BASE, NAP, actor_iri, graph_iri
>>> str(NAP.hasAction)
'https://w3id.org/napkg/ontology#hasAction'
>>> str(actor_iri("ifdd"))
'https://w3id.org/napkg/id/actor/ifdd'
>>> str(graph_iri("lu-pan2"))
'https://w3id.org/napkg/graph/lu-pan2'
>>> str(NAP.hasAction).startswith(BASE)
True
"""

from __future__ import annotations

from rdflib import Namespace, URIRef

from ._nap import NAP
from .prefixes import PREFIXES as _PREFIXES

# The one base of every IRI napkg mints: persistent (w3id.org redirects it) and fixed, as Wikidata's entity
# IRIs are; it is part of the public vocabulary contract and no setting changes it. A deployment answers for
# these IRIs at its own host (``<BASE>id/x`` is ``/id/x`` there).
BASE = "https://w3id.org/napkg/"
NAPID = Namespace(BASE + "id/")
NAPSH = Namespace(BASE + "shapes#")
GRAPH = Namespace(BASE + "graph/")
ORG = Namespace("http://www.w3.org/ns/org#")
SDG = Namespace("http://metadata.un.org/sdg/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")

ONTOLOGY_GRAPH = GRAPH["ontology"]
VOCABULARIES_GRAPH = GRAPH["vocabularies"]
REGISTRY_GRAPH = GRAPH["registry"]
SHAPES_GRAPH = GRAPH["shapes"]
INFERRED_GRAPH = GRAPH["inferred"]

PREFIXES = dict(_PREFIXES)  # a copy: the table lives in kg.prefixes, free of rdflib

PILLARS = {"I": "1", "II": "2", "III": "3"}

__all__ = [
    "BASE", "NAP", "NAPID", "NAPSH", "GRAPH", "ORG", "SDG", "COUNTRY", "PREFIXES", "PILLARS",
    "ONTOLOGY_GRAPH", "VOCABULARIES_GRAPH", "REGISTRY_GRAPH", "SHAPES_GRAPH", "INFERRED_GRAPH",
    "plan_iri", "action_iri", "group_iri", "update_iri", "actor_iri", "instrument_iri",
    "source_iri", "graph_iri", "sdg_iri", "country_iri", "pillar_iri", "principle_iri",
]


def plan_iri(plan: str) -> URIRef:
    return NAPID[f"plan/{plan}"]


def action_iri(plan: str, notation: str) -> URIRef:
    return NAPID[f"action/{plan}/{notation}"]


def action_key(record: dict) -> str:
    """What names an action's IRI within its plan: its ``id`` where it has one, else its notation.

    The notation is what the text prints ("3"); where the same notation recurs in
    several groups of one plan, or the text prints none (a bullet), the record's
    ``id`` keeps the IRI unique: napid:action/<plan>/<id>.
    """
    return record.get("id") or record["notation"]


def group_iri(plan: str, group: str) -> URIRef:
    return NAPID[f"group/{plan}/{group}"]


def update_iri(plan: str, notation: str, n: int) -> URIRef:
    return NAPID[f"update/{plan}/{notation}/{n}"]


def actor_iri(actor: str) -> URIRef:
    return NAPID[f"actor/{actor}"]


def instrument_iri(instrument: str) -> URIRef:
    return NAPID[f"instrument/{instrument}"]


def source_iri(source: str) -> URIRef:
    return NAPID[f"source/{source}"]


def graph_iri(name: str) -> URIRef:
    return GRAPH[name]


def sdg_iri(notation: str) -> URIRef:
    return SDG[notation]


def country_iri(code: str) -> URIRef:
    return COUNTRY[code]


def pillar_iri(notation: str) -> URIRef:
    """UNGP pillar by its notation "I", "II" or "III"."""
    return NAPID[f"instrument/ungp/pillar/{PILLARS[notation]}"]


def principle_iri(number: str) -> URIRef:
    return NAPID[f"instrument/ungp/principle/{int(number)}"]
