"""SHACL validation with pySHACL, returning data as pySHACL does.

``validate(graph)`` returns ``(conforms, report_graph, report_text)``. Only
``sh:Violation`` results make a graph non-conforming; warnings are reported
and kept. ``neighbourhood`` gives the part of the context a changed unit
points at, so a build validates only what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from pyshacl import validate as _pyshacl_validate
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from .namespaces import NAP
from .resources import resource_dir

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES_FILE = resource_dir("shapes") / "napkg.ttl"


@dataclass(frozen=True)
class Result:
    """One SHACL result, flattened for reports."""

    severity: str
    focus: str
    path: str
    message: str
    value: str
    shape: str

    def line(self) -> str:
        path = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: <{self.focus}>{path}: {self.message}{value}"


def load_shapes(path: Path = SHAPES_FILE) -> Graph:
    return Graph().parse(path, format="turtle")


def _short(term) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)[:120]
    s = str(term)
    for prefix, ns in (("nap:", str(NAP)), ("skos:", "http://www.w3.org/2004/02/skos/core#"),
                       ("prov:", "http://www.w3.org/ns/prov#"), ("dcterms:", "http://purl.org/dc/terms/"),
                       ("rdfs:", "http://www.w3.org/2000/01/rdf-schema#"), ("org:", "http://www.w3.org/ns/org#")):
        if s.startswith(ns):
            return prefix + s[len(ns):]
    return s


def results(report: Graph) -> list[Result]:
    """The top-level results of a report graph (nested sh:detail results are skipped)."""
    out = []
    for report_node in report.subjects(RDF.type, SH.ValidationReport):
        for r in report.objects(report_node, SH.result):
            path = report.value(r, SH.resultPath)
            if path is not None and not isinstance(path, URIRef):
                inv = report.value(path, SH.inversePath)
                path_s = f"^{_short(inv)}" if inv is not None else "(path)"
            else:
                path_s = _short(path)
            out.append(Result(
                severity=_short(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
                focus=str(report.value(r, SH.focusNode)),
                path=path_s,
                message=str(report.value(r, SH.resultMessage) or ""),
                value=_short(report.value(r, SH.value)),
                shape=str(report.value(r, SH.sourceShape) or ""),
            ))
    return sorted(out, key=lambda x: (x.severity != "Violation", x.focus, x.path))


def report_text(found: list[Result]) -> str:
    violations = sum(r.severity == "Violation" for r in found)
    warnings = sum(r.severity == "Warning" for r in found)
    head = f"{violations} violation(s), {warnings} warning(s)"
    return "\n".join([head] + [r.line() for r in found])


def validate(data: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None,
             focus_nodes: Iterable[URIRef] | None = None) -> tuple[bool, Graph, str]:
    """Validate ``data`` against the napkg shapes; warnings do not break conformance.

    ``ontology`` supplies the rdfs:subClassOf triples ``sh:class`` needs; the
    inputs are never modified.
    """
    shapes = shapes if shapes is not None else load_shapes()
    if ontology is not None:
        merged = Graph()
        for g in (data, ontology):
            for t in g:
                merged.add(t)
        data = merged
    kwargs = {}
    if focus_nodes is not None:
        kwargs["focus_nodes"] = list(focus_nodes)
    # pySHACL adds a few OWL/RDFS triples to the shapes graph it is given: hand it a copy, so the
    # shapes published with a build do not depend on whether that build validated anything.
    shapes_copy = Graph()
    for t in shapes:
        shapes_copy.add(t)
    conforms, report, _text = _pyshacl_validate(
        data, shacl_graph=shapes_copy, inference="none",
        allow_warnings=True, advanced=False, **kwargs,
    )
    found = results(report)
    return bool(conforms), report, report_text(found)


def _rudof_path(path: str) -> str:
    """pyrudof's path as pySHACL's reader above writes it: ``^(IRI)`` becomes ``^prefix:name``.

    >>> _rudof_path("^(https://w3id.org/napkg/ontology#partOfPlan)")
    '^nap:partOfPlan'
    """
    if path.startswith("^(") and path.endswith(")") and path[2:].startswith("http"):
        return "^" + _short(URIRef(path[2:-1]))
    return _short(URIRef(path)) if path.startswith("http") else path


def validate_rudof(data_path: Path, shapes_path: Path = SHAPES_FILE) -> list[Result]:
    """Validate an N-Triples file with pyrudof (Rust), the same report as :func:`validate` on napkg's shapes.

    The build's faster engine (``validator = pyrudof``); pySHACL stays the
    reference a test holds it equal to. Both paths are local files: nothing is fetched.
    """
    import pyrudof

    r = pyrudof.Rudof(pyrudof.RudofConfig())
    r.read_data(str(data_path), format=pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict)
    r.read_shacl(str(shapes_path), reader_mode=pyrudof.ReaderMode.Strict)
    out = []
    for e in r.validate_shacl():
        value = str(e.value)
        message = str(e.message or "")
        if len(message) >= 2 and message[0] == message[-1] == '"':
            message = message[1:-1]
        path = str(e.path or "")
        out.append(Result(
            severity=str(e.severity).rsplit("#", 1)[-1],
            focus=str(e.focus_node),
            path=_rudof_path(path),
            message=message,
            value="" if value == "None" else _short(_term(value)),
            shape=str(e.source_shape) if not str(e.source_shape).startswith("_:") else "",
        ))
    return sorted(out, key=lambda x: (x.severity != "Violation", x.focus, x.path))


def _term(text: str):
    """pyrudof's printed value (an IRI, or a literal in its N-Triples form) as an rdflib term."""
    if text.startswith('"'):
        from rdflib.util import from_n3

        try:
            return from_n3(text)
        except Exception:  # an unusual form: keep the text
            return Literal(text)
    return URIRef(text.strip("<>")) if "://" in text else Literal(text)


def unit_focus_nodes(unit: Graph) -> set[URIRef]:
    """The nodes a unit is responsible for: its subjects and the SDG/UNGP objects it points at."""
    nodes = {s for s in unit.subjects() if isinstance(s, URIRef)}
    for p in (NAP.addressesSDG, NAP.implementsPrinciple):
        nodes |= {o for o in unit.objects(None, p) if isinstance(o, URIRef)}
    return nodes


# A neighbour's own quotes and sources are checked with the neighbour, not with who points at it.
_NOT_FOLLOWED = {RDF.type, NAP.evidence, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")}


def neighbourhood(units: Iterable[Graph], context: Graph) -> Graph:
    """The part of ``context`` the nodes of ``units`` point at: what their shapes need to see.

    Every triple about a node a unit refers to (its type, labels, notation, the
    SDG target's goal), plus the types of the nodes those point at (a
    principle's pillar, a target's goal); a neighbour's own quotes and sources
    are not followed (they are checked with the neighbour). A node the unit
    itself describes that the context also holds (an RDF source speaking of a
    registry actor) is followed in full, as it is validated with the unit.
    Validating a changed unit against this instead of the whole context keeps
    an incremental build small.
    """
    out = Graph()
    units = list(units)
    own = {s for g in units for s in g.subjects() if isinstance(s, URIRef) and (s, None, None) in context}
    _expand(own, context, out, set())
    _expand({o for g in units for o in g.objects() if isinstance(o, URIRef)}, context, out, _NOT_FOLLOWED)
    return out


def _expand(frontier: set, context: Graph, out: Graph, skip: set) -> None:
    """Two hops from ``frontier`` in ``context`` (not through ``skip`` predicates), then the types of the next nodes."""
    seen: set = set()
    for _hop in range(2):
        nxt = set()
        for node in frontier - seen:
            seen.add(node)
            for t in context.triples((node, None, None)):
                out.add(t)
                if isinstance(t[2], URIRef) and t[1] != RDF.type and t[1] not in skip:
                    nxt.add(t[2])
        frontier = nxt
    for node in frontier - seen:
        for t in context.triples((node, RDF.type, None)):
            out.add(t)
