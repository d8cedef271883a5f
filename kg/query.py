"""Named queries from ``queries/``, their parameters, and the CLI's ``napkg query``.

A query file has a header of ``# key: value`` comments (title, answers,
param). A parameter whose help starts "IRI of the actor" (plan, action ...)
expects an IRI: it takes a bare id of that kind (``spf-justice``), a prefixed
name (``napid:actor/spf-justice``) or a full IRI, and anything else is an
error (exit 2, 400), never a literal that silently matches nothing.
Parameters are bound as RDF terms, never spliced into the text.

``napkg query`` runs the endpoint's own code (:func:`kg.sparql_exec.answer`):
the same pre-declared prefixes, guard and error messages. This module imports
no rdflib (the CLI starts in tens of milliseconds).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from .errors import QueryError
from .prefixes import PREFIXES, pasteable
from .resources import resource_dir

QUERIES_DIR = resource_dir("queries")

#: The kinds of napkg resources a bare id can name, and where their IRIs live under ``napid:``.
ID_KINDS = ("plan", "action", "actor", "group", "update", "instrument", "source")
_IRI_HELP = re.compile(r"^IRI of (?:the |a |an )?(\w+)", re.IGNORECASE)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_BARE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~\-]*(?:/[A-Za-z0-9._~\-]+)*$")
_PN_ESCAPE = re.compile(r"\\([_~.\-!$&'()*+,;=/?#@%])")
IRI_SCHEMES = ("http", "https", "urn", "mailto", "tag", "did")


@dataclass
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    answers: str = ""
    params: dict[str, str] = field(default_factory=dict)

    @property
    def expects(self) -> dict[str, str | None]:
        """Per parameter: the kind of resource whose IRI it takes (``actor``, ``plan`` ...), ``""`` for any IRI,
        None for a literal."""
        out = {}
        for name, help_ in self.params.items():
            m = _IRI_HELP.match(help_)
            out[name] = (m.group(1).lower() if m.group(1).lower() in ID_KINDS else "") if m else \
                ("" if help_.startswith("IRI") else None)
        return out


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


def resolve_query(text_or_ref: str) -> tuple[str, NamedQuery | None]:
    """A query given as text, ``@file.rq`` or ``@name`` of a shipped query; with its header if it has one."""
    if not text_or_ref.startswith("@"):
        return text_or_ref, None
    ref = text_or_ref[1:]
    p = Path(ref)
    if p.exists():
        text = p.read_text(encoding="utf-8")
        return text, parse_header(p.stem, p, text)
    shipped = named_queries()
    stem = Path(ref).stem
    if stem in shipped:
        return shipped[stem].text, shipped[stem]
    raise QueryError(f"no query file {ref!r} (shipped queries: {', '.join(shipped)})")


def resolve(text_or_ref: str) -> str:
    """The text of a query given as text, ``@file.rq`` or ``@name``."""
    return resolve_query(text_or_ref)[0]


def _is_iri(text: str) -> bool:
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(text)
    except ValueError:
        return False
    return True


def binding_term(name: str, value: str, expects: str | None = None, *,
                 prefixes: Mapping[str, str] = PREFIXES) -> tuple[str, str]:
    """``("iri", iri)`` or ``("literal", text)`` for parameter ``name`` given as ``value``.

    With ``expects`` None (the query takes any term): ``<...>``, ``http(s)://...``
    and napkg's prefixed names are IRIs, anything else a literal. With
    ``expects`` a kind (``actor``) or ``""`` (any IRI): an IRI, or a
    :class:`~kg.errors.QueryError` saying what is accepted.

    >>> binding_term("actor", "spf-justice", "actor")
    ('iri', 'https://w3id.org/napkg/id/actor/spf-justice')
    >>> binding_term("actor", "napid:actor/spf-justice", "actor")[1] == binding_term("actor", "<https://w3id.org/napkg/id/actor/spf-justice>", "actor")[1]
    True
    >>> binding_term("label", "spf-justice")
    ('literal', 'spf-justice')
    """
    value = value.strip()
    iri = None
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    else:
        m = _SCHEME.match(value)
        if m and m.group(1) in prefixes:
            iri = prefixes[m.group(1)] + _PN_ESCAPE.sub(r"\1", value[len(m.group(1)) + 1:])
        elif m and m.group(1).lower() in IRI_SCHEMES:
            iri = value
        elif expects is not None and m is None and _BARE_ID.match(value):
            if expects and not value.startswith(expects + "/"):
                iri = prefixes["napid"] + f"{expects}/{value}"
            elif expects:
                iri = prefixes["napid"] + value
    if iri is not None:
        if not _is_iri(iri):
            raise QueryError(f"parameter {name!r}: {iri!r} is not an absolute IRI")
        return "iri", iri
    if expects is None:
        return "literal", value
    what = f"an IRI of {'an' if expects[:1] in 'aeiou' else 'a'} {expects}" if expects else "an IRI"
    example = f"a bare id (e.g. {_EXAMPLES.get(expects, 'x')}), " if expects else ""
    m = _SCHEME.match(value)
    unknown = f"; '{m.group(1)}:' is not one of napkg's prefixes ({', '.join(prefixes)})" if m else ""
    raise QueryError(f"parameter {name!r} takes {what}: {example}a prefixed name (napid:{expects or 'actor'}/...) "
                     f"or a full IRI (<https://...>), not {value!r}{unknown}")


_EXAMPLES = {"actor": "spf-justice", "plan": "be-nap-bhr-2017", "action": "be-nap-bhr-2017/13"}


def parse_binding(spec: str, *, expects: str | None = None):
    """``name=value`` as ``(name, rdflib term)``: see :func:`binding_term` (for the JSON API)."""
    from rdflib import Literal, URIRef

    name, sep, value = spec.partition("=")
    if not sep or not name:
        raise QueryError(f"parameter {spec!r} is not name=value")
    kind, text = binding_term(name.strip(), value, expects)
    return name.strip(), URIRef(text) if kind == "iri" else Literal(text)


# ---------------------------------------------------------------- napkg query

#: ``--format`` of ``napkg query`` -> the formats of :mod:`kg.result_formats` per answer family.
CLI_FORMATS = {
    "table": {"results": "table", "graph": "turtle"},
    **{f: {"results": f, "graph": None} for f in ("csv", "tsv", "json", "xml")},
    **{cli: {"results": None, "graph": f} for cli, f in (("ttl", "turtle"), ("nt", "ntriples"), ("jsonld", "jsonld"),
                                                          ("rdfxml", "rdfxml"))},
}


def check_present(store, iris: Mapping[str, str]) -> None:
    """Raise a QueryError naming the parameter whose IRI (bound where the query expects one) the graph does not know.

    A typo in an id (``spf-justic``) then says so instead of answering nothing.
    """
    for name, iri in iris.items():
        if not store.ask(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}"):
            raise QueryError(f"parameter {name!r}: {pasteable(iri)} is not in the graph")


def run(store, text: str, *, fmt: str, params: Mapping[str, str], expects: Mapping[str, str | None],
        max_rows: int):
    """Run ``text`` with ``params`` (name -> value as typed) on ``store``; the :class:`~kg.sparql_exec.Answer`."""
    import pyoxigraph as ox

    from .sparql_exec import NoAcceptableFormat

    subs, check = {}, {}
    for name, value in params.items():
        kind, term = binding_term(name, value, expects.get(name))
        subs[name] = ox.NamedNode(term) if kind == "iri" else ox.Literal(term)
        if kind == "iri" and expects.get(name) is not None:
            check[name] = term
    check_present(store, check)
    try:
        return store.answer(text, formats=CLI_FORMATS[fmt], max_rows=max_rows, bindings=subs)
    except NoAcceptableFormat as e:
        kind = str(e).split(" ")[1]
        fits = "ttl, nt, jsonld or rdfxml" if kind in ("CONSTRUCT", "DESCRIBE") else "table, csv, tsv, json or xml"
        raise QueryError(f"a {kind} query cannot be written as {fmt}: use --format {fits}") from None


def text_of(a, fmt: str, *, max_width: int = 60) -> bytes:
    """What ``napkg query`` prints: the answer's bytes ending with exactly one line break (nothing if empty)."""
    if a.table is None:
        body = a.body or b""
        stripped = body.rstrip(b"\r\n")
        if not stripped:
            return b""
        return stripped + (b"\r\n" if body.endswith(b"\r\n") else b"\n")
    if "boolean" in a.table:
        return b"yes\n" if a.table["boolean"] else b"no\n"
    names = a.table["vars"]
    cells = [[_cell(t, max_width) for t in row] for row in a.table["rows"]]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(names)]

    def line(vals):
        return "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()

    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in cells]
    n = len(cells)
    out.append(f"({n} row{'s' if n != 1 else ''}{', cut at the row limit' if a.truncated else ''})")
    return ("\n".join(out) + "\n").encode("utf-8")


def _cell(t: dict | None, max_width: int) -> str:
    """A term as the table shows it: IRIs as they can be pasted into a query (never cut), literals as text."""
    if t is None:
        return ""
    if t["type"] == "uri":
        return pasteable(t["value"])
    if t["type"] == "bnode":
        return f"_:{t['value']}"
    value = " ".join(str(t["value"]).split()) if t["type"] == "literal" else json.dumps(t["value"])
    return value if len(value) <= max_width else value[: max_width - 1] + "…"
