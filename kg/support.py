"""Is every link a record makes supported by that record's own words?

A record links to actors and instruments (an action's responsible bodies, a
progress paragraph's reporters, a plan's instruments...). A link is
*supported* when one of the target's names — a label or an alternative label in
any language, or a notation — appears in the record's own text: the quote of
its evidence, or the whole paragraph of a progress entry. The comparison folds
case, accents, apostrophes and punctuation, so "l'OIT" is found in "l’OIT".

A link the text does not carry (a body named in the table's heading, a
reporter implied by the section) must say why in the record's ``support`` map:
``support: {spf-justice: "named in the column of responsible bodies"}``.
Anything else is *unexplained*, and the curated data must have none: the
audit of issue 14 found reporters and instruments the texts never name.

>>> fold("L’Organisation internationale du Travail (OIT)")
' l organisation internationale du travail oit '
>>> names_in(fold("Le SPF Justice indique ..."), [fold("SPF Justice")])
True
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .namespaces import action_key
from .records import Curation

# (record kind, field, the kind of target)
LINK_FIELDS = {
    "source": (("publishers", "actor"),),
    "plan": (("responsible", "actor"), ("involved", "actor"), ("instruments", "instrument")),
    "action": (("responsible", "actor"), ("involved", "actor"), ("instruments", "instrument")),
    "progress": (("reporters", "actor"), ("actors", "actor"), ("instruments", "instrument")),
}


def fold(text: str) -> str:
    """Lower case, no accents, every run of non-alphanumerics one space, padded with spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    out = []
    for c in decomposed:
        if unicodedata.combining(c):
            continue
        out.append(c.casefold() if c.isalnum() else " ")
    return " " + " ".join("".join(out).split()) + " "


def names_in(folded_text: str, folded_names: Iterable[str]) -> bool:
    """True when one of the (folded) names occurs in the (folded) text as whole words."""
    return any(n.strip() and n in folded_text for n in folded_names)


@dataclass(frozen=True)
class Link:
    """One link from a record to an actor or instrument, and whether the text supports it."""

    source: str
    record: str
    field: str
    target: str
    status: str  # "supported" | "explained" | "unexplained"
    reason: str = ""

    def __str__(self) -> str:
        why = f" ({self.reason})" if self.reason else ""
        return f"{self.source}: {self.record}: field '{self.field}': '{self.target}' {self.status}{why}"


def registry_names(cur: Curation, vocabularies: Path | None = None) -> dict[str, list[str]]:
    """Every name of every actor and instrument, folded, keyed by id.

    Reference instruments (UNGP, OECD Guidelines, ILO conventions...) come from
    ``ontology/vocabularies.ttl``: their labels, alternative labels and notations.
    """
    names: dict[str, list[str]] = {}
    for rec in list(cur.actors) + list(cur.instruments):
        found = list((rec.get("label") or {}).values())
        for alts in (rec.get("alt") or {}).values():
            found += alts
        names.setdefault(rec["id"], []).extend(fold(n) for n in found)
    if vocabularies is not None and vocabularies.exists():
        from rdflib import Graph
        from rdflib.namespace import RDFS, SKOS

        from .namespaces import NAPID

        g = Graph().parse(vocabularies)
        prefix = str(NAPID) + "instrument/"
        for p in (SKOS.prefLabel, SKOS.altLabel, RDFS.label, SKOS.notation):
            for s, o in g.subject_objects(p):
                s = str(s)
                if s.startswith(prefix) and "/" not in s[len(prefix):]:
                    names.setdefault(s[len(prefix):], []).append(fold(str(o)))
    return names


def _records(cur: Curation):
    """(source id, kind, record name, the record's own text, the record) for every record that links."""
    for sf in cur.sources:
        sid = sf.id
        src = sf.data["source"]
        yield sid, "source", "source", src.get("evidence", {}).get("quote", ""), src
        for p in sf.data.get("plans") or []:
            yield sid, "plan", f"plans ({p['id']})", p.get("evidence", {}).get("quote", ""), p
        for a in sf.data.get("actions") or []:
            name = f"actions ({a['plan']} {action_key(a)})"
            yield sid, "action", name, a.get("evidence", {}).get("quote", ""), a
            for i, u in enumerate(a.get("progress") or []):
                yield sid, "progress", f"{name} progress[{i}] ({u.get('locator', '')})", u.get("text", ""), u


def check(cur: Curation, vocabularies: Path | None = None) -> list[Link]:
    """Every link of every source file, each marked supported, explained or unexplained.

    A ``support`` entry naming an id the record does not link is reported too
    (status ``stale-support``): a reason left behind after its link was removed.
    """
    names = registry_names(cur, vocabularies)
    links: list[Link] = []
    for sid, kind, name, text, rec in _records(cur):
        folded = fold(text)
        support = rec.get("support") or {}
        linked: set[str] = set()
        for fld, _target_kind in LINK_FIELDS[kind]:
            for target in rec.get(fld) or []:
                linked.add(target)
                if names_in(folded, names.get(target, [])):
                    links.append(Link(sid, name, fld, target, "supported"))
                elif target in support:
                    links.append(Link(sid, name, fld, target, "explained", support[target]))
                else:
                    links.append(Link(sid, name, fld, target, "unexplained"))
        for target in sorted(set(support) - linked):
            links.append(Link(sid, name, "support", target, "stale-support", support[target]))
    return links


def problems(links: Iterable[Link]) -> list[Link]:
    """The links a curator must act on: unexplained ones and stale support entries."""
    return [link for link in links if link.status in ("unexplained", "stale-support")]
