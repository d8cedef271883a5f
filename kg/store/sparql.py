"""A remote store (Virtuoso, GraphDB, Fuseki, ...) spoken to over the W3C protocols.

Reads go over the SPARQL 1.1 Protocol: a form POST with an explicit
``Accept`` (Virtuoso 7.2.5 answers HTML without one and hangs on a direct
``application/sparql-query`` POST), always with an explicit dataset, so an
institution's other graphs in the same store never leak into an answer. The
default graph is the build's union graph (:data:`UNION` + build token), one
graph holding the union of napkg's graphs; napkg's graphs go as
``named-graph-uri`` only to a query that says GRAPH. (A store pays for every
graph of a dataset: Virtuoso 7.2.5 answered 10 to 100 times slower with 703
``default-graph-uri`` than with one; ``bench/README.md``.) Answers are
parsed by pyoxigraph's SPARQL results and RDF parsers. Reads use the read
account (``sparql_read_user``, anonymous by default), never the write one.

Writes go over the SPARQL 1.1 Graph Store HTTP Protocol (graphs posted in
chunks of N-Triples) and SPARQL 1.1 Update, with the write account, as one
build transaction (:mod:`kg.store.sparql_publish`). The union is never moved:
writing the build graph switches every default-graph query from the old union
to the new one at once (Virtuoso 7.2.5's ``MOVE`` is not atomic to a
concurrent reader, who can count a graph half copied); the old union and
manifest are dropped by the next build, when no reader can still be using
them. The HTTP client is :mod:`kg.store.sparql_http`, the rewriting of query
text :mod:`kg.store.sparql_text`.

Passwords never appear in messages: errors name the URL (without any
userinfo) and the setting to check.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path
from typing import Callable, Iterator, Mapping, Sequence

import pyoxigraph as ox
from rdflib import URIRef

from ..errors import QueryError, QueryTimeout, StoreError
from ..namespaces import GRAPH
from ..sparql_guard import projected_variables, query_form
from .base import QueryResult, Store
from .oxigraph import OxigraphStore
from .terms import from_ox, result_of, to_ox
from .sparql_http import Http, allow_response_headers, media_type, public_url
from .sparql_publish import (_ADD_BATCH_TRIPLES, BUILD_GRAPH, DCT, MANIFEST, SEE_ALSO, STAGING, UNION, VOID,
                             PublishTransaction)
from .sparql_text import bind_values, strip_dataset, update_batches, where_start

EMPTY_GRAPH = GRAPH["empty"]
"""Never written: the default graph of a query that names only named graphs."""
_NAMES_GRAPHS = re.compile(r"graph", re.IGNORECASE)  # anywhere, even in an IRI or a string: never a false "no"
# Virtuoso 7.2.5 negotiates badly (a list with q-values can get a 406), so each kind of query asks for one format.
ACCEPT = {"SELECT": "application/sparql-results+xml", "ASK": "application/sparql-results+xml",
          "CONSTRUCT": "application/n-triples", "DESCRIBE": "application/n-triples"}
_RESULT_FORMATS = {
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/ntriples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}

Progress = Callable[[str], None]


def _recorded_url(store_dir: Path) -> str:
    """The query URL a build folder's manifest recorded for its remote store ('' if none)."""
    import json

    try:
        return json.loads((store_dir.parent / "manifest.json").read_text(encoding="utf-8")).get("query_url", "")
    except (OSError, ValueError):
        return ""


class SparqlStore(PublishTransaction, Store):
    """napkg's graphs in a remote store. ``path`` is unused (the data lives in the store).

    Opened ``read_only`` it only reads (with the read account) and refuses to write.
    """

    name = "sparql"
    capabilities = frozenset({"persistent", "sparql11", "bindings", "read_only", "remote", "staged_load"})

    def __init__(self, path: Path | None = None, *, read_only: bool = False, settings=None,
                 progress: Progress | None = None):
        if settings is None:
            from ..settings import Settings

            settings = Settings.from_env()
        if not settings.sparql_query_url and path is not None:  # a build folder's store: the URL its manifest recorded
            settings = settings.replace(sparql_query_url=_recorded_url(Path(path)))
        self.settings = settings
        self.read_only = read_only
        self.progress = progress or (lambda _m: None)
        self.timeout_s = float(settings.sparql_timeout_s)
        self.reader = Http(settings.sparql_query_url, user=settings.sparql_read_user,
                            password=settings.sparql_read_password, setting="sparql_query_url",
                            account="sparql_read_user")
        self._writer: Http | None = None
        self._gsp: Http | None = None
        self._graphs: list[URIRef] | None = None
        self._union: str | None = None
        self._staged: dict[URIRef, URIRef] = {}
        self._expected: dict[URIRef, int] = {}
        self._token: str | None = None  # the staged build's: names its union and manifest graphs
        self._union_triples: int | None = None
        self.build_id: str | None = None
        self.query_timeout_ms: int | None = None
        self.last_capped: int | None = None
        self._local: OxigraphStore | None = None  # what this store staged, until published: reads of the build
        self._copy: tuple[str | None, OxigraphStore] | None = None  # the published build, copied for its dumps

    @classmethod
    def location(cls, path: Path | None, settings=None) -> str:
        url = getattr(settings, "sparql_query_url", "") or (_recorded_url(Path(path)) if path is not None else "")
        return public_url(url) if url else "a SPARQL store (sparql_query_url is not set)"

    # ------------------------------------------------------------ reading

    def run(self, text: str, *, prefixes: Mapping[str, str] | None = None, bindings: Mapping[str, object] | None = None,
            default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
            base_iri: str | None = None, kind: str | None = None, timeout_s: float | None = None):
        """Send a query with an explicit dataset; the answer as pyoxigraph objects.

        ``default_graphs`` / ``named_graphs`` None mean napkg's graphs (the
        build's union graph as default graph; each graph as a named graph,
        sent only to a query that says GRAPH). A dataset given goes as protocol
        parameters only: the query's own ``FROM`` is taken out (Virtuoso
        7.2.5 lets it win over the parameters). ``bindings`` binds variables
        to terms (:func:`bind_values`), never spliced as text; ``base_iri``
        resolves the query's relative IRIs.
        """
        if default_graphs is not None or named_graphs is not None:
            text = strip_dataset(text)
        if default_graphs is None or named_graphs is None:
            graphs = [str(g) for g in self.graph_names()] or [str(EMPTY_GRAPH)]
            union = [self._union] if self._union else graphs
        default = union if default_graphs is None else (list(default_graphs) or [str(EMPTY_GRAPH)])
        named = graphs if named_graphs is None else (list(named_graphs) or [str(EMPTY_GRAPH)])
        if named_graphs is None and not _NAMES_GRAPHS.search(text):
            named = []  # only GRAPH reads named graphs; a store that has many pays for every one it is sent
        if prefixes:
            text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + text
        if base_iri:  # first: Virtuoso takes no BASE after a PREFIX; a BASE of the query's own comes later and wins
            text = f"BASE <{base_iri}>\n" + text
        if bindings:
            text = bind_values(text, bindings)
        kind = kind or query_form(text)
        form = [("query", text)] + [("default-graph-uri", g) for g in default] + \
            [("named-graph-uri", g) for g in named]
        allow_response_headers(len(default) + len(named))
        param = self.settings.sparql_timeout_parameter
        if param and self.query_timeout_ms:
            form.append((param, str(int(self.query_timeout_ms))))
        body, headers = self.reader.send(urllib.parse.urlencode(form).encode("utf-8"), what="a query", headers={
            "Accept": ACCEPT.get(kind, ACCEPT["SELECT"]), "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
            timeout_s=timeout_s or self.timeout_s)
        # Virtuoso says so when its own ResultSetMaxRows cut the answer: the answer is then marked cut
        self.last_capped = int(headers.get("X-SPARQL-MaxRows") or 0) or None
        if (headers.get("X-SQL-State") or "").upper() == "S1TAT":  # Virtuoso's "anytime" answer: incomplete
            raise QueryTimeout(f"the SPARQL store stopped the query at its time limit "
                               f"({self.query_timeout_ms} ms) and would have answered in part")
        media = media_type(headers)
        body = body.replace(b"<bnode>nodeID://", b"<bnode>")  # Virtuoso's blank node labels are not N-Triples labels
        try:
            if media in _RESULT_FORMATS:
                res = ox.parse_query_results(body, _RESULT_FORMATS[media])
                if kind == "ASK" and isinstance(res, ox.QuerySolutions):  # Virtuoso: ASK as one row of __ask_retval
                    rows = list(res)
                    value = bool(rows) and rows[0][0] is not None and rows[0][0].value not in ("0", "false")
                    return ox.parse_query_results('{"head":{},"boolean":%s}' % str(value).lower(),
                                                  ox.QueryResultsFormat.JSON)
                return res
            if media in _RDF_FORMATS:
                return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, _RDF_FORMATS[media])]
        except (SyntaxError, ValueError) as e:
            raise StoreError(f"the SPARQL store at {public_url(self.reader.url)} sent an answer napkg "
                             f"cannot read ({media}): {e}") from None
        raise StoreError(f"the SPARQL store at {public_url(self.reader.url)} answered a query with {media or 'no type'}, "
                         "not SPARQL results or RDF: is sparql_query_url its SPARQL endpoint?")

    def query(self, sparql, *, bindings=None, max_rows=None) -> QueryResult:
        selected = projected_variables(sparql) if bindings else None
        missing = [k for k in (bindings or {}) if selected is not None and k.lstrip("?$") not in selected]
        if missing:
            raise QueryError(f"cannot bind parameters {', '.join(missing)}: bound variables must be selected, "
                             "or use SELECT *")
        res = self.run(sparql, bindings={k: to_ox(v) for k, v in (bindings or {}).items()})
        return result_of(res, max_rows=max_rows, cut=bool(self.last_capped))

    def build_info(self) -> dict | None:
        """The published build: ``{"id", "created", "graphs": {iri: triples}, "union": {"graph", "triples"},
        "manifest", "record"}`` (``record``: what a build folder's manifest keeps to find the store again); None
        before the first build.

        A build graph without a union or a manifest graph (written by a napkg
        older than both) is refused: build again to publish it anew.
        """
        text = f"""SELECT ?id ?created ?u ?un ?m WHERE {{ GRAPH <{BUILD_GRAPH}> {{
            <{BUILD_GRAPH}> <{DCT}identifier> ?id ; <{DCT}created> ?created .
            OPTIONAL {{ ?u <{VOID}triples> ?un FILTER(STRSTARTS(STR(?u), "{UNION}")) }}
            OPTIONAL {{ <{BUILD_GRAPH}> <{SEE_ALSO}> ?m FILTER(STRSTARTS(STR(?m), "{MANIFEST}")) }} }} }}"""
        rows = list(self.run(text, default_graphs=[str(BUILD_GRAPH)], named_graphs=[str(BUILD_GRAPH)]))
        if not rows:
            return None
        head = rows[0]
        if head["m"] is None or head["u"] is None:
            raise StoreError(f"the SPARQL store at {public_url(self.reader.url)} holds a build "
                             f"({head['id'].value}) published by an older napkg, without a union or manifest "
                             "graph: run 'napkg build' to publish it anew")
        listing = head["m"].value
        parts = self.run(f"""SELECT ?g ?n WHERE {{ GRAPH <{listing}> {{
            <{BUILD_GRAPH}> <{DCT}hasPart> ?g . ?g <{VOID}triples> ?n }} }}""",
                         default_graphs=[listing], named_graphs=[listing])
        graphs = {r["g"].value: int(r["n"].value) for r in parts}
        self._refuse_cut("the list of the build's graphs")
        return {"id": head["id"].value, "created": head["created"].value, "graphs": graphs,
                "union": {"graph": head["u"].value, "triples": int(head["un"].value)}, "manifest": listing,
                "record": {"query_url": public_url(self.settings.sparql_query_url)}}

    def _refuse_cut(self, what: str) -> None:
        """A StoreError if the store cut the last answer short: napkg must not act on part of a list."""
        if self.last_capped:
            raise StoreError(f"the SPARQL store at {public_url(self.reader.url)} cut {what} at "
                             f"{self.last_capped:,} rows: its own result limit is too low for this build "
                             "(Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)")

    def graph_names(self) -> list[URIRef]:
        if self._graphs is None:
            info = self.build_info()
            self.build_id = info["id"] if info else None
            self._graphs = sorted(URIRef(g) for g in (info["graphs"] if info else {}))
            self._union = info["union"]["graph"] if info else None
        return list(self._graphs)

    def count(self, graph=None) -> int:
        names = [str(graph)] if graph is not None else [str(g) for g in self.graph_names()]
        if not names:
            return 0
        res = self.run("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", default_graphs=[], named_graphs=names)
        return int(next(iter(res))["n"].value)

    def quads(self, graph=None) -> Iterator[tuple]:
        """Every quad, a graph at a time, as rdflib terms."""
        for s, p, o, g in self._ox_quads(graph):
            yield from_ox(s), from_ox(p), from_ox(o), URIRef(g)

    def _ox_quads(self, graph=None, *, page: int = 200_000) -> Iterator[tuple]:
        """Every (s, p, o, graph IRI) in pyoxigraph terms; graphs larger than ``page`` are read in ordered pages."""
        for g in ([graph] if graph is not None else self.graph_names()):
            n, got = self.count(g), 0
            for offset in range(0, max(n, 1), page):
                order = " ORDER BY ?s ?p ?o" if n > page else ""
                res = self.run(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}{order} "
                               f"LIMIT {page} OFFSET {offset}", default_graphs=[], named_graphs=[str(g)])
                for t in res:
                    got += 1
                    yield t.subject, t.predicate, t.object, str(g)
                if got < min(offset + page, n):
                    raise StoreError(f"the SPARQL store at {public_url(self.reader.url)} returned {got:,} of the "
                                     f"{n:,} triples of {g}: its own result limit is lower than {page:,} "
                                     "(Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)")

    def dump(self, fmt: str, target) -> int:
        """Oxigraph's writers over a local copy: of what this store staged, or else of the published build (read
        once, a graph at a time, and kept for the next format)."""
        local = self._local
        if local is None:
            self.graph_names()
            if self._copy is None or self._copy[0] != self.build_id:
                copy = OxigraphStore.of_quads(ox.Quad(s, p, o, ox.NamedNode(g)) for s, p, o, g in self._ox_quads())
                self._copy = (self.build_id, copy)
            local = self._copy[1]
        return local.dump(fmt, target)

    def close(self) -> None:
        self._writer = self._gsp = None
        self._local = self._copy = None


__all__ = ["SparqlStore", "BUILD_GRAPH", "UNION", "MANIFEST", "STAGING", "public_url", "update_batches",
           "allow_response_headers", "bind_values", "where_start", "strip_dataset", "_ADD_BATCH_TRIPLES"]
