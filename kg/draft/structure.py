"""The tree of a document: groups > units (actions, axes, objectives) > progress cells.

Found from the numbering the document uses, never from one document's layout:
numbered headings ("Catégorie 2 –", "2.3.", "1.1.A"), table rows whose first
cell is a number, and keyword mentions of sub-units ("objectif 1.1.B") whose
enclosing unit was found. Everything is kept as spans of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .codes import find_codes, pillar_cell, sdg_cell
from .normalise import fold
from .segment import GROUP_WORDS, UNIT_WORDS, YEAR, Cell, cells, headings, lines


@dataclass
class Group:
    id: str
    kind: str
    notation: str
    label: tuple[int, int]
    heading: tuple[int, int]
    parent: str | None = None


@dataclass
class Unit:
    notation: str
    kind: str
    title: tuple[int, int]
    heading: tuple[int, int]
    body: tuple[int, int]
    group: str | None = None
    parent: str | None = None
    flags: list[str] = field(default_factory=list)
    # table rows: cells by role
    pillar_cells: list[Cell] = field(default_factory=list)
    code_cells: list[Cell] = field(default_factory=list)
    responsible_cells: list[Cell] = field(default_factory=list)
    progress_cells: list[tuple[Cell, str | None, bool]] = field(default_factory=list)  # (cell, period, guessed)


@dataclass
class Structure:
    groups: list[Group]
    units: list[Unit]
    table_years: list[str]


def _from_headings(text: str) -> tuple[list[Group], list[Unit]]:
    all_lines = lines(text)
    hs = headings(text, all_lines)
    multilevel = sum(1 for h in hs if h.keyword is None and h.depth >= 2 and not h.question) >= 3
    groups: list[Group] = []
    units: list[Unit] = []
    breaks: list[int] = []
    seen: set[str] = set()
    run, prefix = 1, ""
    for h in hs:
        span = (h.line.start, h.line.end)
        if h.question:
            breaks.append(h.line.start)
            continue
        if h.keyword in GROUP_WORDS:
            kind = GROUP_WORDS[h.keyword]
            gid = f"{kind[:3]}-{h.notation.replace('.', '-').lower()}"
            if all(g.id != gid for g in groups):
                groups.append(Group(gid, kind, h.notation, (h.title_start, h.title_end), span))
                breaks.append(h.line.start)
            continue
        if h.keyword is None and h.depth == 1 and multilevel:
            continue   # a numbered list inside a section of a multi-level plan
        kind = UNIT_WORDS.get(h.keyword or "", "action")
        notation = h.notation.upper() if h.notation[-1].isalpha() else h.notation
        flags = []
        if prefix + notation in seen:
            run += 1
            prefix = f"r{run}-"
        if prefix:
            flags.append(f"the numbering restarts: notation {notation} qualified as {prefix}{notation}; check it")
        notation = prefix + notation
        if notation in seen:
            continue
        seen.add(notation)
        units.append(Unit(notation, kind, (h.title_start, h.title_end), span, (h.line.end, h.line.end), flags=flags))
        breaks.append(h.line.start)
    breaks = sorted(set(breaks)) + [len(text)]
    for u in units:
        nxt = next(b for b in breaks if b > u.heading[0])
        u.body = (u.heading[1], nxt)
    return groups, units


def _mentions(text: str, units: list[Unit]) -> list[Unit]:
    """Sub-units the text names by keyword and notation ("objectif 1.1.B") under a unit already found."""
    by_notation = {u.notation: u for u in units}
    out: list[Unit] = []
    kws = "|".join(list(UNIT_WORDS) + ["point"])
    num = r"\d{1,2}(?:\.\d{1,2})*(?:\.[a-z])?"
    folded = fold(text)
    for m in re.finditer(rf"\b({kws})s?\s+({num}(?:\s*(?:,|\bet\b|\band\b)\s*{num})*)\b", folded):
        word = UNIT_WORDS.get(m.group(1), "objective")
        for n in re.finditer(num, m.group(2)):
            a, b = m.start(2) + n.start(), m.start(2) + n.end()
            notation = text[a:b].upper()
            if notation in by_notation or not (notation[-1].isalpha() or notation.count(".") >= 2):
                continue
            parent = notation.rsplit(".", 1)[0]
            if parent not in by_notation:
                continue
            p = by_notation[parent]
            kind = "objective" if notation[-1].isalpha() else word
            u = Unit(notation, kind, (m.start(), b), (m.start(), b), (m.start(), b), group=p.group, parent=parent,
                     flags=["only mentioned in the text: the title is the mention; write the unit's own title"])
            by_notation[notation] = u
            out.append(u)
    return out


def _period(line: str) -> str:
    """ "2017" -> "2017"; "2022 - 2023" -> "2022/2023". """
    m = YEAR.match(line)
    return m.group(1) + (f"/{m.group(2)}" if m.group(2) else "")


def _column_year(years: list[str], col: int) -> str | None:
    """The period of the ``col``-th progress column: the table's year headings in order, then the years after."""
    if col < len(years):
        return years[col]
    if years and years[-1].isdigit():
        return str(int(years[-1]) + col - len(years) + 1)
    return None


_ROW_NUM = re.compile(r"^\d{1,3}$")


def _principle_cell(cell: Cell) -> bool:
    codes = find_codes(cell.text)
    return bool(codes) and codes[0].kind in {"principle", "principle-code"} and codes[0].start < 6


def _short_lines(cell: Cell) -> bool:
    ls = [x.strip() for x in cell.text.split("\n") if x.strip()]
    return bool(ls) and all(len(x.split()) <= 10 and not x.endswith((".", ";")) for x in ls) and len(ls) <= 12


def _from_table(text: str) -> tuple[list[Unit], list[str]]:
    cs = cells(text, lines(text))
    starts = [i for i, c in enumerate(cs) if _ROW_NUM.match(c.text)]
    # a row number continues the sequence; stray numbers in cells are not rows
    rows, prev = [], 0
    for i in starts:
        n = int(cs[i].text)
        after_codes = i > 0 and (_principle_cell(cs[i - 1]) or pillar_cell(cs[i - 1].text) is not None)
        if (n > prev and n - prev <= 50 and not after_codes and i + 1 < len(cs)
                and sum(ch.isalpha() for ch in cs[i + 1].text) >= 10):
            rows.append(i)
            prev = n
    if len(rows) < 3:
        return [], []
    years = sorted({_period(c.text.split("\n", 1)[0]) for c in cs if YEAR.match(c.text.split("\n", 1)[0])})
    units = []
    for k, i in enumerate(rows):
        end = rows[k + 1] if k + 1 < len(rows) else len(cs)
        row = cs[i:end]
        units.extend(_row_units(text, row, years))
    # rows whose number was lost: fill the gap when a row holds a second title + codes block
    return _renumber(units), years


def _row_units(text: str, row: list[Cell], years: list[str]) -> list[Unit]:
    num = row[0]
    out: list[Unit] = []
    u: Unit | None = None
    period: str | None = None
    explicit = False
    col = 0
    for c in row[1:] + [None]:
        if c is None:
            break
        if u is None:
            u = Unit(num.text, "action", (c.start, c.end), (num.start, c.end), (num.start, row[-1].end))
            out.append(u)
            continue
        code_like = pillar_cell(c.text) is not None or _principle_cell(c) or sdg_cell(c.text) is not None
        if code_like and (u.progress_cells or u.responsible_cells):
            if True:
                # a second row whose number was lost: its title is the last text cell before the codes
                last_cell, _, _ = u.progress_cells.pop() if u.progress_cells else (u.responsible_cells.pop(), None, False)
                u = Unit("?", "action", (last_cell.start, last_cell.end), (last_cell.start, last_cell.end),
                         (last_cell.start, row[-1].end), flags=["the row's number is missing: notation inferred from the order"])
                out.append(u)
                period, explicit, col = None, False, 0
        if pillar_cell(c.text) is not None:
            u.pillar_cells.append(c)
            continue
        if _principle_cell(c) or (sdg_cell(c.text) is not None and not u.responsible_cells and not u.progress_cells):
            u.code_cells.append(c)
            continue
        first = c.text.split("\n", 1)[0]
        if YEAR.match(first):
            period, explicit = _period(first), True
            if "\n" not in c.text.strip():
                continue
            rest = c.start + len(first) + 1
            while rest < c.end and text[rest].isspace():
                rest += 1
            c = Cell(rest, c.end, text[rest:c.end])
        if not c.text.strip():
            col += 1 if u.responsible_cells or u.progress_cells else 0
            continue
        if not u.responsible_cells and (u.code_cells or u.pillar_cells) and _short_lines(c) and not u.progress_cells:
            u.responsible_cells.append(c)
            continue
        if explicit:
            u.progress_cells.append((c, period, False))
        else:
            guess = _column_year(years, col)
            u.progress_cells.append((c, guess, True))
            col += 1
    return out


def _renumber(units: list[Unit]) -> list[Unit]:
    prev = 0
    for u in units:
        if u.notation == "?":
            u.notation = str(prev + 1)
        prev = int(u.notation) if u.notation.isdigit() else prev
    seen, out = set(), []
    for u in units:
        if u.notation not in seen:
            seen.add(u.notation)
            out.append(u)
    return out


def structure(text: str) -> Structure:
    groups, units = _from_headings(text)
    table_units, years = _from_table(text)
    known = {u.notation for u in units}
    units += [u for u in table_units if u.notation not in known]
    gby = {g.notation: g for g in groups}
    uby = {u.notation: u for u in units}
    for u in units:
        if "." in u.notation and not u.notation.startswith("r"):
            head = u.notation.rsplit(".", 1)[0]
            if head in uby:
                u.parent = head
            top = u.notation.split(".")[0]
            if top in gby:
                u.group = gby[top].id
    for u in units:   # inherit the group of the enclosing unit
        p = u
        while p.group is None and p.parent in uby:
            p = uby[p.parent]
        u.group = p.group
    units += _mentions(text, units)
    parents = {u.parent for u in units if u.parent}
    for u in units:
        if u.kind == "action" and u.notation in parents and u.notation[-1].isdigit():
            u.kind = "axis"
            u.flags.append("kind 'axis' guessed: the unit has numbered sub-units")
        if u.notation[-1].isalpha() and u.kind == "action":
            u.kind = "objective"
    units.sort(key=lambda u: u.heading[0])
    return Structure(groups, units, years)
