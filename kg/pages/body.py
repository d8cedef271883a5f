"""A body's page: every plan and action it appears in, by role, across countries, and the bodies it works with most.

>>> from kg.network.sample import example_store
>>> from rdflib import URIRef
>>> body_page(example_store(), URIRef("https://w3id.org/napkg/id/actor/nobody")) is None
True
"""

from __future__ import annotations

from rdflib import URIRef

from ..store import Store
from .common import P, add_label, add_pref_labels, natural_key, one_resource, pair

IS_ACTOR = P + "ASK { ?actor a nap:Actor }"
ACTIONS = P + """SELECT ?actor ?a ?role ?n ?l ?plan ?pl ?country ?cl WHERE {
  { ?a ?role ?actor FILTER(?role IN (nap:responsibleActor, nap:involvedActor)) }
  UNION { ?a nap:hasProgressUpdate ?u . ?u nap:reportedBy ?actor BIND(nap:reportedBy AS ?role) }
  ?a nap:partOfPlan ?plan .
  OPTIONAL { ?a skos:notation ?n } OPTIONAL { ?a skos:prefLabel ?l } OPTIONAL { ?plan skos:prefLabel ?pl }
  OPTIONAL { ?plan nap:country ?country OPTIONAL { ?country skos:prefLabel ?cl } } }"""
PLANS = P + """SELECT ?actor ?plan ?pl ?country ?cl WHERE { ?plan a nap:ActionPlan ; nap:involvedActor ?actor .
  OPTIONAL { ?plan skos:prefLabel ?pl } OPTIONAL { ?plan nap:country ?country OPTIONAL { ?country skos:prefLabel ?cl } } }"""
PARTNERS = P + """SELECT ?actor ?other (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?a ?r1 ?actor ; ?r2 ?other . FILTER(?r1 IN (nap:responsibleActor, nap:involvedActor)
                                     && ?r2 IN (nap:responsibleActor, nap:involvedActor) && ?other != ?actor)
  ?a a nap:Action . } GROUP BY ?actor ?other"""
UNITS = P + "SELECT ?actor ?x ?l WHERE { ?x org:subOrganizationOf ?actor OPTIONAL { ?x skos:prefLabel ?l } }"

ROLE_NAMES = {"responsibleActor": "responsible", "involvedActor": "involved", "reportedBy": "reporter"}


def body_page(store: Store, actor: URIRef, *, partners: int = 15) -> dict | None:
    """Everything the body page shows, or None if ``actor`` is not a body (nap:Actor)."""
    actor = URIRef(actor)
    b = {"actor": actor}
    if not store.query(IS_ACTOR, bindings=b).boolean:
        return None
    labels: dict[str, list] = {}
    acts: dict[str, dict] = {}
    plans: dict[str, dict] = {}

    def plan(iri, country) -> dict:
        return plans.setdefault(str(iri), {"iri": str(iri), "country": str(country) if country else None,
                                           "actions": 0, "roles": []})

    for r in store.query(ACTIONS, bindings=b).dicts():
        a = acts.setdefault(str(r["a"]), {"iri": str(r["a"]), "notation": str(r["n"]) if r.get("n") else None,
                                         "labels": [], "roles": [], "plan": str(r["plan"]),
                                         "country": str(r["country"]) if r.get("country") else None})
        role = ROLE_NAMES[str(r["role"]).rsplit("#", 1)[-1]]
        if role not in a["roles"]:
            a["roles"].append(role)
        if r.get("l") is not None and pair(r["l"]) not in a["labels"]:
            a["labels"].append(pair(r["l"]))
        plan(r["plan"], r.get("country"))
        add_label(labels, r["plan"], r.get("pl"))
        add_label(labels, r.get("country"), r.get("cl"))
    for r in store.query(PLANS, bindings=b).dicts():
        p = plan(r["plan"], r.get("country"))
        if "named in the plan" not in p["roles"]:
            p["roles"].append("named in the plan")
        add_label(labels, r["plan"], r.get("pl"))
        add_label(labels, r.get("country"), r.get("cl"))
    for a in acts.values():
        a["involved"] = a["roles"]
        order = {"responsible": 0, "involved": 1, "reporter": 2}
        a["roles"] = sorted(set(a["roles"]) - ({"involved"} if "responsible" in a["roles"] else set()),
                            key=order.get)
        p = plans[a["plan"]]
        p["actions"] += 1
        for role in a["roles"]:
            if role not in p["roles"]:
                p["roles"].append(role)
        del a["involved"]
    works_with = sorted(((str(r["other"]), int(r["n"])) for r in store.query(PARTNERS, bindings=b).dicts()),
                        key=lambda x: (-x[1], x[0]))[:partners]
    units = []
    for r in store.query(UNITS, bindings=b).dicts():
        if str(r["x"]) not in units:
            units.append(str(r["x"]))
        add_label(labels, r["x"], r.get("l"))
    info = one_resource(store, actor)
    wanted = {x for x, _ in works_with} | set(info["part_of"]) | ({info["country"]} if info["country"] else set())
    for x in wanted - set(labels):
        add_pref_labels(store, labels, x)
    actions = sorted(acts.values(), key=lambda a: (a["plan"], natural_key(a["notation"]), a["iri"]))
    return {"body": info, "plans": sorted(plans.values(), key=lambda p: (-p["actions"], p["iri"])),
            "actions": actions, "works_with": [{"iri": x, "actions": n} for x, n in works_with],
            "units": units, "labels": labels}
