"""One source file of ``data/`` as RDF: the source document, its plans, groups, actions and progress reports.

Every reference a record makes (to a plan, group, parent action, actor,
instrument, SDG or country) is checked; the errors of the whole file are
raised together (:class:`kg.errors.DataErrors`), each with its record and field.
"""

from __future__ import annotations

from rdflib import DCTERMS, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from .errors import DataError, DataErrors
from .namespaces import (
    NAP, NAPID, action_iri, action_key, group_iri, pillar_iri, plan_iri, principle_iri, source_iri, update_iri,
)
from .record_triples import (
    SOURCE_LANG, add_alt_labels, add_evidence, add_labels, add_record_evidence, date_literal, period_literal,
)
from .records import Curation, SourceFile, _display
from .references import Reference, ReferenceChecker

PLAN_CLASSES = {"action-plan": [], "strategy": [NAP.Strategy], "roadmap": [NAP.Roadmap], "guide": [NAP.GuidanceDocument]}
ACTION_CLASSES = {"action": [], "axis": [NAP.Axis], "objective": [NAP.Objective],
                  "guidance-item": [NAP.GuidanceItem], "next-step": [NAP.NextStep]}
GROUP_CLASSES = {"category": NAP.Category, "priority": NAP.Priority, "axis": NAP.ActionGroup,
                 "lifecycle-phase": NAP.LifecyclePhase, "stakeholder-group": NAP.StakeholderGroup,
                 "part": NAP.DocumentPart}

# (field, kind of reference, property): the links plans, actions and progress reports make by id
PLAN_LINKS = (("sdgs", "sdg", NAP.addressesSDG), ("instruments", "instrument", NAP.refersToInstrument),
              ("responsible", "actor", NAP.responsibleActor), ("involved", "actor", NAP.involvedActor))
ACTION_LINKS = (("sdgs", "sdg", NAP.addressesSDG), ("responsible", "actor", NAP.responsibleActor),
                ("involved", "actor", NAP.involvedActor), ("instruments", "instrument", NAP.refersToInstrument))
PROGRESS_LINKS = (("reporters", "actor", NAP.reportedBy), ("actors", "actor", NAP.involvedActor),
                  ("instruments", "instrument", NAP.refersToInstrument))


def source_graph(sf: SourceFile, cur: Curation, ref: Reference, plans: dict[str, str]) -> Graph:
    """One source file as RDF. ``plans`` maps every plan id to the source declaring it."""
    g = Graph()
    known_actors = {a["id"] for a in cur.actors}
    known_instruments = {i["id"] for i in cur.instruments} | ref.instruments
    chk = ReferenceChecker(sf.path, known_actors, known_instruments, ref)
    sid = sf.data["source"]["id"]
    _source(g, chk, sf.data["source"])
    _plans(g, chk, sid, sf.data.get("plans") or [], plans)
    groups = _groups(g, chk, sid, sf.data.get("groups") or [], plans)
    _actions(g, chk, sid, sf.data.get("actions") or [], plans, groups, cur)
    if chk.errors:
        raise DataErrors(chk.errors)
    return g


def _source(g: Graph, chk: ReferenceChecker, src: dict) -> None:
    sid = src["id"]
    s = source_iri(sid)
    g.add((s, RDF.type, NAP.SourceDocument))
    g.add((s, DCTERMS.identifier, Literal(sid)))
    add_labels(g, s, src["title"], DCTERMS.title)
    add_labels(g, s, src["title"])
    g.add((s, NAP.seedFile, Literal(src["seed"])))
    g.add((s, NAP.documentKind, Literal(src["kind"])))
    if src.get("date"):
        d = src["date"]
        g.add((s, DCTERMS.date, Literal(d, datatype=XSD.gYear if len(d) == 4 else XSD.date)))
    chk.link_country(g, s, "source", src.get("country"))
    chk.link(g, s, "source", src, (("publishers", "actor", DCTERMS.publisher),))
    add_record_evidence(g, s, sid, src, derived=False)


def _plans(g: Graph, chk: ReferenceChecker, sid: str, records: list[dict], plans: dict[str, str]) -> None:
    for n, p in enumerate(records):
        name = f"plans[{n}] ({p['id']})"
        ps = plan_iri(p["id"])
        g.add((ps, RDF.type, NAP.ActionPlan))
        for c in PLAN_CLASSES[p["kind"]]:
            g.add((ps, RDF.type, c))
        g.add((ps, DCTERMS.identifier, Literal(p["id"])))
        add_labels(g, ps, p["label"])
        add_alt_labels(g, ps, p.get("alt"))
        if p.get("replaces"):
            if p["replaces"] == p["id"]:
                chk.fail(name, "replaces", "a plan cannot replace itself")
            elif p["replaces"] in plans:
                g.add((ps, DCTERMS.replaces, plan_iri(p["replaces"])))
            else:
                chk.fail(name, "replaces", f"unknown plan id '{p['replaces']}' (declare it in a source file's plans)")
        chk.link_country(g, ps, name, p.get("country"))
        if p.get("period"):
            g.add((ps, NAP.period, period_literal(p["period"])))
        if p.get("adopted"):
            g.add((ps, DCTERMS.issued, date_literal(p["adopted"])))
        chk.link(g, ps, name, p, PLAN_LINKS)
        add_record_evidence(g, ps, sid, p)


def _groups(g: Graph, chk: ReferenceChecker, sid: str, records: list[dict],
            plans: dict[str, str]) -> dict[tuple[str, str], dict]:
    """The file's groups as RDF; returns them by (plan, group id) for the actions to check theirs against."""
    groups: dict[tuple[str, str], dict] = {}
    for n, gr in enumerate(records):
        name = f"groups[{n}] ({gr['id']})"
        if gr["plan"] not in plans:
            chk.fail(name, "plan", f"unknown plan id '{gr['plan']}'")
            continue
        key = (gr["plan"], gr["id"])
        if key in groups:
            chk.fail(name, "id", f"duplicate group id '{gr['id']}' in plan '{gr['plan']}'")
            continue
        groups[key] = gr
    for n, gr in enumerate(records):
        name = f"groups[{n}] ({gr['id']})"
        if gr["plan"] not in plans:
            continue
        gs = group_iri(gr["plan"], gr["id"])
        g.add((gs, RDF.type, NAP.ActionGroup))
        g.add((gs, RDF.type, GROUP_CLASSES[gr["kind"]]))
        add_labels(g, gs, gr["label"])
        if gr.get("notation"):
            g.add((gs, SKOS.notation, Literal(gr["notation"])))
        if gr.get("parent"):
            if (gr["plan"], gr["parent"]) in groups:
                g.add((gs, DCTERMS.isPartOf, group_iri(gr["plan"], gr["parent"])))
            else:
                chk.fail(name, "parent", f"unknown group id '{gr['parent']}' in plan '{gr['plan']}'")
        else:
            g.add((gs, DCTERMS.isPartOf, plan_iri(gr["plan"])))
        add_record_evidence(g, gs, sid, gr)
    return groups


def _action_keys(chk: ReferenceChecker, actions: list[dict]) -> dict[tuple[str, str], int]:
    """(plan, action key) -> index of the action it names; a key named twice is an error."""
    notations: dict[tuple[str, str], int] = {}
    for n, a in enumerate(actions):
        key = (a["plan"], action_key(a))
        if key in notations:
            fld = "id" if a.get("id") else "notation"
            chk.fail(f"actions[{n}] ({key[1]})", fld,
                     f"duplicate action '{key[1]}' in plan '{a['plan']}' (also actions[{notations[key]}])"
                     + ("" if a.get("id") else "; give repeated notations an id"))
        else:
            notations[key] = n
    return notations


def _actions(g: Graph, chk: ReferenceChecker, sid: str, actions: list[dict], plans: dict[str, str],
             groups: dict[tuple[str, str], dict], cur: Curation) -> None:
    notations = _action_keys(chk, actions)
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
        add_labels(g, s, a["title"])
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
        chk.link(g, s, name, a, ACTION_LINKS)
        add_record_evidence(g, s, sid, a)
        _progress(g, chk, sid, s, name, a)


def _progress(g: Graph, chk: ReferenceChecker, sid: str, s: URIRef, name: str, a: dict) -> None:
    """The progress reports of action ``a`` (IRI ``s``): one nap:ProgressUpdate each, numbered from 1."""
    for k, u in enumerate(a.get("progress") or [], start=1):
        uname = f"{name}: progress[{k - 1}]"
        us = update_iri(a["plan"], action_key(a), k)
        g.add((s, NAP.hasProgressUpdate, us))
        g.add((us, RDF.type, NAP.ProgressUpdate))
        g.add((us, NAP.period, period_literal(u["period"])))
        g.add((us, RDFS.comment, Literal(u["text"].strip(), lang=SOURCE_LANG)))
        if u.get("status"):
            g.add((us, NAP.status, NAPID[f"status/{u['status']}"]))
        chk.link(g, us, uname, u, PROGRESS_LINKS)
        add_evidence(g, us, sid, u["locator"], u["text"])


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
