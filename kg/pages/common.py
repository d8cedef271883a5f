"""Helpers the page readers share: prefixes, label collection, natural order of notations."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef

from ..namespaces import PREFIXES
from ..store import Store

P = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
NAP = PREFIXES["nap"]

PREF_LABELS = P + "SELECT ?x ?l WHERE { ?x skos:prefLabel ?l }"


def natural_key(notation: str | None) -> tuple:
    """Sort key for notations like "2", "10", "1.1.C": numbers as numbers.

    >>> sorted(["10", "9", "1.10", "1.9"], key=natural_key)
    ['1.9', '1.10', '9', '10']
    """
    parts = re.split(r"(\d+)", notation or "")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


def pair(term) -> tuple[str, str]:
    """A literal as (text, language)."""
    return (str(term), (term.language or "") if isinstance(term, Literal) else "")


def add_label(labels: dict[str, list], iri, term) -> None:
    if term is None:
        return
    p = pair(term)
    found = labels.setdefault(str(iri), [])
    if p not in found:
        found.append(p)


def add_pref_labels(store: Store, labels: dict[str, list], iri) -> None:
    """Add the skos:prefLabels of ``iri`` to ``labels``."""
    for r in store.query(PREF_LABELS, bindings={"x": URIRef(iri)}).dicts():
        add_label(labels, iri, r["l"])


def one_resource(store: Store, iri) -> dict:
    """Labels (pref, alt), types, notation, country, period, evidence of one resource."""
    out = {"iri": str(iri), "labels": [], "alt_labels": [], "types": [], "notation": None, "country": None,
           "period": None, "definition": [], "part_of": [], "evidence": []}
    q = P + """SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(?p IN (skos:prefLabel, dcterms:title, skos:altLabel, rdf:type,
        skos:notation, nap:country, nap:period, skos:definition, skos:broader, dcterms:isPartOf,
        org:subOrganizationOf)) }"""
    for r in store.query(q, bindings={"s": iri}).dicts():
        p, o = str(r["p"]), r["o"]
        name = p.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if name in ("prefLabel", "title"):
            if pair(o) not in out["labels"]:
                out["labels"].append(pair(o))
        elif name == "altLabel":
            if pair(o) not in out["alt_labels"]:
                out["alt_labels"].append(pair(o))
        elif name == "type":
            out["types"].append(str(o))
        elif name == "notation":
            out["notation"] = str(o)
        elif name == "country":
            out["country"] = str(o)
        elif name == "period":
            out["period"] = str(o)
        elif name == "definition":
            out["definition"].append(pair(o))
        else:
            out["part_of"].append(str(o))
    ev = P + """SELECT ?s ?e ?quote ?locator ?source WHERE { ?s nap:evidence ?e .
        OPTIONAL { ?e nap:quote ?quote } OPTIONAL { ?e nap:locator ?locator } OPTIONAL { ?e prov:wasDerivedFrom ?source } }"""
    seen = set()
    for r in store.query(ev, bindings={"s": iri}).dicts():
        if str(r["e"]) in seen:
            continue
        seen.add(str(r["e"]))
        out["evidence"].append({"quote": str(r["quote"]) if r.get("quote") is not None else None,
                                "locator": str(r["locator"]) if r.get("locator") is not None else None,
                                "source": str(r["source"]) if r.get("source") is not None else None})
    out["types"].sort()
    return out
