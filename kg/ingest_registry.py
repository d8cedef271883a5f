"""The actor and instrument registry (``data/actors.yaml``, ``data/instruments.yaml``) as RDF.

Both files hold records of the same form (id, type, label, alt, country,
part_of, label sources, evidence), so one loop writes both; what differs by
kind (the classes, the part-of property) is in :data:`_KINDS`.
"""

from __future__ import annotations

from rdflib import DCTERMS, FOAF, RDF, Graph, Literal, URIRef

from .errors import DataError, DataErrors
from .label_sources import add_label_sources, label_source_problems
from .namespaces import NAP, NAPID, ORG, actor_iri, instrument_iri
from .record_triples import add_alt_labels, add_evidence, add_labels
from .records import ACTORS_FILE, INSTRUMENTS_FILE, Curation, _display
from .references import Reference, ReferenceChecker

INSTRUMENT_CLASSES = {"guide": NAP.Guide, "toolbox": NAP.Guide, "law": NAP.Legislation, "policy": NAP.Policy,
                      "convention": NAP.Convention, "standard": NAP.Standard,
                      "recommendation": NAP.Recommendation, "report": NAP.Report, "other": None}
ACTOR_CLASSES = {"person": FOAF.Person, "group": NAP.ActorGroup}  # any other type: an org:Organization


def _actor_types(s: URIRef, kind: str) -> list[tuple]:
    return [(s, RDF.type, ACTOR_CLASSES.get(kind, ORG.Organization)), (s, NAP.actorType, NAPID[f"actor-type/{kind}"])]


def _instrument_types(s: URIRef, kind: str) -> list[tuple]:
    cls = INSTRUMENT_CLASSES[kind]
    return [(s, RDF.type, NAP.Instrument)] + ([(s, RDF.type, cls)] if cls is not None else [])


# kind -> (file, the IRI it mints, its type triples, its part-of property)
_KINDS = {
    "actor": (ACTORS_FILE, actor_iri, _actor_types, ORG.subOrganizationOf),
    "instrument": (INSTRUMENTS_FILE, instrument_iri, _instrument_types, DCTERMS.isPartOf),
}


def _id_problems(cur: Curation, ref: Reference) -> list[DataError]:
    """Ids declared twice, and instruments redefining a reference instrument of the vocabularies."""
    errors: list[DataError] = []
    for fname, records in ((ACTORS_FILE, cur.actors), (INSTRUMENTS_FILE, cur.instruments)):
        seen = set()
        for n, rec in enumerate(records):
            i = rec["id"]
            if i in seen:
                errors.append(DataError(_display(cur.root / fname), f"record {n} ({i})", "id", f"duplicate id '{i}'"))
            seen.add(i)
    for i in sorted({i["id"] for i in cur.instruments} & ref.instruments):
        errors.append(DataError(_display(cur.root / INSTRUMENTS_FILE), f"({i})", "id",
                                f"'{i}' is a reference instrument of ontology/vocabularies.ttl: use it, do not redefine it"))
    return errors


def registry_graph(cur: Curation, ref: Reference, source_ids: set[str]) -> Graph:
    """The actor and instrument registry as RDF; raises DataErrors on bad references."""
    g = Graph()
    errors = _id_problems(cur, ref)
    known_actors = {a["id"] for a in cur.actors}
    known_instruments = {i["id"] for i in cur.instruments} | ref.instruments
    for kind, records in (("actor", cur.actors), ("instrument", cur.instruments)):
        fname, mint, types, part_of = _KINDS[kind]
        chk = ReferenceChecker(cur.root / fname, known_actors, known_instruments, ref)
        for n, rec in enumerate(records):
            name = f"record {n} ({rec['id']})"
            s = mint(rec["id"])
            g.add((s, DCTERMS.identifier, Literal(rec["id"])))
            for t in types(s, rec["type"]):
                g.add(t)
            if rec.get("part_of"):
                if rec["part_of"] in chk.known[kind]:
                    g.add((s, part_of, mint(rec["part_of"])))
                else:
                    chk.fail(name, "part_of", f"unknown {kind} id '{rec['part_of']}'")
            add_labels(g, s, rec["label"])
            add_alt_labels(g, s, rec.get("alt"))
            for problem in label_source_problems(rec):
                chk.fail(name, "label_sources", problem)
            add_label_sources(g, s, rec)
            chk.link_country(g, s, name, rec.get("country"))
            for k, ev in enumerate(rec["evidence"]):
                if ev["source"] not in source_ids:
                    chk.fail(name, f"evidence[{k}].source", f"unknown source id '{ev['source']}'")
                    continue
                add_evidence(g, s, ev["source"], ev["locator"], ev["quote"])
        errors += chk.errors
    if errors:
        raise DataErrors(errors)
    return g
