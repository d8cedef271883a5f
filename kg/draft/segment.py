"""Blocks of a document's text: lines, numbered headings, table cells.

Plain-text exports of plans lose the borders of their tables; what is left is
a tab at the start of each cell. A "cell" here is a tab-opened line and the
untabbed lines that follow it. A numbered heading is a line opened by a
notation (``1``, ``2.3``, ``1.1.A``), optionally after a keyword
("Catégorie 2 –", "Axe 1.2", "Action 13"). Nothing here knows one document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import fold

# Words that open a numbered heading, folded, mapped to what they number.
GROUP_WORDS = {
    "categorie": "category", "category": "category", "priorite": "priority", "priority": "priority",
    "axe": "axis", "axis": "axis", "partie": "part", "part": "part", "chapitre": "part", "chapter": "part",
    "titre": "part", "volet": "part", "pilier": "part", "domaine": "category", "theme": "category",
    "orientation": "priority", "section": "part",
}
UNIT_WORDS = {
    "action": "action", "mesure": "action", "measure": "action", "engagement": "action",
    "objectif": "objective", "objective": "objective", "recommandation": "action", "recommendation": "action",
}
_KW = "|".join(sorted(set(GROUP_WORDS) | set(UNIT_WORDS), key=len, reverse=True))
HEADING = re.compile(
    rf"^(?P<lead>[ \t]*(?:\*\*)?[ \t]*)(?:(?P<kw>{_KW})s?[ \t]+(?:n[°o][ \t]*)?)?"
    r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,3}(?:\.[a-z])?)(?P<dot>\.?)(?=[\s:)\-–—*])"
    r"[ \t]*(?:[:)\-–—][ \t]*)?(?:\*\*[ \t]*)?(?P<title>\S.*?)?[ \t]*$")


@dataclass
class Line:
    start: int
    end: int          # end of the text, before the newline
    text: str


def lines(text: str) -> list[Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


@dataclass
class Heading:
    line: Line
    keyword: str | None      # folded keyword ("categorie") or None
    notation: str            # as written, trailing dot dropped: "2.3", "1.1.A"
    title_start: int
    title_end: int
    dotted: bool
    question: bool = False   # a numbered question: ends a section, is not a unit

    @property
    def depth(self) -> int:
        return self.notation.count(".") + 1


def headings(text: str, all_lines: list[Line]) -> list[Heading]:
    """Candidate numbered headings: line-opening notations followed by a title.

    Questions (title ends with '?') are marked: they end a section but are not
    units. Skipped: table-of-contents entries (title ends with a tab and a page number), long paragraphs.
    """
    folded = fold(text)
    out = []
    for ln in all_lines:
        if not ln.text.strip() or len(ln.text) > 600:
            continue
        m = HEADING.match(folded[ln.start:ln.end])
        if not m or not m.group("title"):
            continue
        title = ln.text[m.start("title"):m.end("title")]
        if re.search(r"\t\s*\d{1,3}\s*$", ln.text):
            continue
        question = title.rstrip("* ").endswith("?")
        if not any(c.isalpha() for c in title[:40]):
            continue
        kw = m.group("kw")
        num = ln.text[m.start("num"):m.end("num")]
        if kw is None and "." not in num and not m.group("dot") and "\t" not in ln.text[m.end("num"):m.start("title")]:
            continue  # "12 entreprises ont..." is a sentence, not a heading
        if kw is None and re.match(r"(19|20)\d\d$", num):
            continue
        ts, te = ln.start + m.start("title"), ln.start + m.end("title")
        while te > ts and text[te - 1] in "* \t":
            te -= 1
        out.append(Heading(ln, kw, num, ts, te, bool(m.group("dot")), question))
    return out


@dataclass
class Cell:
    start: int        # after the opening tab
    end: int          # trailing whitespace dropped
    text: str


def cells(text: str, all_lines: list[Line]) -> list[Cell]:
    """Tab-opened cells of tables whose borders were lost, in text order."""
    out: list[Cell] = []
    cur: list[int] | None = None

    def close():
        if cur is not None:
            s, e = cur
            while e > s and text[e - 1].isspace():
                e -= 1
            while s < e and text[s] in " \t":
                s += 1
            out.append(Cell(s, e, text[s:e]))

    for ln in all_lines:
        if ln.text.startswith("\t") or (ln.text.startswith(" ") and "\t" in ln.text[:3]):
            close()
            cur = [ln.start + ln.text.index("\t") + 1, ln.end]
        elif cur is not None:
            cur[1] = ln.end if ln.text.strip() or cur[1] == ln.start - 1 else cur[1]
            if ln.text.strip():
                cur[1] = ln.end
    close()
    return out


YEAR = re.compile(r"^\s*((?:19|20)\d\d)(?:\s*[-/–]\s*((?:19|20)\d\d))?\s*:?\s*$")
# "SPF Economie :" / "Institution : " opening a paragraph: a short name then a colon.
OPENING = re.compile(r"^[ \t·•*\-]*(?P<name>[A-ZÀ-Ý][^\n:.;!?]{1,80}?)\s*:\s*(?=\S|$)")


def opening_name(line: str) -> tuple[int, int] | None:
    """(start, end) in ``line`` of an "Institution :" opening, or None."""
    m = OPENING.match(line)
    if not m:
        return None
    name = m.group("name")
    words = name.split()
    if "(" in name or re.search(r"(?i)\b(sur|pour|de|des|du|à|avec|dans|par|en|suivants?|notamment|exemple)$", name):
        return None
    if len(words) > 8 or re.match(r"(?i)(FR|NL|EN|DE|http|Plus d|Note|NB|Exemple|Objectifs?|Prochaine)\b", name):
        return None
    return m.start("name"), m.end("name")


def progress_paragraphs(text: str, s: int, e: int):
    """(start, end, reporter start, reporter end) of each paragraph of a progress cell.

    A paragraph opens at an "Institution :" line, or a cell's first line that is
    a short name alone (the reporter of what follows).
    """
    out, cur, rep = [], None, None
    pos = s
    first = True
    for raw in text[s:e].split("\n"):
        ls, le = pos, pos + len(raw)
        pos = le + 1
        op = opening_name(raw)
        alone = first and raw.strip() and len(raw.split()) <= 8 and not raw.rstrip().endswith((".", ";")) \
            and pos < e and raw.strip()[0].isupper()
        first = False
        if op or alone:
            if cur is not None:
                out.append((cur, ls - 1, *rep) if rep else (cur, ls - 1, None, None))
            if op:
                rep = (ls + op[0], ls + op[1])
                colon = text.index(":", ls + op[1]) + 1
                cur = colon
            else:
                lead = len(raw) - len(raw.lstrip())
                rep = (ls + lead, ls + len(raw.rstrip()))
                cur = pos
            continue
        if cur is None:
            cur = ls
    if cur is not None and cur < e:
        out.append((cur, e, *rep) if rep else (cur, e, None, None))
    res = []
    for ps, pe, rs, re_ in out:
        while ps < pe and text[ps].isspace():
            ps += 1
        while pe > ps and text[pe - 1].isspace():
            pe -= 1
        if pe > ps:
            res.append((ps, pe, rs, re_))
    return res
