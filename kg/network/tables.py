"""Answers as tables: rows of plain values, written as text, CSV or JSON.

A :class:`Table` is what the CLI prints and the service returns: named
columns, rows (dicts), and ``meta`` saying how the answer was computed
(projection, measure, normalisation, filters, graph size, sample, seed).
In CSV and text a list in a cell is joined with ``" | "``; JSON keeps lists.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

LIST_SEPARATOR = " | "


@dataclass
class Table:
    """Columns, rows and how they were computed.

    >>> t = Table(["label", "value"], [{"label": "a", "value": 0.5}, {"label": "b", "value": 0.25}], {"measure": "x"})
    >>> print(t.to_csv(), end="")
    label,value
    a,0.5
    b,0.25
    >>> t.head(1).rows
    [{'label': 'a', 'value': 0.5}]
    """

    columns: list[str]
    rows: list[dict[str, Any]]
    meta: dict[str, Any] = field(default_factory=dict)
    display: list[str] | None = None  # the columns a terminal shows (all when None)

    def head(self, n: int | None) -> "Table":
        """The first ``n`` rows (all when None); ``meta`` says how many there were."""
        if n is None or n >= len(self.rows):
            return self
        return Table(self.columns, self.rows[:n], {**self.meta, "rows_total": len(self.rows), "top": n}, self.display)

    def as_json(self) -> dict:
        return {"meta": self.meta, "columns": self.columns, "rows": self.rows}

    def to_json(self) -> str:
        return json.dumps(self.as_json(), ensure_ascii=False, indent=1)

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(self.columns)
        for r in self.rows:
            w.writerow([_cell(r.get(c)) for c in self.columns])
        return buf.getvalue()

    def to_text(self, *, width: int = 48) -> str:
        """An aligned plain-text table of the display columns (long cells cut at ``width``), then the meta lines."""
        columns = self.display or self.columns
        cells = [[_short(_cell(r.get(c), digits=4), width) for c in columns] for r in self.rows]
        widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
        lines = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(columns)).rstrip(),
                 "  ".join("-" * w for w in widths)]
        lines += ["  ".join(v.ljust(widths[i]) for i, v in enumerate(row)).rstrip() for row in cells]
        if not self.rows:
            lines.append("(no rows)")
        notes = [f"{k}: {v}" for k, v in self.meta.items() if v not in (None, "", [])]
        return "\n".join(lines + ([""] + notes if notes else []))


def _cell(v: Any, *, digits: int | None = None) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and digits is not None:
        return f"{v:.{digits}f}"
    if isinstance(v, (list, tuple)):
        return LIST_SEPARATOR.join(_cell(x) if not isinstance(x, (list, tuple)) else " & ".join(map(str, x)) for x in v)
    return str(v)


def _short(s: str, width: int) -> str:
    return s if len(s) <= width else s[: width - 1] + "…"
