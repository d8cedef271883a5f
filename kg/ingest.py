"""Curated records to RDF: one graph per source, one for the actor and instrument registry.

The only place records become triples. Every reference (actor, instrument,
group, parent action, SDG, country) is checked here, and every problem is
reported with its file, record and field before anything is written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from .errors import DataError, DataErrors
from .label_sources import add_label_sources, label_source_problems
from .namespaces import (
    NAP, NAPID, ORG, REGISTRY_GRAPH, action_iri, action_key, actor_iri, country_iri, graph_iri, group_iri,
    instrument_iri, pillar_iri, plan_iri, principle_iri, sdg_iri, source_iri, update_iri,
)
from .records import ACTORS_FILE, INSTRUMENTS_FILE, Curation, SourceFile, _display

SOURCE_LANG = "fr"

PLAN_CLASSES = {"action-plan": [], "strategy": [NAP.Strategy], "roadmap": [NAP.Roadmap], "guide": [NAP.GuidanceDocument]}
ACTION_CLASSES = {"action": [], "axis": [NAP.Axis], "objective": [NAP.Objective],
                  "guidance-item": [NAP.GuidanceItem], "next-step": [NAP.NextStep]}
GROUP_CLASSES = {"category": NAP.Category, "priority": NAP.Priority, "axis": NAP.ActionGroup,
                 "lifecycle-phase": NAP.LifecyclePhase, "stakeholder-group": NAP.StakeholderGroup,
                 "part": NAP.DocumentPart}
INSTRUMENT_CLASSES = {"guide": NAP.Guide, "toolbox": NAP.Guide, "law": NAP.Legislation, "policy": NAP.Policy,
                      "convention": NAP.Convention, "standard": NAP.Standard,
                      "recommendation": NAP.Recommendation, "report": NAP.Report, "other": None}


@dataclass
class Reference:
    """What records may point at outside themselves: taken from the vocabularies graph."""

    instruments: set[str] = field(default_factory=set)
    sdgs: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)

    @classmethod
    def from_graph(cls, vocab: Graph) -> "Reference":
        prefix = str(NAPID) + "instrument/"
        ref = cls()
        for s in vocab.subjects(RDF.type, NAP.Instrument):
            if str(s).startswith(prefix):
                ref.instruments.add(str(s)[len(prefix):])
        for s in vocab.subjects(RDF.type, SKOS.Concept):
            iri = str(s)
            if iri.startswith("http://metadata.un.org/sdg/"):
                ref.sdgs.add(iri.rsplit("/", 1)[1])
            elif iri.startswith("http://publications.europa.eu/resource/authority/country/"):
                ref.countries.add(iri.rsplit("/", 1)[1])
        return ref


def evidence_iri(subject: URIRef, locator: str, quote: str) -> URIRef:
    h = hashlib.sha1(f"{subject}\n{locator}\n{quote}".encode("utf-8")).hexdigest()[:16]
    return NAPID[f"evidence/{h}"]


def _labels(g: Graph, s: URIRef, labels: dict, prop=SKOS.prefLabel) -> None:
    for lang, text in labels.items():
        g.add((s, prop, Literal(text.strip(), lang=lang)))


def _alt(g: Graph, s: URIRef, alt: dict | None) -> None:
    for lang, texts in (alt or {}).items():
        for t in texts:
            g.add((s, SKOS.altLabel, Literal(t.strip(), lang=lang)))


def _evidence(g: Graph, s: URIRef, source: str, locator: str, quote: str, *, derived: bool = True) -> None:
    """Attach a quote (an nap:Evidence node) to ``s``; ``derived`` also says ``s`` comes from the source."""
    e = evidence_iri(s, locator, quote)
    if derived:
        g.add((s, PROV.wasDerivedFrom, source_iri(source)))
    g.add((s, NAP.evidence, e))
    g.add((e, RDF.type, NAP.Evidence))
    g.add((e, NAP.quote, Literal(" ".join(quote.split()), lang=SOURCE_LANG)))
    g.add((e, NAP.locator, Literal(locator)))
    g.add((e, PROV.wasDerivedFrom, source_iri(source)))


def date_literal(value: str) -> Literal:
    """A date as precise as the source gives it: "2021" (xsd:gYear), "2021-06" (xsd:gYearMonth), "2021-06-15".

    >>> date_literal("2021-06").datatype == XSD.gYearMonth
    True
    """
    kind = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=kind)


def _period(value: str) -> Literal:
    return Literal(value, datatype=XSD.gYear) if "/" not in value else Literal(value)


class _Checker:
    """Collects reference errors for one file."""

    def __init__(self, path: Path, known_actors: set[str], known_instruments: set[str], ref: Reference):
        self.file = _display(path)
        self.actors, self.instruments, self.ref = known_actors, known_instruments, ref
        self.errors: list[DataError] = []

    def fail(self, record: str, fld: str, message: str) -> None:
        self.errors.append(DataError(self.file, record, fld, message))

    def actor_ids(self, record: str, fld: str, ids: Iterable[str]) -> list[str]:
        ok = []
        for a in ids or []:
            if a in self.actors:
                ok.append(a)
            else:
                self.fail(record, fld, f"unknown actor id '{a}' (add it to data/{ACTORS_FILE})")
        return ok

    def instrument_ids(self, record: str, fld: str, ids: Iterable[str]) -> list[str]:
        ok = []
        for i in ids or []:
            if i in self.instruments:
                ok.append(i)
            else:
                self.fail(record, fld, f"unknown instrument id '{i}' (add it to data/{INSTRUMENTS_FILE} or ontology/vocabularies.ttl)")
        return ok

    def sdgs(self, record: str, notations: Iterable[str]) -> list[str]:
        ok = []
        for n in notations or []:
            if n in self.ref.sdgs:
                ok.append(n)
            else:
                self.fail(record, "sdgs", f"SDG goal or target '{n}' is not in ontology/vocabularies.ttl")
        return ok

    def country(self, record: str, code: str | None) -> str | None:
        if code and code not in self.ref.countries:
            self.fail(record, "country", f"country '{code}' is not in ontology/vocabularies.ttl")
            return None
        return code


def registry_graph(cur: Curation, ref: Reference, source_ids: set[str]) -> Graph:
    """The actor and instrument registry as RDF; raises DataErrors on bad references."""
    g = Graph()
    actor_ids = [a["id"] for a in cur.actors]
    instrument_ids = [i["id"] for i in cur.instruments]
    errors: list[DataError] = []
    for fname, ids in ((ACTORS_FILE, actor_ids), (INSTRUMENTS_FILE, instrument_ids)):
        seen = set()
        for n, i in enumerate(ids):
            if i in seen:
                errors.append(DataError(_display(cur.root / fname), f"record {n} ({i})", "id", f"duplicate id '{i}'"))
            seen.add(i)
    clash = set(instrument_ids) & ref.instruments
    for i in sorted(clash):
        errors.append(DataError(_display(cur.root / INSTRUMENTS_FILE), f"({i})", "id",
                                f"'{i}' is a reference instrument of ontology/vocabularies.ttl: use it, do not redefine it"))
    known_actors = set(actor_ids)
    known_instruments = set(instrument_ids) | ref.instruments
    for fname, records, kind in ((ACTORS_FILE, cur.actors, "actor"), (INSTRUMENTS_FILE, cur.instruments, "instrument")):
        chk = _Checker(cur.root / fname, known_actors, known_instruments, ref)
        for n, rec in enumerate(records):
            name = f"record {n} ({rec['id']})"
            s = actor_iri(rec["id"]) if kind == "actor" else instrument_iri(rec["id"])
            g.add((s, DCTERMS.identifier, Literal(rec["id"])))
            if kind == "actor":
                t = rec["type"]
                g.add((s, RDF.type, FOAF.Person if t == "person" else NAP.ActorGroup if t == "group" else ORG.Organization))
                g.add((s, NAP.actorType, NAPID[f"actor-type/{t}"]))
                if rec.get("part_of"):
                    if rec["part_of"] in known_actors:
                        g.add((s, ORG.subOrganizationOf, actor_iri(rec["part_of"])))
                    else:
                        chk.fail(name, "part_of", f"unknown actor id '{rec['part_of']}'")
            else:
                g.add((s, RDF.type, NAP.Instrument))
                cls = INSTRUMENT_CLASSES[rec["type"]]
                if cls is not None:
                    g.add((s, RDF.type, cls))
                if rec.get("part_of"):
                    if rec["part_of"] in known_instruments:
                        g.add((s, DCTERMS.isPartOf, instrument_iri(rec["part_of"])))
                    else:
                        chk.fail(name, "part_of", f"unknown instrument id '{rec['part_of']}'")
            _labels(g, s, rec["label"])
            _alt(g, s, rec.get("alt"))
            for problem in label_source_problems(rec):
                chk.fail(name, "label_sources", problem)
            add_label_sources(g, s, rec)
            code = chk.country(name, rec.get("country"))
            if code:
                g.add((s, NAP.country, country_iri(code)))
            for k, ev in enumerate(rec["evidence"]):
                if ev["source"] not in source_ids:
                    chk.fail(name, f"evidence[{k}].source", f"unknown source id '{ev['source']}'")
                    continue
                _evidence(g, s, ev["source"], ev["locator"], ev["quote"])
        errors += chk.errors
    if errors:
        raise DataErrors(errors)
    return g


def source_graph(sf: SourceFile, cur: Curation, ref: Reference, plans: dict[str, str]) -> Graph:
    """One source file as RDF. ``plans`` maps every plan id to the source declaring it."""
    g = Graph()
    doc = sf.data
    sid = doc["source"]["id"]
    known_actors = {a["id"] for a in cur.actors}
    known_instruments = {i["id"] for i in cur.instruments} | ref.instruments
    chk = _Checker(sf.path, known_actors, known_instruments, ref)

    src = doc["source"]
    s = source_iri(sid)
    g.add((s, RDF.type, NAP.SourceDocument))
    g.add((s, DCTERMS.identifier, Literal(sid)))
    _labels(g, s, src["title"], DCTERMS.title)
    _labels(g, s, src["title"])
    g.add((s, NAP.seedFile, Literal(src["seed"])))
    g.add((s, NAP.documentKind, Literal(src["kind"])))
    if src.get("date"):
        d = src["date"]
        g.add((s, DCTERMS.date, Literal(d, datatype=XSD.gYear if len(d) == 4 else XSD.date)))
    code = chk.country("source", src.get("country"))
    if code:
        g.add((s, NAP.country, country_iri(code)))
    for a in chk.actor_ids("source", "publishers", src.get("publishers")):
        g.add((s, DCTERMS.publisher, actor_iri(a)))
    _evidence(g, s, sid, src["evidence"]["locator"], src["evidence"]["quote"], derived=False)

    for n, p in enumerate(doc.get("plans") or []):
        name = f"plans[{n}] ({p['id']})"
        ps = plan_iri(p["id"])
        g.add((ps, RDF.type, NAP.ActionPlan))
        for c in PLAN_CLASSES[p["kind"]]:
            g.add((ps, RDF.type, c))
        g.add((ps, DCTERMS.identifier, Literal(p["id"])))
        _labels(g, ps, p["label"])
        _alt(g, ps, p.get("alt"))
        if p.get("replaces"):
            if p["replaces"] == p["id"]:
                chk.fail(name, "replaces", "a plan cannot replace itself")
            elif p["replaces"] in plans:
                g.add((ps, DCTERMS.replaces, plan_iri(p["replaces"])))
            else:
                chk.fail(name, "replaces", f"unknown plan id '{p['replaces']}' (declare it in a source file's plans)")
        code = chk.country(name, p.get("country"))
        if code:
            g.add((ps, NAP.country, country_iri(code)))
        if p.get("period"):
            g.add((ps, NAP.period, _period(p["period"])))
        if p.get("adopted"):
            g.add((ps, DCTERMS.issued, date_literal(p["adopted"])))
        for x in chk.sdgs(name, p.get("sdgs")):
            g.add((ps, NAP.addressesSDG, sdg_iri(x)))
        for i in chk.instrument_ids(name, "instruments", p.get("instruments")):
            g.add((ps, NAP.refersToInstrument, instrument_iri(i)))
        for a in chk.actor_ids(name, "responsible", p.get("responsible")):
            g.add((ps, NAP.responsibleActor, actor_iri(a)))
        for a in chk.actor_ids(name, "involved", p.get("involved")):
            g.add((ps, NAP.involvedActor, actor_iri(a)))
        _evidence(g, ps, sid, p["evidence"]["locator"], p["evidence"]["quote"])

    groups: dict[tuple[str, str], dict] = {}
    for n, gr in enumerate(doc.get("groups") or []):
        name = f"groups[{n}] ({gr['id']})"
        if gr["plan"] not in plans:
            chk.fail(name, "plan", f"unknown plan id '{gr['plan']}'")
            continue
        key = (gr["plan"], gr["id"])
        if key in groups:
            chk.fail(name, "id", f"duplicate group id '{gr['id']}' in plan '{gr['plan']}'")
            continue
        groups[key] = gr
    for n, gr in enumerate(doc.get("groups") or []):
        name = f"groups[{n}] ({gr['id']})"
        if gr["plan"] not in plans:
            continue
        gs = group_iri(gr["plan"], gr["id"])
        g.add((gs, RDF.type, NAP.ActionGroup))
        g.add((gs, RDF.type, GROUP_CLASSES[gr["kind"]]))
        _labels(g, gs, gr["label"])
        if gr.get("notation"):
            g.add((gs, SKOS.notation, Literal(gr["notation"])))
        if gr.get("parent"):
            if (gr["plan"], gr["parent"]) in groups:
                g.add((gs, DCTERMS.isPartOf, group_iri(gr["plan"], gr["parent"])))
            else:
                chk.fail(name, "parent", f"unknown group id '{gr['parent']}' in plan '{gr['plan']}'")
        else:
            g.add((gs, DCTERMS.isPartOf, plan_iri(gr["plan"])))
        _evidence(g, gs, sid, gr["evidence"]["locator"], gr["evidence"]["quote"])

    actions = doc.get("actions") or []
    notations: dict[tuple[str, str], int] = {}  # (plan, action key) -> index; the key names the IRI
    for n, a in enumerate(actions):
        key = (a["plan"], action_key(a))
        if key in notations:
            fld = "id" if a.get("id") else "notation"
            chk.fail(f"actions[{n}] ({key[1]})", fld,
                     f"duplicate action '{key[1]}' in plan '{a['plan']}' (also actions[{notations[key]}])"
                     + ("" if a.get("id") else "; give repeated notations an id"))
        else:
            notations[key] = n
    for n, a in enumerate(actions):
        name = f"actions[{n}] ({action_key(a)})"
        if a["plan"] not in plans:
            chk.fail(name, "plan", f"unknown plan id '{a['plan']}'")
            continue
        s = action_iri(a["plan"], action_key(a))
        g.add((s, RDF.type, NAP.Action))
        for c in ACTION_CLASSES[a.get("kind", "action")]:
            g.add((s, RDF.type, c))
        g.add((s, NAP.partOfPlan, plan_iri(a["plan"])))
        if a.get("notation"):
            g.add((s, SKOS.notation, Literal(a["notation"])))
        _labels(g, s, a["title"])
        if a.get("group"):
            if (a["plan"], a["group"]) in groups or _group_elsewhere(cur, a["plan"], a["group"]):
                g.add((s, NAP.inGroup, group_iri(a["plan"], a["group"])))
            else:
                chk.fail(name, "group", f"unknown group id '{a['group']}' in plan '{a['plan']}'")
        if a.get("parent"):
            if (a["plan"], a["parent"]) in notations:
                g.add((s, DCTERMS.isPartOf, action_iri(a["plan"], a["parent"])))
            else:
                chk.fail(name, "parent", f"unknown action '{a['parent']}' in plan '{a['plan']}'")
        for p in a.get("pillars") or []:
            g.add((s, NAP.implementsPrinciple, pillar_iri(p)))
        for p in a.get("principles") or []:
            g.add((s, NAP.implementsPrinciple, principle_iri(p)))
        for code in a.get("principle_codes") or []:
            g.add((s, NAP.principleCode, Literal(code)))
        for x in chk.sdgs(name, a.get("sdgs")):
            g.add((s, NAP.addressesSDG, sdg_iri(x)))
        for x in chk.actor_ids(name, "responsible", a.get("responsible")):
            g.add((s, NAP.responsibleActor, actor_iri(x)))
        for x in chk.actor_ids(name, "involved", a.get("involved")):
            g.add((s, NAP.involvedActor, actor_iri(x)))
        for x in chk.instrument_ids(name, "instruments", a.get("instruments")):
            g.add((s, NAP.refersToInstrument, instrument_iri(x)))
        _evidence(g, s, sid, a["evidence"]["locator"], a["evidence"]["quote"])
        for k, u in enumerate(a.get("progress") or [], start=1):
            uname = f"{name}: progress[{k - 1}]"
            us = update_iri(a["plan"], action_key(a), k)
            g.add((s, NAP.hasProgressUpdate, us))
            g.add((us, RDF.type, NAP.ProgressUpdate))
            g.add((us, NAP.period, _period(u["period"])))
            g.add((us, RDFS.comment, Literal(u["text"].strip(), lang=SOURCE_LANG)))
            if u.get("status"):
                g.add((us, NAP.status, NAPID[f"status/{u['status']}"]))
            for x in chk.actor_ids(uname, "reporters", u.get("reporters")):
                g.add((us, NAP.reportedBy, actor_iri(x)))
            for x in chk.actor_ids(uname, "actors", u.get("actors")):
                g.add((us, NAP.involvedActor, actor_iri(x)))
            for x in chk.instrument_ids(uname, "instruments", u.get("instruments")):
                g.add((us, NAP.refersToInstrument, instrument_iri(x)))
            _evidence(g, us, sid, u["locator"], u["text"])
    if chk.errors:
        raise DataErrors(chk.errors)
    return g


def _group_elsewhere(cur: Curation, plan: str, group: str) -> bool:
    return any(gr["plan"] == plan and gr["id"] == group
               for sf in cur.sources for gr in (sf.data.get("groups") or []))


def plan_index(cur: Curation) -> dict[str, str]:
    """Every plan id mapped to the source that declares it; duplicates are errors."""
    plans: dict[str, str] = {}
    errors = []
    for sf in cur.sources:
        for n, p in enumerate(sf.data.get("plans") or []):
            if p["id"] in plans:
                errors.append(DataError(_display(sf.path), f"plans[{n}] ({p['id']})", "id",
                                        f"duplicate plan id '{p['id']}' (also in source {plans[p['id']]})"))
            plans[p["id"]] = sf.id
    if errors:
        raise DataErrors(errors)
    return plans


def ingest(cur: Curation, vocab: Graph) -> dict[URIRef, Graph]:
    """All curated records as RDF graphs keyed by named-graph IRI.

    Raises DataErrors listing every broken reference in every file.
    """
    ref = Reference.from_graph(vocab)
    plans = plan_index(cur)
    out: dict[URIRef, Graph] = {}
    errors: list[DataError] = []
    try:
        out[REGISTRY_GRAPH] = registry_graph(cur, ref, {sf.id for sf in cur.sources})
    except DataErrors as e:
        errors += e.errors
    for sf in cur.sources:
        try:
            out[graph_iri(sf.id)] = source_graph(sf, cur, ref, plans)
        except DataErrors as e:
            errors += e.errors
    if errors:
        raise DataErrors(errors)
    return out
