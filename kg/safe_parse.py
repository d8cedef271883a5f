"""Parse RDF from outside without fetching a URL or reading another file.

rdflib's JSON-LD parser fetches remote ``@context`` documents and its RDF/XML
parser expands DTD entities; a file a user hands to ``napkg validate`` (or the
service) must do neither. Such input is refused with a clear message.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph

from .errors import UnsafeInput

FORMATS = {
    ".ttl": "turtle", ".turtle": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads",
    ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml", ".owl": "xml",
}


def guess_format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise UnsafeInput(f"{path}: unknown RDF file type '{path.suffix}'; use one of {', '.join(sorted(FORMATS))}") from None


def _remote_contexts(node, where: str = "") -> list[str]:
    found = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("@context", "@import"):
                if isinstance(v, str):
                    found.append(v)
                elif isinstance(v, list):
                    found += [x for x in v if isinstance(x, str)]
                    for x in v:
                        found += _remote_contexts(x)
                elif isinstance(v, dict):
                    found += _remote_contexts(v)
            else:
                found += _remote_contexts(v)
    elif isinstance(node, list):
        for x in node:
            found += _remote_contexts(x)
    return found


def check_safe(data: bytes, fmt: str, name: str = "input") -> None:
    """Raise UnsafeInput if parsing ``data`` as ``fmt`` would fetch or read anything."""
    if fmt == "json-ld":
        try:
            doc = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise UnsafeInput(f"{name}: not valid JSON: {e}") from None
        remote = _remote_contexts(doc)
        if remote:
            raise UnsafeInput(f"{name}: JSON-LD with a remote @context ({remote[0]}) is refused: "
                              "napkg never fetches URLs; inline the context")
    elif fmt == "xml":
        head = data.upper()
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise UnsafeInput(f"{name}: RDF/XML with a DTD or entity declarations is refused (entity expansion)")


def parse_bytes(data: bytes, fmt: str, name: str = "input") -> Graph:
    """Parse after ``check_safe`` into one graph (the union of any named graphs).

    Syntax errors become UnsafeInput with the parser's message.
    """
    check_safe(data, fmt, name)
    try:
        if fmt in ("trig", "nquads"):
            ds = Dataset()
            ds.parse(data=data, format=fmt)
            g = Graph()
            for s, p, o, _ in ds.quads():
                g.add((s, p, o))
            return g
        return Graph().parse(data=data, format=fmt)
    except Exception as e:  # rdflib raises many unrelated types for bad syntax
        raise UnsafeInput(f"{name}: cannot parse as {fmt}: {e}") from None


def parse_file(path: Path) -> Graph:
    path = Path(path)
    fmt = guess_format(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnsafeInput(f"{path}: cannot read: {e.strerror}") from None
    return parse_bytes(data, fmt, str(path))
