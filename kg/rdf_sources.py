"""RDF files in ``data/`` (or ``data/rdf/``) as source units of the build.

A partner who holds data as RDF drops a ``.ttl``, ``.trig``, ``.nt``, ``.nq``
or ``.jsonld`` file into ``data/``: its triples go into the named graph
``graph/<file stem>``, are validated by the same shapes, reasoned, counted,
cached by content hash and dumped like a YAML source. The file itself is the
provenance: ``napid:source/<file stem>`` is a ``nap:SourceDocument`` whose
``nap:seedFile`` is the file's path under ``data/``.

Graph names in TriG and N-Quads: the default graph and ``graph/<file stem>``
itself go into ``graph/<file stem>``; any other graph name is refused, naming
the file, the graph and its line, because napkg's graphs say where facts come
from and a contribution may not write into another source's graph.

Parsing never fetches a URL or reads another file: remote JSON-LD contexts
are refused (``kg.safe_parse.check_safe``) and Oxigraph's parsers load
nothing. A syntax error names the file and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import DCTERMS, RDF, RDFS, SKOS, Graph, Literal, URIRef

from .errors import DataError, UnsafeInput
from .namespaces import NAP, NAPID, graph_iri, source_iri
from .records import ACTORS_FILE, INSTRUMENTS_FILE, _display
from .safe_parse import FORMATS as SAFE_FORMATS, check_safe
from .schema import SLUG

SUFFIXES = frozenset({".ttl", ".trig", ".nt", ".nq", ".jsonld"})
"""The RDF files read from ``data/rdf/``: parsed by pyoxigraph (format from the suffix), checked by
:func:`kg.safe_parse.check_safe` (its format table)."""
SUBFOLDER = "rdf"
DOCUMENT_KIND = "rdf-source"
_SLUG = re.compile(SLUG)


@dataclass
class RdfSource:
    """One RDF file of ``data/``: its unit id (the file stem), path and content hash."""

    path: Path
    digest: str

    @property
    def id(self) -> str:
        return self.path.stem

    @property
    def seed(self) -> str:
        """The file's path under ``data/`` (``rdf/partner.ttl``), recorded as its ``nap:seedFile``."""
        return f"{SUBFOLDER}/{self.path.name}" if self.path.parent.name == SUBFOLDER else self.path.name


def find(root: Path) -> list[Path]:
    """The RDF files of ``root`` and ``root/rdf``, sorted."""
    out = []
    for folder in (root, root / SUBFOLDER):
        if folder.is_dir():
            out += [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES]
    return sorted(out)


def check_name(path: Path) -> DataError | None:
    """A file stem becomes a graph and a source IRI: it must be an id slug."""
    if not _SLUG.match(path.stem):
        return DataError(_display(path), None, None, f"the file name '{path.stem}' becomes graph/{path.stem}: "
                         "use lowercase ASCII letters, digits and '-' only")
    return None


def _line_of(data: bytes, needle: str) -> int | None:
    at = data.find(needle.encode("utf-8"))
    return None if at < 0 else data.count(b"\n", 0, at) + 1


def _rdflib(term):
    from .store.terms import from_ox

    return from_ox(term)


def parse(src: RdfSource) -> Graph:
    """The file's triples as one graph, plus its ``nap:SourceDocument`` node; errors name file and line."""
    path = src.path
    name = _display(path)
    ox_format = ox.RdfFormat.from_extension(path.suffix.lower()[1:])
    media_type = ox_format.media_type
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DataError(name, None, None, f"cannot read: {e.strerror}") from None
    try:
        check_safe(data, SAFE_FORMATS[path.suffix.lower()], name)
    except UnsafeInput as e:
        raise DataError(name, None, None, str(e).removeprefix(name + ": ")) from None
    own = ox.NamedNode(str(graph_iri(src.id)))
    g = Graph()
    try:
        for q in ox.parse(data, format=ox_format, base_iri=f"file:///data/{src.seed}"):
            gn = getattr(q, "graph_name", None)
            if gn is not None and not isinstance(gn, ox.DefaultGraph) and gn != own:
                line = _line_of(data, f"<{gn.value}>")
                raise DataError(name, f"line {line}" if line else None, None,
                                f"named graph <{gn.value}>: an RDF source writes only into its own graph "
                                f"({graph_iri(src.id)}); put the triples in the default graph or in a file of their own")
            g.add((_rdflib(q.subject), _rdflib(q.predicate), _rdflib(q.object)))
    except SyntaxError as e:
        line = e.args[1][1] if len(e.args) > 1 and e.args[1] else None
        message = str(e.args[0]) if e.args else str(e)
        raise DataError(name, f"line {line}" if line else None, None, f"broken {media_type}: {message}") from None
    _describe(g, src, media_type)
    return g


def _describe(g: Graph, src: RdfSource, media_type: str) -> None:
    """The file as a ``nap:SourceDocument``; what the file says about that node itself is kept."""
    s = source_iri(src.id)
    g.add((s, RDF.type, NAP.SourceDocument))
    g.add((s, DCTERMS.format, Literal(media_type)))
    defaults = ((DCTERMS.identifier, Literal(src.id)), (NAP.seedFile, Literal(src.seed)),
                (NAP.documentKind, Literal(DOCUMENT_KIND)), (SKOS.prefLabel, Literal(src.path.name, lang="en")))
    for p, o in defaults:
        if g.value(s, p) is None:
            g.add((s, p, o))
    if g.value(s, NAP.evidence) is None:  # the file is its own evidence: its name, quoted
        from .record_triples import add_evidence

        add_evidence(g, s, src.id, "file", src.path.name, derived=False)
        e = g.value(s, NAP.evidence)
        g.set((e, NAP.quote, Literal(src.path.name, lang="en")))


def redefinitions(g: Graph, src: RdfSource, registry: Graph, data_root: Path) -> list[str]:
    """Warnings for each registry actor or instrument whose type or label the file gives differently."""
    out = []
    name = _display(src.path)
    for s in sorted(set(g.subjects())):
        if not isinstance(s, URIRef) or not str(s).startswith(str(NAPID)):
            continue
        rest = str(s)[len(str(NAPID)):]
        registry_file = ACTORS_FILE if rest.startswith("actor/") else INSTRUMENTS_FILE if rest.startswith("instrument/") else None
        if registry_file is None or (s, None, None) not in registry:
            continue
        where = _display(data_root / registry_file)
        for what, preds in (("type", (RDF.type,)), ("label", (SKOS.prefLabel, RDFS.label))):
            theirs = {o for p in preds for o in g.objects(s, p)}
            ours = {o for p in preds for o in registry.objects(s, p)}
            if theirs - ours:
                shown = ", ".join(sorted(o.n3() for o in theirs - ours))
                out.append(f"{name}: redefines the {what} of <{s}> given in {where} ({shown})")
    return out
