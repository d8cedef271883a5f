"""A remote store (Virtuoso, GraphDB, Fuseki, ...) spoken to over the W3C protocols.

Reads go over the SPARQL 1.1 Protocol: a form POST with an explicit
``Accept`` (Virtuoso 7.2.5 answers HTML without one and hangs on a direct
``application/sparql-query`` POST), always with an explicit dataset, so an
institution's other graphs in the same store never leak into an answer. The
default graph is the build's union graph (:data:`UNION` + build token), one
graph holding the union of napkg's graphs; napkg's graphs go as
``named-graph-uri`` only to a query that says GRAPH. (A store pays for every
graph of a dataset: Virtuoso 7.2.5 answered 10 to 100 times slower with 703
``default-graph-uri`` than with one; ``bench/README.md``.) A build published
before there was a union graph is read with its graphs listed. Answers are
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
from .oxigraph import from_ox, result_of, to_ox
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


class RemoteNative:
    """The part of ``pyoxigraph.Store``'s interface the SPARQL endpoint uses, answered by the remote store.

    ``query`` takes the same dataset arguments as ``pyoxigraph.Store.query``
    and returns the same kinds of objects (``QuerySolutions``,
    ``QueryBoolean``, a list of ``Triple``), so :func:`kg.sparql_exec.answer`
    serves both stores; the answer is re-written by napkg's own writers, so
    the endpoint stays conformant where the store is not.
    """

    remote = True

    def __init__(self, store: "SparqlStore"):
        self._store = store

    @property
    def capped(self) -> bool:
        """Whether the store's own row cap cut the last answer."""
        return bool(self._store.last_capped)

    def named_graphs(self) -> list[ox.NamedNode]:
        return [ox.NamedNode(str(g)) for g in self._store.graph_names()]

    def query(self, text: str, *, prefixes: Mapping[str, str] | None = None, substitutions=None,
              use_default_graph_as_union: bool = False, default_graph=None, named_graphs=None,
              kind: str | None = None, base_iri: str | None = None):
        if use_default_graph_as_union:
            default = named = None
        else:
            default = [g.value for g in (default_graph or [])]
            named = [g.value for g in (named_graphs or [])]
        subs = {k.value if isinstance(k, ox.Variable) else str(k): v for k, v in (substitutions or {}).items()}
        if not use_default_graph_as_union:  # the dataset goes as protocol parameters, and only there
            text = strip_dataset(text)
        return self._store.run(text, prefixes=prefixes, values=subs, default_graphs=default, named_graphs=named,
                               kind=kind, base_iri=base_iri)



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

    # ------------------------------------------------------------ reading

    @property
    def native(self) -> RemoteNative:
        return RemoteNative(self)

    def run(self, text: str, *, prefixes: Mapping[str, str] | None = None, values: Mapping[str, object] | None = None,
            default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
            timeout_s: float | None = None, kind: str | None = None, base_iri: str | None = None):
        """Send a query with an explicit dataset; the answer as pyoxigraph objects.

        ``default_graphs`` / ``named_graphs`` None mean napkg's graphs (their
        union as default graph: the build's union graph where it wrote one;
        each as a named graph, sent only to a query that says GRAPH). ``values`` binds
        variables to terms (:func:`bind_values`), never spliced as text;
        ``base_iri`` resolves the query's relative IRIs.
        """
        if default_graphs is None or named_graphs is None:
            graphs = [str(g) for g in self.graph_names()] or [str(EMPTY_GRAPH)]
            union = [self._union] if self._union and self._graphs else graphs
        default = union if default_graphs is None else (list(default_graphs) or [str(EMPTY_GRAPH)])
        named = graphs if named_graphs is None else (list(named_graphs) or [str(EMPTY_GRAPH)])
        if named_graphs is None and not _NAMES_GRAPHS.search(text):
            named = []  # only GRAPH reads named graphs; a store that has many pays for every one it is sent
        if prefixes:
            text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + text
        if base_iri:  # first: Virtuoso takes no BASE after a PREFIX; a BASE of the query's own comes later and wins
            text = f"BASE <{base_iri}>\n" + text
        if values:
            text = bind_values(text, values)
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
        res = self.run(sparql, values={k: to_ox(v) for k, v in (bindings or {}).items()})
        return result_of(res, max_rows=max_rows, cut=bool(self.last_capped))

    def build_info(self) -> dict | None:
        """The published build: ``{"id", "created", "graphs": {iri: triples}, "union": {"graph", "triples"}}``.

        None before the first build. ``union`` is None for a build published
        before napkg wrote a union graph.
        """
        text = f"""SELECT ?id ?created ?u ?un ?m WHERE {{ GRAPH <{BUILD_GRAPH}> {{
            <{BUILD_GRAPH}> <{DCT}identifier> ?id ; <{DCT}created> ?created .
            OPTIONAL {{ ?u <{VOID}triples> ?un FILTER(STRSTARTS(STR(?u), "{UNION}")) }}
            OPTIONAL {{ <{BUILD_GRAPH}> <{SEE_ALSO}> ?m FILTER(STRSTARTS(STR(?m), "{MANIFEST}")) }} }} }}"""
        rows = list(self.run(text, default_graphs=[str(BUILD_GRAPH)], named_graphs=[str(BUILD_GRAPH)]))
        if not rows:
            return None
        head = rows[0]
        # the graphs are listed in the build's manifest graph; before there was one, in the build graph
        listing = head["m"].value if head["m"] is not None else str(BUILD_GRAPH)
        parts = self.run(f"""SELECT ?g ?n WHERE {{ GRAPH <{listing}> {{
            <{BUILD_GRAPH}> <{DCT}hasPart> ?g . ?g <{VOID}triples> ?n }} }}""",
                         default_graphs=[listing], named_graphs=[listing])
        graphs = {r["g"].value: int(r["n"].value) for r in parts}
        self._refuse_cut("the list of the build's graphs")
        union = head["u"]
        return {"id": head["id"].value, "created": head["created"].value, "graphs": graphs,
                "union": {"graph": union.value, "triples": int(head["un"].value)} if union is not None else None,
                "manifest": head["m"].value if head["m"] is not None else None}

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
            self._union = info["union"]["graph"] if info and info["union"] else None
        return list(self._graphs)

    def count(self, graph=None) -> int:
        names = [str(graph)] if graph is not None else [str(g) for g in self.graph_names()]
        if not names:
            return 0
        res = self.run("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", default_graphs=[], named_graphs=names)
        return int(next(iter(res))["n"].value)

    def quads(self, graph=None, *, page: int = 200_000) -> Iterator[tuple]:
        """Every quad, a graph at a time; graphs larger than ``page`` are read in ordered pages."""
        for g in ([graph] if graph is not None else self.graph_names()):
            n, got = self.count(g), 0
            for offset in range(0, max(n, 1), page):
                order = " ORDER BY ?s ?p ?o" if n > page else ""
                res = self.run(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}{order} "
                               f"LIMIT {page} OFFSET {offset}", default_graphs=[], named_graphs=[str(g)])
                for t in res:
                    got += 1
                    yield from_ox(t.subject), from_ox(t.predicate), from_ox(t.object), URIRef(g)
                if got < min(offset + page, n):
                    raise StoreError(f"the SPARQL store at {public_url(self.reader.url)} returned {got:,} of the "
                                     f"{n:,} triples of {g}: its own result limit is lower than {page:,} "
                                     "(Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)")



    def close(self) -> None:
        self._writer = self._gsp = None


__all__ = ["SparqlStore", "RemoteNative", "BUILD_GRAPH", "UNION", "MANIFEST", "STAGING", "public_url", "update_batches",
           "allow_response_headers", "bind_values", "where_start", "strip_dataset", "_ADD_BATCH_TRIPLES"]
