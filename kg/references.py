"""What a record may point at, and the check of every such reference.

A record names actors, instruments and SDGs by id; each id must be declared
(in ``data/actors.yaml``, ``data/instruments.yaml`` or
``ontology/vocabularies.ttl``). :class:`ReferenceChecker` collects every
broken reference of one file with its record and field, so that a build
reports them all at once instead of the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import RDF, SKOS, Graph, URIRef

from .errors import DataError
from .namespaces import NAP, NAPID, actor_iri, country_iri, instrument_iri, sdg_iri
from .records import ACTORS_FILE, INSTRUMENTS_FILE, _display


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


# kind of reference -> (the IRI it mints, the message for an id nobody declared)
_KINDS = {
    "actor": (actor_iri, f"unknown actor id '{{}}' (add it to data/{ACTORS_FILE})"),
    "instrument": (instrument_iri,
                   f"unknown instrument id '{{}}' (add it to data/{INSTRUMENTS_FILE} or ontology/vocabularies.ttl)"),
    "sdg": (sdg_iri, "SDG goal or target '{}' is not in ontology/vocabularies.ttl"),
}


class ReferenceChecker:
    """Collects the reference errors of one file."""

    def __init__(self, path: Path, known_actors: set[str], known_instruments: set[str], ref: Reference):
        self.file = _display(path)
        self.ref = ref
        self.known = {"actor": known_actors, "instrument": known_instruments, "sdg": ref.sdgs}
        self.errors: list[DataError] = []

    def fail(self, record: str, fld: str, message: str) -> None:
        self.errors.append(DataError(self.file, record, fld, message))

    def ids(self, kind: str, record: str, fld: str, ids: Iterable[str] | None) -> list[str]:
        """The declared ids of ``ids`` (an ``actor``, ``instrument`` or ``sdg`` kind); each other one is an error."""
        ok = []
        for i in ids or []:
            if i in self.known[kind]:
                ok.append(i)
            else:
                self.fail(record, fld, _KINDS[kind][1].format(i))
        return ok

    def link(self, g: Graph, s: URIRef, record: str, rec: dict, links: Iterable[tuple[str, str, URIRef]]) -> None:
        """For each (field, kind, property): ``s property <target>`` for every declared id in ``rec[field]``."""
        for fld, kind, prop in links:
            mint = _KINDS[kind][0]
            for i in self.ids(kind, record, fld, rec.get(fld)):
                g.add((s, prop, mint(i)))

    def link_country(self, g: Graph, s: URIRef, record: str, code: str | None) -> None:
        """``s nap:country <code>`` where the vocabularies know the code; an error where they do not."""
        if not code:
            return
        if code in self.ref.countries:
            g.add((s, NAP.country, country_iri(code)))
        else:
            self.fail(record, "country", f"country '{code}' is not in ontology/vocabularies.ttl")
