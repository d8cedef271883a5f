"""Likely duplicates in the registry: one body (or instrument) under two ids.

Issue 14 found the same university as ``uantwerpen`` and
``university-of-antwerp``: every overlap measure splits such a body in two.
Two registry records are *likely duplicates* when

- they share a name: a label or an alternative label, in any language, equal
  after folding accents, case, apostrophes and punctuation
  (:func:`kg.support.fold`: "l’OIT" = "L'OIT" = "l OIT"); or
- they cite the same quote from the same source as their evidence, and that
  quote does not tell them apart: a quote that names several bodies ("Microsoft,
  Amazon, Google et Meta") is evidence for each of them, so a shared quote only
  counts when it does not hold a different name of each record, and the two
  records are not in two different countries (the VPSHR working groups of
  Ghana and Peru share the guide's list of countries).

Actors are compared with actors; instruments with instruments, including the
reference instruments of ``ontology/vocabularies.ttl`` (a registry record that
repeats the UNGP is a duplicate too). An organisation and the standard it
publishes (EITI and the EITI Standard) are different kinds and never compared.

True homonyms — two real bodies one acronym names ("PCN", the national contact
point of each country) — go in ``data/homonyms.yaml``, each with a reason::

    - ids: [be-ncp, lu-ncp]
      name: PCN            # the shared name, or the shared quote
      reason: every country's national contact point is its "PCN"

An entry allows that pair that one shared name only; a new shared name between
the same two records is reported again.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import yaml

from .records import HOMONYMS_FILE, Curation
from .support import fold


@dataclass(frozen=True)
class Duplicate:
    """Two records (kind ``actor`` or ``instrument``) that share a name or a quote."""

    kind: str
    ids: tuple[str, str]
    why: str   # "name" | "quote"
    shared: str  # the shared name (as one record writes it) or "source: quote"

    def __str__(self) -> str:
        return f"{self.kind}s {self.ids[0]} and {self.ids[1]} share the {self.why} {self.shared!r}"


def _names(rec: dict) -> dict[str, str]:
    """Folded name -> one spelling of it, for every label and alternative label of a record."""
    out: dict[str, str] = {}
    texts = list((rec.get("label") or {}).values())
    for alts in (rec.get("alt") or {}).values():
        texts += alts
    for t in texts:
        f = fold(t)
        if f.strip():
            out.setdefault(f, t)
    return out


def _quotes(rec: dict) -> dict[str, str]:
    out = {}
    for ev in rec.get("evidence") or []:
        out.setdefault(ev["source"] + fold(ev["quote"]), f"{ev['source']}: {ev['quote']}")
    return out


def reference_instruments(vocabularies: Path | None) -> list[dict]:
    """The top-level reference instruments of vocabularies.ttl as records (id, label, alt, notation): no parts."""
    if vocabularies is None or not vocabularies.exists():
        return []
    from rdflib import RDF, Graph
    from rdflib.namespace import SKOS

    from .namespaces import NAP, NAPID

    g = Graph().parse(vocabularies)
    prefix = str(NAPID) + "instrument/"
    recs = []
    for s in sorted(set(g.subjects(RDF.type, NAP.Instrument))):
        tail = str(s)[len(prefix):] if str(s).startswith(prefix) else ""
        if not tail or "/" in tail:
            continue
        labels = {o.language or "": str(o) for o in g.objects(s, SKOS.prefLabel)}
        alt: dict[str, list[str]] = {}
        for o in g.objects(s, SKOS.altLabel):
            alt.setdefault(o.language or "", []).append(str(o))
        recs.append({"id": tail, "label": labels, "alt": alt, "notation": [str(o) for o in g.objects(s, SKOS.notation)]})
    return recs


def find(cur: Curation, vocabularies: Path | None = None) -> list[Duplicate]:
    """Every pair of likely duplicates, actors first, in a stable order."""
    found: list[Duplicate] = []
    for kind, recs in (("actor", list(cur.actors)),
                       ("instrument", list(cur.instruments) + reference_instruments(vocabularies))):
        names = {r["id"]: _names(r) for r in recs}
        quotes = {r["id"]: _quotes(r) for r in recs}
        country = {r["id"]: r.get("country") for r in recs}
        for a, b in combinations(sorted(names), 2):
            for f in sorted(set(names[a]) & set(names[b])):
                found.append(Duplicate(kind, (a, b), "name", names[a][f]))
            if country[a] and country[b] and country[a] != country[b]:
                continue
            for q in sorted(set(quotes[a]) & set(quotes[b])):
                if not _told_apart(fold(quotes[a][q].split(": ", 1)[1]), names[a], names[b]):
                    found.append(Duplicate(kind, (a, b), "quote", quotes[a][q]))
    return found


def _told_apart(folded_quote: str, names_a: dict[str, str], names_b: dict[str, str]) -> bool:
    """True when the quote holds a name of each record and not only names they share."""
    in_a = {n for n in names_a if n in folded_quote}
    in_b = {n for n in names_b if n in folded_quote}
    return bool(in_a) and bool(in_b) and in_a != in_b


@dataclass(frozen=True)
class Homonym:
    ids: tuple[str, str]
    shared: str
    reason: str


def load_homonyms(path: Path) -> list[Homonym]:
    """The allow-list; a malformed entry raises ValueError naming the file and the entry."""
    if not path.exists():
        return []
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = []
    for n, e in enumerate(doc):
        ok = (isinstance(e, dict) and isinstance(e.get("ids"), list) and len(e["ids"]) == 2
              and all(isinstance(i, str) for i in e["ids"]) and isinstance(e.get("name"), str)
              and isinstance(e.get("reason"), str) and len(e["reason"].strip()) >= 10)
        if not ok:
            raise ValueError(f"{path}: entry {n}: needs ids (two record ids), name (the shared name or quote) "
                             f"and reason (why they are two different things, 10 characters at least)")
        out.append(Homonym(tuple(sorted(e["ids"])), e["name"], e["reason"]))
    return out


def _allowed(d: Duplicate, homonyms: list[Homonym]) -> Homonym | None:
    for h in homonyms:
        if h.ids == tuple(sorted(d.ids)):
            shared = d.shared.split(": ", 1)[1] if d.why == "quote" else d.shared
            if fold(h.shared) == fold(shared):
                return h
    return None


def unexplained(found: list[Duplicate], homonyms: list[Homonym]) -> list[Duplicate]:
    """The duplicates no allow-list entry covers."""
    return [d for d in found if _allowed(d, homonyms) is None]


def stale(found: list[Duplicate], homonyms: list[Homonym]) -> list[Homonym]:
    """Allow-list entries that no longer match anything (a merged record, a renamed label)."""
    used = {id(_allowed(d, homonyms)) for d in found}
    return [h for h in homonyms if id(h) not in used]
