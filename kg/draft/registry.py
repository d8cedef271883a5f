"""The registries a draft links to: actors.yaml, instruments.yaml and the reference vocabularies.

Every label and alternative label in every language is a name of its record.
``exclude_source`` drops the records whose evidence comes only from that
source (the leave-one-out benchmark drafts a document as if it were new).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..records import ACTORS_FILE, INSTRUMENTS_FILE, load_yaml
from .codes import registry_numbers


@dataclass
class Entry:
    id: str
    kind: str                  # actor | instrument
    type: str
    names: list[str]
    numbers: set[tuple[str, str]] = field(default_factory=set)
    country: str | None = None


@dataclass
class Registry:
    entries: dict[str, Entry]


def _names(rec: dict) -> list[str]:
    out = list(rec.get("label", {}).values())
    for alts in (rec.get("alt") or {}).values():
        out.extend(alts)
    return [n for n in dict.fromkeys(out) if n and n.strip()]


def _only_from(rec: dict, source: str | None) -> bool:
    if source is None:
        return False
    srcs = {ev.get("source") for ev in rec.get("evidence", [])}
    return srcs == {source}


def _own_numbers(names: list[str]) -> set[tuple[str, str]]:
    """The numbers a record is named by: those its names give most often.

    A long label also cites what it amends ("amending Directive 2013/34/EU");
    the short names repeat only the record's own number.
    """
    counts: dict[tuple[str, str], int] = {}
    for n in names:
        for k in registry_numbers(n):
            counts[k] = counts.get(k, 0) + 1
    if not counts:
        return set()
    top = max(counts.values())
    return {k for k, c in counts.items() if c == top}


def _vocab_instruments(path: Path) -> list[Entry]:
    """The top-level reference instruments of ``path``, named like YAML records; ILO notations ("C187") add their number."""
    from ..duplicates import reference_instruments

    out = []
    for rec in reference_instruments(path):
        e = Entry(rec["id"], "instrument", "reference", _names(rec))
        e.numbers = _own_numbers(e.names)
        for note in rec["notation"]:
            v = note.lower()
            if v[:1] in "cp" and v[1:].isdigit():
                e.numbers.add(("ilo", f"{v[0]}{int(v[1:]):03d}"))
        out.append(e)
    return out


def load_registry(data_dir: Path | str, exclude_source: str | None = None, vocab: Path | None = None) -> Registry:
    """``data_dir``'s actors and instruments, then the reference instruments of ``vocab`` (default: the shipped vocabularies)."""
    if vocab is None:
        from ..build import VOCABULARIES_FILE as vocab
    data_dir = Path(data_dir)
    entries: dict[str, Entry] = {}
    for fname, kind in ((ACTORS_FILE, "actor"), (INSTRUMENTS_FILE, "instrument")):
        p = data_dir / fname
        if not p.is_file():
            continue
        for rec in load_yaml(p)[0] or []:
            if _only_from(rec, exclude_source):
                continue
            e = Entry(rec["id"], kind, rec.get("type", ""), _names(rec), country=rec.get("country"))
            e.numbers = _own_numbers(e.names)
            entries[e.id] = e
    if vocab.is_file():
        for e in _vocab_instruments(vocab):
            entries.setdefault(e.id, e)
    return Registry(entries)
