"""The pages of what actions address: an SDG goal or target, a UNGP pillar or principle, an instrument.

Every action (and plan, and progress update, for instruments) linked to the
resource or to a part of it (an SDG goal's targets, a pillar's principles,
an instrument's parts), with its plan and country.

>>> from kg.network.sample import example_store
>>> from rdflib import URIRef
>>> topic_page(example_store(), URIRef("http://metadata.un.org/sdg/99")) is None
True
"""

from __future__ import annotations

from rdflib import URIRef

from ..store import Store
from .common import P, add_label, add_pref_labels, natural_key, one_resource, pair

EXISTS = P + "ASK { { ?topic skos:inScheme ?s } UNION { ?topic a nap:Instrument } }"
PARTS = P + """SELECT ?topic ?x ?n ?l WHERE { ?x (skos:broader|dcterms:isPartOf)+ ?topic .
  OPTIONAL { ?x skos:notation ?n } OPTIONAL { ?x skos:prefLabel ?l } }"""
LINKED = P + """SELECT ?topic ?x ?s ?p ?kind ?n ?l ?act ?an ?al ?plan ?pl ?country ?cl ?period WHERE {
  ?x (skos:broader|dcterms:isPartOf)* ?topic .
  ?s ?p ?x FILTER(?p IN (nap:addressesSDG, nap:implementsPrinciple, nap:refersToInstrument))
  { ?s a nap:Action ; nap:partOfPlan ?plan BIND("action" AS ?kind) }
  UNION { ?s a nap:ActionPlan BIND(?s AS ?plan) BIND("plan" AS ?kind) }
  UNION { ?s a nap:ProgressUpdate ; nap:progressOf ?act . ?act nap:partOfPlan ?plan BIND("update" AS ?kind)
          OPTIONAL { ?s nap:period ?period } OPTIONAL { ?act skos:notation ?an } OPTIONAL { ?act skos:prefLabel ?al } }
  OPTIONAL { ?s skos:notation ?n } OPTIONAL { ?s skos:prefLabel ?l }
  OPTIONAL { ?plan skos:prefLabel ?pl } OPTIONAL { ?plan nap:country ?country OPTIONAL { ?country skos:prefLabel ?cl } }
}"""


def topic_page(store: Store, topic: URIRef) -> dict | None:
    """Everything the page of an SDG, a UNGP part or an instrument shows; None if ``topic`` is none of them."""
    topic = URIRef(topic)
    b = {"topic": topic}
    if not store.query(EXISTS, bindings=b).boolean:
        return None
    labels: dict[str, list] = {}
    parts = []
    notations: dict[str, str] = {}
    for r in store.query(PARTS, bindings=b).dicts():
        if str(r["x"]) not in parts:
            parts.append(str(r["x"]))
        add_label(labels, r["x"], r.get("l"))
        if r.get("n") is not None:
            notations[str(r["x"])] = str(r["n"])
    rows: dict[str, dict] = {}
    for r in store.query(LINKED, bindings=b).dicts():
        s = str(r["s"])
        row = rows.setdefault(s, {"iri": s, "kind": str(r["kind"]), "notation": str(r["n"]) if r.get("n") else None,
                                  "labels": [], "plan": str(r["plan"]), "via": [], "period": str(r["period"])
                                  if r.get("period") else None,
                                  "country": str(r["country"]) if r.get("country") else None, "action": None})
        if str(r["x"]) not in row["via"]:
            row["via"].append(str(r["x"]))
        if r.get("l") is not None and pair(r["l"]) not in row["labels"]:
            row["labels"].append(pair(r["l"]))
        add_label(labels, r["plan"], r.get("pl"))
        add_label(labels, r.get("country"), r.get("cl"))
        if r.get("act") is not None:
            row["action"] = str(r["act"])
            row["notation"] = str(r["an"]) if r.get("an") else None
            add_label(labels, r["act"], r.get("al"))
    info = one_resource(store, topic)
    for x in info["part_of"]:
        add_pref_labels(store, labels, x)
    kind_order = {"plan": 0, "action": 1, "update": 2}
    linked = sorted(rows.values(), key=lambda r: (r["plan"], kind_order[r["kind"]], natural_key(r["notation"]),
                                                  r["period"] or "", r["iri"]))
    return {"topic": info, "parts": sorted(parts, key=lambda x: natural_key(notations.get(x, x))),
            "linked": linked, "labels": labels, "notations": notations}
