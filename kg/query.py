"""Named queries from ``queries/`` and result formatting for the CLI.

A query file has a header of ``# key: value`` comments (title, answers,
param); parameters are bound as RDF terms, never spliced into the text.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.query import Result

from .errors import QueryError
from .namespaces import PREFIXES
from .settings import ROOT
from .store import QueryResult

QUERIES_DIR = ROOT / "queries"


@dataclass
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    answers: str = ""
    params: dict[str, str] = field(default_factory=dict)


def parse_header(name: str, path: Path, text: str) -> NamedQuery:
    q = NamedQuery(name=name, path=path, text=text)
    for line in text.splitlines():
        m = re.match(r"#\s*(title|answers|param):\s*(.*)", line)
        if not m:
            if line.strip() and not line.startswith("#"):
                break
            continue
        key, value = m.groups()
        if key == "param":
            if value.strip() != "none":
                pname, _, help_ = value.strip().partition(" ")
                q.params[pname] = help_.strip()
        else:
            setattr(q, key, value.strip())
    return q


def named_queries(folder: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every ``*.rq`` file of ``folder`` by its stem."""
    return {p.stem: parse_header(p.stem, p, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))}


def resolve(text_or_ref: str) -> str:
    """A query given as text, ``@file.rq`` or ``@name`` of a shipped query."""
    if not text_or_ref.startswith("@"):
        return text_or_ref
    ref = text_or_ref[1:]
    p = Path(ref)
    if p.exists():
        return p.read_text(encoding="utf-8")
    shipped = named_queries()
    stem = Path(ref).stem
    if stem in shipped:
        return shipped[stem].text
    raise QueryError(f"no query file {ref!r} (shipped queries: {', '.join(shipped)})")


def parse_binding(spec: str) -> tuple[str, URIRef | Literal]:
    """``name=value``: an IRI if value looks like one (or is <...>), else a plain literal."""
    name, sep, value = spec.partition("=")
    if not sep or not name:
        raise QueryError(f"parameter {spec!r} is not name=value")
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return name.strip(), URIRef(value[1:-1])
    if re.match(r"^https?://\S+$", value):
        return name.strip(), URIRef(value)
    for prefix, ns in PREFIXES.items():
        if value.startswith(prefix + ":"):
            return name.strip(), URIRef(ns + value[len(prefix) + 1:])
    return name.strip(), Literal(value)


def to_rdflib_result(res: QueryResult) -> Result:
    """The result as an rdflib Result, so rdflib's own serialisers write it."""
    r = Result(res.kind if res.kind != "CONSTRUCT" else "CONSTRUCT")
    if res.kind == "SELECT":
        r.vars = [Variable(v) for v in res.vars]
        r.bindings = [{Variable(k): v for k, v in d.items()} for d in res.dicts()]
    elif res.kind == "ASK":
        r.askAnswer = bool(res.boolean)
    else:
        r.graph = res.graph
    return r


def _short(term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        s = str(term)
        for p, ns in PREFIXES.items():
            if s.startswith(ns) and len(s) > len(ns):
                return f"{p}:{s[len(ns):]}"
        return f"<{s}>"
    return str(term)


def format_result(res: QueryResult, fmt: str, *, max_width: int = 60) -> str:
    """Render as ``table``, ``csv``, ``tsv``, ``json`` (SPARQL results JSON), ``xml`` or ``ttl``."""
    if res.kind == "CONSTRUCT":
        if fmt not in ("ttl", "table", "nt", "jsonld"):
            raise QueryError(f"a CONSTRUCT or DESCRIBE result can be written as ttl, nt or jsonld, not {fmt}")
        g: Graph = res.graph
        for p, ns in PREFIXES.items():
            g.bind(p, ns)
        return g.serialize(format={"ttl": "turtle", "table": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
    if fmt == "ttl":
        raise QueryError("ttl output is for CONSTRUCT or DESCRIBE queries; use table, csv, tsv, json or xml")
    if fmt in ("csv", "tsv", "json", "xml"):
        buf = io.BytesIO()
        to_rdflib_result(res).serialize(buf, format=fmt)
        return buf.getvalue().decode("utf-8")
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r}: use table, csv, tsv, json, xml or ttl")
    if res.kind == "ASK":
        return "yes" if res.boolean else "no"
    cells = [[_short(t) for t in row] for row in res.rows]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(res.vars)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    out = [line(res.vars), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(res.rows)} row{'s' if len(res.rows) != 1 else ''}{', cut at the row limit' if res.truncated else ''})")
    return "\n".join(out)

