"""Codes parsed by pattern, each with the span it came from.

Generic patterns, not one document's: UNGP principles ("PO 26 & 27",
"principe 15", "OP 3C"), UNGP pillars ("pilier II", a table cell "I & III"),
SDGs ("ODD 8.7", "cible 8.7", "objectif de développement durable n° 5", a
table cell "5-8-12-16"), ILO conventions and protocols ("Convention n°187",
"C029", "Protocole (P29)"), EU directives and regulations by number
("directive (UE) 2019/1937"), national laws by number ("loi n° 2017-399").

>>> [(c.kind, c.value) for c in find_codes("PO 26 & 27 ; ODD 8.7 et cible 5.2")]
[('principle', '26'), ('principle', '27'), ('sdg', '8.7'), ('sdg', '5.2')]
>>> [(c.kind, c.value) for c in find_codes("OP 3C, 3D, 8 & 18")]
[('principle-code', 'OP 3C'), ('principle-code', 'OP 3D'), ('principle', '8'), ('principle', '18')]
>>> [(c.kind, c.value) for c in find_codes("la loi n° 2017-399 et la directive (UE) 2019/1937")]
[('law', '2017-399'), ('eu', '2019/1937')]
>>> [(c.kind, c.value) for c in find_codes("Conventions n°189 et n°156 ; C029 ; Protocole (P29)")]
[('ilo', 'c189'), ('ilo', 'c156'), ('ilo', 'c029'), ('ilo', 'p029')]
>>> sdg_cell("5-8-12-16"), sdg_cell("2017"), pillar_cell("I & III")
(['5', '8', '12', '16'], None, ['I', 'III'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    kind: str      # principle | principle-code | pillar | sdg | ilo | eu | law
    value: str     # "26", "OP 3C", "II", "8.7", "c029", "2019/1937", "2017-399"
    start: int
    end: int


_SEP = r"\s*(?:&|,|;|/|\bet\b|\band\b|\bà\b|-)\s*"
_NUM_LIST = rf"\d{{1,2}}[A-Z]?(?:{_SEP}\d{{1,2}}[A-Z]?)*"
_PRINCIPLE = re.compile(
    rf"\b(?P<key>PO|OP|GP|PD|[Pp]rincipes?(?:\s+(?:directeurs?|op[ée]rationnels?|fondamentaux))?)"
    rf"\s*(?:n\s*[°ºo]\.?\s*)?(?P<nums>{_NUM_LIST})\b")
_SDG_KEY = re.compile(
    r"\b(?:ODD|SDGs?|cibles?|targets?|objectifs?\s+de\s+d[ée]veloppement\s+durable|sustainable\s+development\s+goals?)"
    r"\s*(?:\(ODD\)\s*|\(SDGs?\)\s*)?(?:n\s*[°ºo]\.?\s*|no\.?\s*)?"
    r"(?P<nums>\d{1,2}(?:\.[0-9a-z]{1,2})?(?:\s*(?:&|,|\bet\b|\band\b)\s*\d{1,2}(?:\.[0-9a-z]{1,2})?)*)", re.I)
_PILLAR = re.compile(r"\b(?:pilier|pillar)s?\s+(?P<nums>(?:I{1,3}|[123])(?:\s*(?:&|,|\bet\b|\band\b)\s*(?:I{1,3}|[123]))*)\b", re.I)
_ILO_CONV = re.compile(
    r"\b(?P<kind>conventions?|protocoles?|protocols?)\b(?:\s+(?:de\s+l['’]OIT|of\s+the\s+ILO|fondamentales?))?"
    r"\s*(?P<nums>(?:\(?\s*(?:n\s*[°ºo]\.?\s*|no\.?\s*|[CP]\s?)?\d{2,3}\s*\)?(?:\s*(?:&|,|\bet\b|\band\b)\s*)?)+)", re.I)
_ILO_CODE = re.compile(r"\b(?P<kind>[CP])0?(?P<num>\d{2,3})\b")
_EU = re.compile(
    r"\b(?:directive|r[èe]glement|regulation)s?\s*(?:d['’]ex[ée]cution\s*)?(?:\((?:UE|EU|CE|EC)\)\s*)?"
    r"(?:n\s*[°ºo]\.?\s*)?(?P<num>(?:19|20)\d{2}/\d{1,4})\b", re.I)
_LAW = re.compile(r"\b(?:loi|law|d[ée]cret|ordonnance|act)\b[^\n.;]{0,20}?(?:n\s*[°ºo]\.?\s*|no\.?\s*)?(?P<num>(?:19|20)\d{2}[-/]\d{1,5})\b", re.I)
_NUM = re.compile(r"\d{1,2}[A-Z]?")


def _principles(text: str, base: int) -> list[Code]:
    out = []
    for m in _PRINCIPLE.finditer(text):
        key = m.group("key")
        for n in _NUM.finditer(m.group("nums")):
            s, e = base + m.start("nums") + n.start(), base + m.start("nums") + n.end()
            v = n.group()
            if v.isdigit() and 1 <= int(v) <= 31:
                out.append(Code("principle", str(int(v)), s, e))
            elif not v.isdigit():
                out.append(Code("principle-code", f"{key} {v}", s, e))
    return out


def _sdgs(text: str, base: int) -> list[Code]:
    out = []
    for m in _SDG_KEY.finditer(text):
        for n in re.finditer(r"\d{1,2}(?:\.[0-9a-z]{1,2})?", m.group("nums")):
            goal = int(n.group().split(".")[0])
            if 1 <= goal <= 17:
                s = base + m.start("nums") + n.start()
                out.append(Code("sdg", n.group(), s, s + len(n.group())))
    return out


def _ilo(text: str, base: int) -> list[Code]:
    out, seen = [], set()
    for m in _ILO_CONV.finditer(text):
        proto = m.group("kind").lower().startswith("proto")
        for n in re.finditer(r"([CP]\s?)?(\d{2,3})", m.group("nums")):
            letter = (n.group(1) or ("P" if proto else "C")).strip().lower()
            s = base + m.start("nums") + n.start()
            seen.add(s)
            out.append(Code("ilo", f"{letter}{int(n.group(2)):03d}", s, s + len(n.group())))
    for m in _ILO_CODE.finditer(text):
        s = base + m.start()
        if not any(abs(s - x) <= 1 for x in seen):
            out.append(Code("ilo", f"{m.group('kind').lower()}{int(m.group('num')):03d}", s, base + m.end()))
    return out


def find_codes(text: str, base: int = 0) -> list[Code]:
    """Every code in ``text``; spans are offsets of ``text`` plus ``base``, in text order."""
    out = _principles(text, base) + _sdgs(text, base) + _ilo(text, base)
    for m in _PILLAR.finditer(text):
        for n in re.finditer(r"I{1,3}|[123]", m.group("nums")):
            v = n.group() if n.group().startswith("I") else "I" * int(n.group())
            s = base + m.start("nums") + n.start()
            out.append(Code("pillar", v, s, s + len(n.group())))
    for m in _EU.finditer(text):
        out.append(Code("eu", m.group("num"), base + m.start("num"), base + m.end("num")))
    eu_spans = {c.start for c in out if c.kind == "eu"}
    for m in _LAW.finditer(text):
        if base + m.start("num") not in eu_spans:
            out.append(Code("law", m.group("num").replace("/", "-"), base + m.start("num"), base + m.end("num")))
    return sorted(out, key=lambda c: c.start)


_SDG_CELL = re.compile(r"^\s*(\d{1,2}(?:\.[0-9a-z]{1,2})?)(\s*[-–,;/]\s*\d{1,2}(?:\.[0-9a-z]{1,2})?)*\s*$")
_PILLAR_CELL = re.compile(r"^\s*(I{1,3})(\s*(?:&|,|/|-|\bet\b)\s*I{1,3})*\s*$")


def sdg_cell(cell: str) -> list[str] | None:
    """The SDG goals of a table cell that holds only goal numbers ("5-8-12-16"), else None."""
    if not _SDG_CELL.match(cell):
        return None
    vals = re.findall(r"\d{1,2}(?:\.[0-9a-z]{1,2})?", cell)
    return vals if all(1 <= int(v.split(".")[0]) <= 17 for v in vals) else None


def pillar_cell(cell: str) -> list[str] | None:
    """The UNGP pillars of a table cell that holds only roman numerals I..III ("I & III"), else None."""
    return re.findall(r"I{1,3}", cell) if _PILLAR_CELL.match(cell) else None


def registry_numbers(label: str) -> set[tuple[str, str]]:
    """(kind, number) pairs a registry label carries, for linking codes found in a document."""
    return {(c.kind, c.value) for c in find_codes(label) if c.kind in {"ilo", "eu", "law"}}
