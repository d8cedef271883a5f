"""The facts the JSON API serves: plans, the actions of a plan, actors, actor search.

Each function asks the store with SPARQL, the resource bound as an RDF term
(never spliced into the text), and returns plain data (dicts, lists, strings)
ready for JSON. They state the same facts a SPARQL query would find: the
union of the asserted and inferred graphs.

Search is by any label (``skos:prefLabel``, ``skos:altLabel``, ``rdfs:label``)
and ignores case and accents: both sides are normalised with
:func:`normalise` (Unicode NFKD, combining marks dropped, case-folded).

>>> normalise("SPF Économie")
'spf economie'
>>> natural_key("10") > natural_key("9") and natural_key("1.10") > natural_key("1.9")
True
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Literal, URIRef

from .describe import EVIDENCE, best_label
from .namespaces import NAPID, PREFIXES
from .store import Store

_P = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

PLANS = _P + """
SELECT ?plan ?p ?o WHERE {
  ?plan a nap:ActionPlan ; ?p ?o .
  FILTER(?p IN (skos:prefLabel, nap:country, nap:period, rdf:type, dcterms:identifier, prov:wasDerivedFrom))
}"""

ACTION_COUNTS = _P + """
SELECT ?plan (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a nap:partOfPlan ?plan } GROUP BY ?plan"""

PLAN_ACTIONS = _P + """
SELECT ?plan ?a ?p ?o ?oLabel ?oNotation WHERE {
  ?a nap:partOfPlan ?plan ; ?p ?o .
  FILTER(?p IN (skos:notation, skos:prefLabel, rdf:type, nap:responsibleActor, nap:involvedActor, nap:addressesSDG,
                nap:implementsPrinciple, nap:refersToInstrument, nap:inGroup, dcterms:isPartOf, nap:hasProgressUpdate))
  OPTIONAL { ?o skos:prefLabel ?oLabel }
  OPTIONAL { ?o skos:notation ?oNotation }
}"""

RESOURCE = _P + """
SELECT ?s ?p ?o ?oLabel WHERE { ?s ?p ?o OPTIONAL { ?o skos:prefLabel ?oLabel } }"""

ACTOR_ACTIONS = _P + """
SELECT ?actor ?a ?role ?plan ?notation ?title WHERE {
  ?a ?role ?actor ; nap:partOfPlan ?plan .
  FILTER(?role IN (nap:responsibleActor, nap:involvedActor))
  OPTIONAL { ?a skos:notation ?notation }
  OPTIONAL { ?a skos:prefLabel ?title }
}"""

ACTOR_PLANS = _P + """
SELECT DISTINCT ?actor ?plan ?label WHERE {
  { ?plan a nap:ActionPlan ; nap:involvedActor ?actor }
  UNION { ?a nap:involvedActor ?actor ; nap:partOfPlan ?plan }
  OPTIONAL { ?plan skos:prefLabel ?label }
}"""

ACTOR_LABELS = _P + """
SELECT ?actor ?p ?label WHERE {
  ?actor a nap:Actor ; ?p ?label .
  FILTER(?p IN (skos:prefLabel, skos:altLabel, rdfs:label) && isLiteral(?label))
}"""

IS_A = _P + "ASK { ?s a ?class }"


def normalise(text: str) -> str:
    """Lower case, no accents, single spaces: the form search compares."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def natural_key(notation: str | None) -> tuple:
    """Sort key for notations like "2", "10", "1.1.C": numbers as numbers."""
    parts = re.split(r"(\d+)", notation or "")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


def id_of(iri: str, kind: str, napid: str = str(NAPID)) -> str | None:
    """The id of a minted IRI of ``kind`` (``plan``, ``actor``...), or None for any other IRI."""
    prefix = f"{napid}{kind}/"
    return iri[len(prefix):] if iri.startswith(prefix) else None


def _labels(literals) -> dict[str, str]:
    out: dict[str, str] = {}
    for lit in literals:
        if isinstance(lit, Literal):
            out.setdefault(lit.language or "", str(lit))
    return out


def _ref(iri, labels=(), napid: str = str(NAPID), kind: str | None = None) -> dict:
    ref = {"iri": str(iri), "label": best_label(list(labels))}
    if kind:
        ref["id"] = id_of(str(iri), kind, napid)
    return ref


def _short(iri) -> str:
    s = str(iri)
    for p, ns in PREFIXES.items():
        if s.startswith(ns) and len(s) > len(ns):
            return f"{p}:{s[len(ns):]}"
    return s


def is_a(store: Store, iri: URIRef, cls: URIRef) -> bool:
    """Whether ``iri`` has type ``cls`` (asserted or inferred)."""
    return bool(store.query(IS_A, bindings={"s": URIRef(iri), "class": URIRef(cls)}).boolean)


def plans(store: Store, *, napid: str = str(NAPID)) -> list[dict]:
    """Every plan: id, IRI, labels per language, types, country, period, sources, number of actions."""
    counts = {str(r["plan"]): int(r["n"]) for r in store.query(ACTION_COUNTS).dicts()}
    found: dict[str, dict] = {}
    for r in store.query(PLANS).dicts():
        iri, p, o = str(r["plan"]), _short(r["p"]), r["o"]
        plan = found.setdefault(iri, {"id": id_of(iri, "plan", napid), "iri": iri, "labels": [], "types": set(),
                                      "country": None, "period": None, "sources": set(),
                                      "actions": counts.get(iri, 0)})
        if p == "skos:prefLabel":
            plan["labels"].append(o)
        elif p == "rdf:type":
            plan["types"].add(_short(o))
        elif p == "nap:country":
            plan["country"] = {"iri": str(o), "code": str(o).rsplit("/", 1)[-1]}
        elif p == "nap:period":
            plan["period"] = str(o)
        elif p == "prov:wasDerivedFrom":
            plan["sources"].add(str(o))
        elif p == "dcterms:identifier" and plan["id"] is None:
            plan["id"] = str(o)
    out = []
    for plan in found.values():
        plan["label"] = best_label(plan["labels"])
        plan["labels"] = _labels(plan["labels"])
        plan["types"] = sorted(plan["types"])
        plan["sources"] = sorted(plan["sources"])
        out.append(plan)
    return sorted(out, key=lambda p: p["id"] or p["iri"])


ROLES = {"nap:responsibleActor": "responsible", "nap:involvedActor": "involved", "nap:addressesSDG": "sdgs",
         "nap:implementsPrinciple": "principles", "nap:refersToInstrument": "instruments", "nap:inGroup": "groups",
         "dcterms:isPartOf": "part_of", "nap:hasProgressUpdate": "progress_updates"}


def plan_actions(store: Store, plan: URIRef, *, max_rows: int = 100_000,
                 napid: str = str(NAPID)) -> tuple[list[dict], bool]:
    """The actions of ``plan`` with notation, labels, types and every link the API shows; and whether it was cut."""
    res = store.query(PLAN_ACTIONS, bindings={"plan": URIRef(plan)}, max_rows=max_rows)
    actions: dict[str, dict] = {}
    linked: dict[tuple[str, str, str], dict] = {}
    for r in res.dicts():
        a, p, o = str(r["a"]), _short(r["p"]), r["o"]
        act = actions.setdefault(a, {"iri": a, "notation": None, "labels": [], "types": set(),
                                     **{k: [] for k in ROLES.values()}})
        if p == "skos:notation":
            act["notation"] = str(o)
        elif p == "skos:prefLabel":
            act["labels"].append(o)
        elif p == "rdf:type":
            act["types"].add(_short(o))
        elif p in ROLES:
            key = (a, ROLES[p], str(o))
            if key not in linked:
                kind = "actor" if ROLES[p] in ("responsible", "involved") else None
                linked[key] = _ref(o, napid=napid, kind=kind)
                linked[key]["_labels"] = []
                act[ROLES[p]].append(linked[key])
            if r.get("oLabel") is not None:
                linked[key]["_labels"].append(r["oLabel"])
            if r.get("oNotation") is not None:
                linked[key]["notation"] = str(r["oNotation"])
    for ref in linked.values():
        ref["label"] = best_label(ref.pop("_labels"))
    out = []
    for act in actions.values():
        act["title"] = best_label(act["labels"])
        act["labels"] = _labels(act["labels"])
        act["types"] = sorted(act["types"])
        act["progress_updates"] = sorted(r["iri"] for r in act["progress_updates"])
        for k in ("responsible", "involved", "sdgs", "principles", "instruments", "groups", "part_of"):
            act[k].sort(key=lambda ref: (natural_key(ref.get("notation")), ref["iri"]))
        out.append(act)
    # by the key that names the IRI (napid:action/<plan>/<key>): the notation, or the id of an action whose
    # notation recurs in several groups or that has none (the DCAF guide's "set-up-3", "growth-3")
    out.sort(key=lambda a: (natural_key(a["iri"].rsplit("/", 1)[-1]), a["iri"]))
    return out, res.truncated


def _evidence(store: Store, iri: URIRef) -> list[dict]:
    seen, out = set(), []
    for r in store.query(EVIDENCE, bindings={"s": URIRef(iri)}).dicts():
        if str(r["e"]) in seen:
            continue
        seen.add(str(r["e"]))
        out.append({"iri": str(r["e"]), "quote": str(r["quote"]) if r.get("quote") is not None else None,
                    "locator": str(r["locator"]) if r.get("locator") is not None else None,
                    "source": str(r["source"]) if r.get("source") is not None else None})
    return out


def actor(store: Store, iri: URIRef, *, napid: str = str(NAPID)) -> dict | None:
    """One actor: labels, alternative labels, types, country, parent body, plans, actions, evidence; None if unknown."""
    iri = URIRef(iri)
    if not is_a(store, iri, URIRef(PREFIXES["nap"] + "Actor")):
        return None
    out: dict = {"id": id_of(str(iri), "actor", napid), "iri": str(iri), "labels": {}, "alt_labels": {}, "types": [],
                 "country": None, "part_of": [], "plans": [], "actions": [], "evidence": _evidence(store, iri)}
    pref, parents = [], {}
    for r in store.query(RESOURCE, bindings={"s": iri}).dicts():
        p, o = _short(r["p"]), r["o"]
        if p == "skos:prefLabel":
            pref.append(o)
        elif p == "skos:altLabel" and isinstance(o, Literal):
            out["alt_labels"].setdefault(o.language or "", [])
            if str(o) not in out["alt_labels"][o.language or ""]:
                out["alt_labels"][o.language or ""].append(str(o))
        elif p == "rdf:type" and _short(o) not in out["types"]:
            out["types"].append(_short(o))
        elif p == "nap:country":
            out["country"] = {"iri": str(o), "code": str(o).rsplit("/", 1)[-1]}
        elif p == "org:subOrganizationOf":
            labels = parents.setdefault(str(o), [])
            if r.get("oLabel") is not None:
                labels.append(r["oLabel"])
    out["label"] = best_label(pref)
    out["labels"] = _labels(pref)
    out["types"].sort()
    out["part_of"] = [_ref(p, labels, napid, "actor") for p, labels in sorted(parents.items())]
    plan_labels: dict[str, list] = {}
    for r in store.query(ACTOR_PLANS, bindings={"actor": iri}).dicts():
        plan_labels.setdefault(str(r["plan"]), [])
        if r.get("label") is not None:
            plan_labels[str(r["plan"])].append(r["label"])
    out["plans"] = [_ref(p, labels, napid, "plan") for p, labels in sorted(plan_labels.items())]
    acts: dict[str, dict] = {}
    for r in store.query(ACTOR_ACTIONS, bindings={"actor": iri}).dicts():
        a = acts.setdefault(str(r["a"]), {"iri": str(r["a"]), "plan": id_of(str(r["plan"]), "plan", napid) or str(r["plan"]),
                                         "notation": str(r["notation"]) if r.get("notation") is not None else None,
                                         "roles": set(), "_titles": []})
        a["roles"].add(ROLES[_short(r["role"])])
        if r.get("title") is not None:
            a["_titles"].append(r["title"])
    for a in acts.values():
        a["roles"] = sorted(a["roles"])
        a["title"] = best_label(a.pop("_titles"))
    out["actions"] = sorted(acts.values(), key=lambda a: (a["plan"], natural_key(a["notation"])))
    return out


def actor_labels(store: Store) -> list[tuple[str, str, str, str]]:
    """(actor IRI, label property, text, language) for every label of every actor."""
    return [(str(r["actor"]), _short(r["p"]), str(r["label"]), r["label"].language or "")
            for r in store.query(ACTOR_LABELS).dicts()]


def search_actors(store: Store, q: str | None, *, limit: int = 100,
                  napid: str = str(NAPID)) -> tuple[list[dict], bool]:
    """Actors whose label contains ``q`` (any label, any language, ignoring case and accents), best first.

    With no ``q``, every actor. Returns the matches (at most ``limit``) and whether more were found.
    """
    needle = normalise(q or "")
    by_actor: dict[str, dict] = {}
    for iri, prop, text, lang in actor_labels(store):
        a = by_actor.setdefault(iri, {"iri": iri, "id": id_of(iri, "actor", napid), "_pref": [], "match": None,
                                      "_rank": None})
        if prop == "skos:prefLabel":
            a["_pref"].append(Literal(text, lang=lang or None))
        norm = normalise(text)
        if needle and needle not in norm:
            continue
        rank = (0 if norm == needle else 1 if norm.startswith(needle) else 2, prop != "skos:prefLabel", len(norm))
        if a["_rank"] is None or rank < a["_rank"]:
            a["_rank"], a["match"] = rank, {"label": text, "lang": lang, "property": prop}
    found = []
    for a in by_actor.values():
        if a["_rank"] is None:
            continue
        a["label"] = best_label(a.pop("_pref"))
        if not needle:
            a["match"] = None
        found.append(a)
    found.sort(key=lambda a: (a["_rank"], normalise(a["label"] or a["iri"])) if needle else normalise(a["label"] or a["iri"]))
    for a in found:
        del a["_rank"]
    return found[:limit], len(found) > limit
