"""Tables on pages for people: sorted by any column, paged past 100 rows, downloadable as CSV and JSON.

A :class:`Table` holds every row; the request says how to show it, by
parameters named after the table (``actions_sort=title``,
``actions_order=desc``, ``actions_page=2``), or asks for all its rows as a
file (``download=actions&format=csv`` or ``json``), in the order shown.
Cells are text, numbers, :class:`Link` or lists of them; a CSV cell of links
is their labels joined by "; ", with their IRIs in a column beside it.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from typing import Any

from flask import Response, request
from werkzeug.exceptions import BadRequest

from kg.pages.common import natural_key

PER_PAGE = 100


@dataclass
class Link:
    text: str
    href: str | None = None
    iri: str | None = None
    lang: str = ""
    fallback: bool = False
    note: str = ""


@dataclass
class Column:
    key: str
    title: str
    numeric: bool = False
    sortable: bool = True


def text_of(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Link):
        return cell.text + (f" ({cell.note})" if cell.note else "")
    if isinstance(cell, (list, tuple)):
        return "; ".join(text_of(c) for c in cell)
    return str(cell)


def iris_of(cell: Any) -> str | None:
    if isinstance(cell, Link):
        return cell.iri
    if isinstance(cell, (list, tuple)) and any(isinstance(c, Link) for c in cell):
        return "; ".join(c.iri or "" for c in cell if isinstance(c, Link))
    return None


def _key(cell: Any, numeric: bool):
    if numeric:
        try:
            return (0, float(text_of(cell) or "nan"))
        except ValueError:
            return (1, 0.0)
    return natural_key(text_of(cell).casefold())


@dataclass
class Table:
    name: str
    columns: list[Column]
    rows: list[dict]
    caption: str = ""
    default_sort: str | None = None
    view_rows: list[dict] = field(default_factory=list)
    page: int = 1
    pages: int = 1
    sort: str | None = None
    desc: bool = False

    def arrange(self) -> "Table":
        """Apply the request's sort and page to the rows shown (400 for a bad parameter)."""
        keys = {c.key: c for c in self.columns}
        sort = request.args.get(f"{self.name}_sort") or None
        if sort is not None and sort not in keys:
            raise BadRequest(f"{self.name}_sort must be one of: {', '.join(keys)}")
        order = request.args.get(f"{self.name}_order", "asc")
        if order not in ("asc", "desc"):
            raise BadRequest(f"{self.name}_order must be asc or desc")
        self.sort, self.desc = sort, order == "desc"
        rows = list(self.rows)
        if sort:
            rows.sort(key=lambda r: _key(r.get(sort), keys[sort].numeric), reverse=self.desc)
        self.rows = rows
        try:
            self.page = int(request.args.get(f"{self.name}_page", 1))
        except ValueError:
            raise BadRequest(f"{self.name}_page must be a whole number") from None
        self.pages = max(1, math.ceil(len(rows) / PER_PAGE))
        if not 1 <= self.page <= self.pages:
            raise BadRequest(f"{self.name}_page must be between 1 and {self.pages}")
        self.view_rows = rows[(self.page - 1) * PER_PAGE: self.page * PER_PAGE]
        return self

    def url(self, **changes) -> str:
        """This page with the table's parameters changed (None removes one)."""
        args = request.args.copy()
        for k, v in changes.items():
            name = f"{self.name}_{k}"
            args.pop(name, None)
            if v is not None:
                args[name] = str(v)
        from urllib.parse import urlencode

        return request.path + ("?" + urlencode(list(args.items(multi=True))) if args else "")

    def sort_url(self, key: str) -> str:
        desc = self.sort == key and not self.desc
        return self.url(sort=key, order="desc" if desc else None, page=None)

    def download_url(self, fmt: str) -> str:
        from urllib.parse import urlencode

        args = request.args.copy()
        args["download"] = self.name
        args["format"] = fmt
        return request.path + "?" + urlencode(list(args.items(multi=True)))

    def records(self) -> list[dict]:
        out = []
        for r in self.rows:
            rec = {}
            for c in self.columns:
                cell = r.get(c.key)
                rec[c.key] = cell if isinstance(cell, (int, float)) and not isinstance(cell, bool) else text_of(cell)
                iris = iris_of(cell)
                if iris is not None:
                    rec[c.key + "_iri"] = iris
            out.append(rec)
        return out

    def download(self, fmt: str) -> Response:
        recs = self.records()
        fields: list[str] = []
        for c in self.columns:
            fields.append(c.key)
            if any(c.key + "_iri" in r for r in recs):
                fields.append(c.key + "_iri")
        if fmt == "json":
            body = json.dumps({"ok": True, "table": self.name, "columns": fields, "count": len(recs), "data": recs},
                              ensure_ascii=False)
            resp = Response(body, mimetype="application/json")
        else:
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore", lineterminator="\r\n")
            w.writeheader()
            w.writerows(recs)
            resp = Response(buf.getvalue(), mimetype="text/csv")
            resp.headers["Content-Disposition"] = f'attachment; filename="{self.name}.csv"'
        return resp


def downloaded(tables: list[Table]) -> Response | None:
    """The file a request asks for with ``download=<table>&format=csv|json``, or None."""
    name = request.args.get("download")
    if name is None:
        return None
    fmt = request.args.get("format", "csv")
    if fmt not in ("csv", "json"):
        raise BadRequest("format must be csv or json")
    for t in tables:
        if t.name == name:
            return t.arrange().download(fmt)
    raise BadRequest(f"no table {name!r} on this page; tables: {', '.join(t.name for t in tables)}")


def download_or_arrange(tables: list[Table]) -> Response | None:
    """The file the request asks for (``downloaded``), or None after sorting and paging every table for the page."""
    file = downloaded(tables)
    if file is None:
        for t in tables:
            t.arrange()
    return file


def page_openapi(path: str, summary: str, name: str, example: str, tables: list[str]) -> dict:
    """The OpenAPI entry of a purpose-built page: its path parameter and its downloadable tables."""
    return {path: {"get": {
        "summary": summary,
        "parameters": [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}, "example": example},
                       {"name": "download", "in": "query", "required": False, "schema": {"enum": tables}},
                       {"name": "format", "in": "query", "required": False, "schema": {"enum": ["csv", "json"]}}],
        "responses": {"200": {"description": "The page, or a table as CSV or JSON.",
                              "content": {"text/html": {"schema": {"type": "string"}},
                                          "text/csv": {"schema": {"type": "string"}},
                                          "application/json": {"schema": {"type": "object"}}}},
                      "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"},
                      "503": {"$ref": "#/components/responses/Error"}}}}}
