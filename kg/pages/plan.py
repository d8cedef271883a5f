"""A plan's page: its groups and actions in order, with bodies, SDGs, principles, instruments and progress.

>>> from kg.network.sample import example_store
>>> from rdflib import URIRef
>>> data = plan_page(example_store(), URIRef("https://w3id.org/napkg/id/plan/be-nap-bhr-2017"))
>>> data is None or [a["notation"] for a in data["actions"]] == sorted([a["notation"] for a in data["actions"]], key=natural_key)
True
"""

from __future__ import annotations

from rdflib import URIRef

from ..store import Store
from .common import NAP, P, add_label, add_pref_labels, natural_key, one_resource, pair

IS_PLAN = P + "ASK { ?plan a nap:ActionPlan }"
ACTIONS = P + """SELECT ?plan ?a ?n ?l WHERE { ?a nap:partOfPlan ?plan . OPTIONAL { ?a skos:notation ?n }
  OPTIONAL { ?a skos:prefLabel ?l } }"""
LINKS = P + """SELECT ?plan ?a ?p ?o ?ol ?on WHERE { ?a nap:partOfPlan ?plan ; ?p ?o .
  FILTER(?p IN (nap:responsibleActor, nap:involvedActor, nap:addressesSDG, nap:implementsPrinciple,
                nap:refersToInstrument, nap:inGroup, dcterms:isPartOf, nap:principleCode))
  OPTIONAL { ?o skos:prefLabel ?ol } OPTIONAL { ?o skos:notation ?on } }"""
PROGRESS = P + """SELECT ?plan ?a ?u ?period ?status ?r ?rl ?text WHERE { ?a nap:partOfPlan ?plan ; nap:hasProgressUpdate ?u .
  OPTIONAL { ?u nap:period ?period } OPTIONAL { ?u nap:status ?st . ?st skos:notation ?status }
  OPTIONAL { ?u nap:reportedBy ?r OPTIONAL { ?r skos:prefLabel ?rl } } OPTIONAL { ?u rdfs:comment ?text } }"""
EVIDENCE = P + """SELECT ?plan ?a ?e ?quote ?locator ?source WHERE { ?a nap:partOfPlan ?plan ; nap:evidence ?e .
  OPTIONAL { ?e nap:quote ?quote } OPTIONAL { ?e nap:locator ?locator } OPTIONAL { ?e prov:wasDerivedFrom ?source } }"""
GROUPS = P + """SELECT ?plan ?g ?n ?l ?t WHERE { ?a nap:partOfPlan ?plan ; nap:inGroup ?g .
  OPTIONAL { ?g skos:notation ?n } OPTIONAL { ?g skos:prefLabel ?l } OPTIONAL { ?g a ?t } }"""
SOURCES = P + """SELECT ?plan ?src ?l WHERE { ?plan prov:wasDerivedFrom ?src OPTIONAL { ?src dcterms:title|skos:prefLabel ?l } }"""

ROLES = {"responsibleActor": "responsible", "involvedActor": "involved", "addressesSDG": "sdgs",
         "implementsPrinciple": "principles", "refersToInstrument": "instruments", "inGroup": "groups",
         "isPartOf": "parent", "principleCode": "principle_codes"}


def plan_page(store: Store, plan: URIRef) -> dict | None:
    """Everything the plan page shows, or None if ``plan`` is not a plan."""
    plan = URIRef(plan)
    if not store.query(IS_PLAN, bindings={"plan": plan}).boolean:
        return None
    b = {"plan": plan}
    labels: dict[str, list] = {}
    notations: dict[str, str] = {}
    acts: dict[str, dict] = {}

    def act(iri) -> dict:
        return acts.setdefault(str(iri), {"iri": str(iri), "notation": None, "labels": [],
                                          **{k: [] for k in ROLES.values()}, "progress": [], "evidence": []})

    for r in store.query(ACTIONS, bindings=b).dicts():
        a = act(r["a"])
        if r.get("n") is not None:
            a["notation"] = str(r["n"])
        if r.get("l") is not None and pair(r["l"]) not in a["labels"]:
            a["labels"].append(pair(r["l"]))
    for r in store.query(LINKS, bindings=b).dicts():
        a = act(r["a"])
        role = ROLES[str(r["p"]).rsplit("#", 1)[-1].rsplit("/", 1)[-1]]
        value = str(r["o"])
        if value not in a[role]:
            a[role].append(value)
        add_label(labels, r["o"], r.get("ol"))
        if r.get("on") is not None:
            notations[value] = str(r["on"])
    updates: dict[str, dict] = {}
    for r in store.query(PROGRESS, bindings=b).dicts():
        u = updates.get(str(r["u"]))
        if u is None:
            u = updates[str(r["u"])] = {"iri": str(r["u"]), "period": str(r["period"]) if r.get("period") else "",
                                        "status": str(r["status"]) if r.get("status") else None, "reporters": [],
                                        "text": pair(r["text"]) if r.get("text") is not None else None}
            act(r["a"])["progress"].append(u)
        if r.get("r") is not None and str(r["r"]) not in u["reporters"]:
            u["reporters"].append(str(r["r"]))
        add_label(labels, r.get("r"), r.get("rl"))
    seen = set()
    for r in store.query(EVIDENCE, bindings=b).dicts():
        if (str(r["a"]), str(r["e"])) in seen:
            continue
        seen.add((str(r["a"]), str(r["e"])))
        act(r["a"])["evidence"].append({k: str(r[k]) if r.get(k) is not None else None
                                        for k in ("quote", "locator", "source")})
    groups: dict[str, dict] = {}
    for r in store.query(GROUPS, bindings=b).dicts():
        g = groups.setdefault(str(r["g"]), {"iri": str(r["g"]), "notation": None, "labels": [], "types": []})
        if r.get("n") is not None:
            g["notation"] = str(r["n"])
        if r.get("l") is not None and pair(r["l"]) not in g["labels"]:
            g["labels"].append(pair(r["l"]))
        if r.get("t") is not None and str(r["t"]).startswith(NAP) and str(r["t"]) not in g["types"]:
            g["types"].append(str(r["t"]))
    for a in acts.values():
        a["involved"] = [x for x in a["involved"] if x not in a["responsible"]]
        a["instruments"] = [x for x in a["instruments"] if x not in a["principles"]]
        a["progress"].sort(key=lambda u: (u["period"], u["iri"]))
        for key in ("sdgs", "principles", "groups"):
            a[key].sort(key=lambda x: natural_key(notations.get(x, x)))
    info = one_resource(store, plan)
    info["sources"] = []
    for r in store.query(SOURCES, bindings=b).dicts():
        add_label(labels, r["src"], r.get("l"))
        if str(r["src"]) not in info["sources"]:
            info["sources"].append(str(r["src"]))
    if info["country"]:
        add_pref_labels(store, labels, info["country"])
    actions = sorted(acts.values(), key=lambda a: (natural_key(a["notation"]), a["iri"]))
    return {"plan": info, "groups": sorted(groups.values(), key=lambda g: (natural_key(g["notation"]), g["iri"])),
            "actions": actions, "labels": labels, "notations": notations}
