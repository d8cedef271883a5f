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
chunks of N-Triples) and SPARQL 1.1 Update, with the write account; urllib's
handlers answer HTTP Digest or Basic challenges, whichever the store sends.
A build writes each graph into a staging graph, copies their union inside
the store into the new union graph (``ADD``: nothing sent twice), checks
every count, moves the staging graphs into place (``MOVE``), writes its
manifest graph (:data:`MANIFEST` + token: napkg's graphs and sizes), and
last the small build graph (:data:`BUILD_GRAPH`: id, time, union, manifest)
in one request. The union is never moved: writing the build graph switches
every default-graph query from the old union to the new one at once
(Virtuoso 7.2.5's ``MOVE`` is not atomic to a concurrent reader, who can
count a graph half copied); the old union and manifest are dropped by the
next build, when no reader can still be using them. Long lists of operations
go in several requests (:func:`update_batches`). A failed or killed load
leaves the published graphs as they were.

Passwords never appear in messages: errors name the URL (without any
userinfo) and the setting to check.
"""

from __future__ import annotations

import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Callable, Iterator, Mapping, Sequence

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef

from ..errors import QueryError, QueryTimeout, StoreError
from ..namespaces import GRAPH
from .base import QueryResult, Store
from .oxigraph import from_ox, result_of, to_ox

BUILD_GRAPH = GRAPH["build"]
"""The graph a build writes last: its id, time, and napkg's graphs with their sizes."""
EMPTY_GRAPH = GRAPH["empty"]
"""Never written: the default graph of a query that names only named graphs."""
UNION = "urn:napkg:union:"
"""A build's union graph is ``UNION`` + its staging token: the default graph of a query over napkg's dataset."""
MANIFEST = "urn:napkg:manifest:"
"""A build's list of graphs and sizes: ``MANIFEST`` + its staging token, named by the build graph."""
_NAMES_GRAPHS = re.compile(r"graph", re.IGNORECASE)  # anywhere, even in an IRI or a string: never a false "no"
_OPS_PER_REQUEST = 500  # update operations a request: Virtuoso's SPARQL compiler ran out of memory on 5,000 lines
_LINES_PER_REQUEST = 1000  # triples per INSERT DATA of the manifest
_ADD_BATCH_TRIPLES = 500_000  # triples copied into the staged union a request
_MOVE_BATCH_TRIPLES = 200_000  # triples moved a request: Virtuoso's default TransactionAfterImageLimit
# refused (SR325) one MOVE of 899,600 triples over as many; 182,587 in one request went through
STAGING = "urn:napkg:staging:"

_DCT = "http://purl.org/dc/terms/"
_SEE_ALSO = "http://www.w3.org/2000/01/rdf-schema#seeAlso"
_VOID = "http://rdfs.org/ns/void#"
# Virtuoso 7.2.5 negotiates badly (a list with q-values can get a 406), so each kind of query asks for one format.
ACCEPT = {"SELECT": "application/sparql-results+xml", "ASK": "application/sparql-results+xml",
          "CONSTRUCT": "application/n-triples", "DESCRIBE": "application/n-triples"}
_KIND = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.IGNORECASE)
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


def public_url(url: str) -> str:
    """``url`` without any ``user:password@`` part, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _closing(handler: type) -> type:
    """An auth handler that closes the 401 answer it retried past (urllib leaves it open)."""

    class Closing(handler):
        def http_error_401(self, req, fp, code, msg, headers):
            try:
                result = super().http_error_401(req, fp, code, msg, headers)
            except Exception:
                fp.close()
                raise
            if result is not None:
                fp.close()
            return result

    Closing.__name__ = handler.__name__
    return Closing


_DigestAuth = _closing(urllib.request.HTTPDigestAuthHandler)
_BasicAuth = _closing(urllib.request.HTTPBasicAuthHandler)


class _Http:
    """One endpoint and one account: a urllib opener answering Digest or Basic challenges."""

    def __init__(self, url: str, *, user: str = "", password: str = "", setting: str, account: str):
        if not url:
            raise StoreError(f"the sparql store backend needs {setting} (environment NAPKG_{setting.upper()})")
        self.url = url
        self.user = user
        self.setting = setting
        self.account = account
        handlers: list = []
        if user:
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            mgr.add_password(None, url, user, password)
            handlers = [_DigestAuth(mgr), _BasicAuth(mgr)]
        self._opener = urllib.request.build_opener(*handlers)

    def send(self, data: bytes | None, *, headers: Mapping[str, str], method: str = "POST", query: str = "",
             timeout_s: float, what: str) -> tuple[bytes, Mapping[str, str]]:
        """Send one request; the body and headers of a 2xx answer, else a StoreError or QueryError saying what to do."""
        url = self.url + (("&" if "?" in self.url else "?") + query if query else "")
        req = urllib.request.Request(url, data=data, headers=dict(headers), method=method)
        shown = public_url(self.url)
        try:
            with self._opener.open(req, timeout=timeout_s) as r:
                return r.read(), r.headers
        except urllib.error.HTTPError as e:
            with e:
                body = _text(e)
            if e.code in (401, 403):
                who = f"the credentials of {self.user!r}" if self.user else "an anonymous request"
                raise StoreError(
                    f"the SPARQL store at {shown} refused {who} for {what} (HTTP {e.code}); check "
                    f"{self.account} and its password (environment NAPKG_{self.account.upper()}, "
                    f"NAPKG_{self.account.replace('user', 'password').upper()} or its _FILE)") from None
            if e.code == 400:
                raise QueryError(f"the SPARQL store at {shown} rejected {what} (a SPARQL syntax error or a "
                                 f"feature it lacks): {body}") from None
            if e.code == 404:
                raise StoreError(f"no SPARQL service at {shown} (HTTP 404); check {self.setting}") from None
            hint = ("; Virtuoso's TransactionAfterImageLimit ([Parameters] in virtuoso.ini) is lower than this "
                    "update needs: raise it (bytes; moving 900,000 triples at once needed more than its default here)"
                    if "SR325" in body else "")
            raise StoreError(f"the SPARQL store at {shown} failed on {what} (HTTP {e.code}): {body}{hint}") from None
        except (socket.timeout, TimeoutError):
            raise StoreError(f"the SPARQL store at {shown} did not answer {what} within {timeout_s:.0f} s; "
                             "is it overloaded? (sparql_timeout_s sets how long napkg waits)") from None
        except urllib.error.URLError as e:
            reason = getattr(e.reason, "strerror", None) or str(e.reason)
            if isinstance(e.reason, (socket.timeout, TimeoutError)):
                reason = f"no answer within {timeout_s:.0f} s"
            raise StoreError(f"cannot reach the SPARQL store at {shown} ({reason}): is it running, and is "
                             f"{self.setting} right?") from None
        except (ConnectionError, http_client_errors()) as e:
            raise StoreError(f"the SPARQL store at {shown} dropped the connection or answered what HTTP "
                             f"cannot read during {what} ({type(e).__name__}: {e}): is it running?") from None


def allow_response_headers(echoed: int) -> None:
    """Let http.client read an answer that carries ``echoed`` more headers than usual.

    Virtuoso answers a query with one ``X-SPARQL-default-graph`` or
    ``X-SPARQL-named-graph`` header per graph of its dataset, and http.client
    (under urllib, requests and SPARQLWrapper alike) refuses an answer with
    more than ``http.client._MAXHEADERS`` (100) headers: a build of more than
    about 45 graphs could not be read. The limit is only ever raised, to what
    the request's own dataset needs.
    """
    import http.client

    needed = echoed + 100
    if getattr(http.client, "_MAXHEADERS", needed) < needed:
        http.client._MAXHEADERS = needed


def http_client_errors() -> type:
    import http.client

    return http.client.HTTPException


def _text(e: urllib.error.HTTPError, limit: int = 600) -> str:
    try:
        raw = e.read().decode("utf-8", "replace")
    except OSError:
        raw = ""
    raw = " ".join(raw.split())
    return (raw[:limit] + " ...") if len(raw) > limit else (raw or e.reason)


def _media(headers: Mapping[str, str]) -> str:
    return (headers.get("Content-Type") or "").split(";")[0].strip().lower()


def query_kind(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword after IRIs and comments are set aside.

    >>> query_kind("PREFIX ex: <http://ex/select#> # ask\\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    bare = re.sub(r"<[^<>\s]*>", "<>", text)
    bare = re.sub(r"#[^\n]*", "", bare)
    m = _KIND.search(bare)
    return m.group(1).upper() if m else "SELECT"


def projected(text: str) -> set[str] | None:
    """The variables a SELECT query projects (None for ``SELECT *`` or another kind of query).

    >>> sorted(projected("SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a ?p ?b } GROUP BY ?a"))
    ['a', 'n']
    """
    bare = re.sub(r"#[^\n]*", "", re.sub(r"<[^<>\s]*>", "<>", text))
    m = re.search(r"\bSELECT\b(.*?)(\bWHERE\b|\{|\bFROM\b)", bare, re.IGNORECASE | re.DOTALL)
    if not m or query_kind(text) != "SELECT":
        return None
    clause = re.sub(r"^\s*(DISTINCT|REDUCED)\b", "", m.group(1).strip(), flags=re.IGNORECASE)
    if clause.strip() == "*":
        return None
    names, depth = set(re.findall(r"\bAS\s+[?$](\w+)", clause, re.IGNORECASE)), 0
    for token in re.findall(r"[()]|[?$]\w+", clause):
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif depth == 0:
            names.add(token[1:])
    return names


_TOKENS = re.compile(r'''(?P<skip>#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>)|(?P<from>\bFROM\s+(?:NAMED\s+)?(?:<[^<>"{}|^`\\\s]*>|[A-Za-z][\w.-]*:[\w.-]*|:[\w.-]*))|(?P<open>\{)|(?P<close>\})|(?P<word>\b(?:WHERE|CONSTRUCT)\b)''', re.IGNORECASE)


def strip_dataset(text: str) -> str:
    """``text`` without its ``FROM`` / ``FROM NAMED`` clauses (the dataset then goes as protocol parameters).

    Some stores (Virtuoso 7.2.5) let a query's FROM win over ``default-graph-uri``; the protocol says
    the parameters win, so napkg gives a remote store the dataset as parameters only.

    >>> strip_dataset("SELECT * FROM <http://ex/g> FROM NAMED ex:h WHERE { ?s ?p 'FROM <x>' }")
    "SELECT *   WHERE { ?s ?p 'FROM <x>' }"
    """
    pattern = where_start(text)
    spans, depth = [], 0
    for m in _TOKENS.finditer(text):
        if pattern is not None and m.start() >= pattern - 1:
            break
        if m.group("open"):
            depth += 1
        elif m.group("close"):
            depth -= 1
        elif m.group("from") and depth == 0:
            spans.append(m.span())
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    return text


def where_start(text: str) -> int | None:
    """Index just inside the ``{`` that opens the query's WHERE pattern; None if there is none to find.

    Strings, IRIs and comments are stepped over; a CONSTRUCT template is
    skipped; the short form ``CONSTRUCT WHERE { ... }`` has no separate
    pattern (None).

    >>> q = 'SELECT ?x WHERE { ?x <http://ex/p> "{" }'
    >>> q[:where_start(q)]
    'SELECT ?x WHERE {'
    >>> q = 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }'
    >>> q[where_start(q):]
    ' ?s ?p ?o }'
    """
    depth, construct, last_word, groups = 0, False, None, 0
    for m in _TOKENS.finditer(text):
        if m.group("word"):
            word = m.group("word").upper()
            construct = construct or word == "CONSTRUCT"
            last_word = word if depth == 0 else last_word
        elif m.group("open"):
            if depth == 0:
                if construct and groups == 0:
                    if last_word == "WHERE":
                        return None
                else:
                    return m.end()
                groups += 1
            depth += 1
        elif m.group("close"):
            depth -= 1
    return None


def bind_values(text: str, values: Mapping[str, object]) -> str:
    """``text`` with ``values`` (variable name -> term) joined at the start of its WHERE pattern.

    Where that cannot be placed, a trailing ``VALUES`` block, as rdflib's ``SPARQLStore`` does with
    ``initBindings`` (Virtuoso 7.2.5 ignores a trailing block after GROUP BY, hence the first choice).

    >>> bind_values("SELECT * WHERE { ?s ?p ?o }", {"s": ox.NamedNode("http://ex/a")})
    'SELECT * WHERE { VALUES (?s) { (<http://ex/a>) } ?s ?p ?o }'
    """
    names = list(values)
    block = "VALUES (" + " ".join("?" + n.lstrip("?$") for n in names) + ") { (" + \
        " ".join(_nt(values[n]) for n in names) + ") }"
    at = where_start(text)
    if at is None:
        return text + "\n" + block + "\n"
    return text[:at] + " " + block + text[at:]


def update_batches(ops: Sequence[str | tuple[str, int]], max_triples: float = float("inf")) -> Iterator[str]:
    """Update operations joined into requests of at most :data:`_OPS_PER_REQUEST` operations and about
    ``max_triples`` triples; an operation is its text, or its text and the triples it touches.

    >>> for text in update_batches([("MOVE <a> TO <b>", 3), ("MOVE <c> TO <d>", 3), "DROP SILENT GRAPH <e>"], 3):
    ...     print(text.split(" ;" + chr(10)))
    ['MOVE <a> TO <b>']
    ['MOVE <c> TO <d>']
    ['DROP SILENT GRAPH <e>']
    """
    batch: list[str] = []
    size = 0
    for op in ops:
        text, n = (op, 0) if isinstance(op, str) else op
        batch.append(text)
        size += n
        if size >= max_triples or len(batch) >= _OPS_PER_REQUEST:
            yield " ;\n".join(batch)
            batch, size = [], 0
    if batch:
        yield " ;\n".join(batch)


def _nt(term) -> str:
    """An rdflib or pyoxigraph term in N-Triples syntax (for VALUES and INSERT DATA)."""
    if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return str(term)
    return str(to_ox(term))


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


class SparqlStore(Store):
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
        self.reader = _Http(settings.sparql_query_url, user=settings.sparql_read_user,
                            password=settings.sparql_read_password, setting="sparql_query_url",
                            account="sparql_read_user")
        self._writer: _Http | None = None
        self._gsp: _Http | None = None
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
        kind = kind or query_kind(text)
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
        media = _media(headers)
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
        selected = projected(sparql) if bindings else None
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
            <{BUILD_GRAPH}> <{_DCT}identifier> ?id ; <{_DCT}created> ?created .
            OPTIONAL {{ ?u <{_VOID}triples> ?un FILTER(STRSTARTS(STR(?u), "{UNION}")) }}
            OPTIONAL {{ <{BUILD_GRAPH}> <{_SEE_ALSO}> ?m FILTER(STRSTARTS(STR(?m), "{MANIFEST}")) }} }} }}"""
        rows = list(self.run(text, default_graphs=[str(BUILD_GRAPH)], named_graphs=[str(BUILD_GRAPH)]))
        if not rows:
            return None
        head = rows[0]
        # the graphs are listed in the build's manifest graph; before there was one, in the build graph
        listing = head["m"].value if head["m"] is not None else str(BUILD_GRAPH)
        parts = self.run(f"""SELECT ?g ?n WHERE {{ GRAPH <{listing}> {{
            <{BUILD_GRAPH}> <{_DCT}hasPart> ?g . ?g <{_VOID}triples> ?n }} }}""",
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

    # ------------------------------------------------------------ writing

    def _writers(self) -> tuple[_Http, _Http | None]:
        if self.read_only:
            raise StoreError("this sparql store was opened read-only: napkg never writes with the read account")
        if self._writer is None:
            s = self.settings
            if not s.sparql_user:
                raise StoreError("writing to the sparql store needs sparql_user and its password "
                                 "(NAPKG_SPARQL_USER, NAPKG_SPARQL_PASSWORD or NAPKG_SPARQL_PASSWORD_FILE)")
            self._writer = _Http(s.sparql_update_url, user=s.sparql_user, password=s.sparql_password,
                                 setting="sparql_update_url", account="sparql_user")
            if s.sparql_graph_store_url:
                self._gsp = _Http(s.sparql_graph_store_url, user=s.sparql_user, password=s.sparql_password,
                                  setting="sparql_graph_store_url", account="sparql_user")
        return self._writer, self._gsp

    def update(self, text: str, *, what: str = "an update") -> None:
        """Run SPARQL Update with the write account."""
        writer, _ = self._writers()
        writer.send(urllib.parse.urlencode([("update", text)]).encode("utf-8"), what=what, timeout_s=self.timeout_s,
                    headers={"Accept": "*/*", "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})

    def _post_chunk(self, graph: str, lines: list[str]) -> None:
        writer, gsp = self._writers()
        body = "".join(lines).encode("utf-8")
        if gsp is not None:
            gsp.send(body, method="POST", query=urllib.parse.urlencode({"graph-uri": graph, "graph": graph}),
                     headers={"Content-Type": "application/n-triples"}, timeout_s=self.timeout_s,
                     what=f"{len(lines)} triples for graph {graph}")
        else:
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{''.join(lines)}}} }}",
                        what=f"{len(lines)} triples for graph {graph}")

    def stage(self, graphs: Mapping[URIRef, Graph]) -> None:
        """Write every graph into a staging graph of its own, in chunks; nothing published yet.

        Triples with a blank node go in one request per graph, so each blank
        node stays one node. Then the union of the staging graphs is copied,
        inside the store, into the new build's union graph (:data:`UNION` +
        token), which the build graph names once published. Raises StoreError
        if a staging graph does not hold what was sent.
        """
        self._writers()
        self.discard_stale()
        token = self._token = uuid.uuid4().hex[:12]
        chunk = max(int(self.settings.sparql_chunk_triples), 1)
        total = sum(len(g) for g in graphs.values())
        done = 0
        distinct: set[str] = set()  # the union's size: a triple in two graphs is one triple of the union,
        blank = 0  # but a blank node is its graph's own (each graph's are posted apart)
        t0 = time.perf_counter()
        for i, (name, g) in enumerate(graphs.items()):
            staging = URIRef(f"{STAGING}{token}:{i}")
            self._staged[URIRef(name)] = staging
            self._expected[URIRef(name)] = len(g)
            with_bnodes, plain = [], []
            for t in g:
                line = " ".join(_nt(x) for x in t) + " .\n"
                (with_bnodes if any(isinstance(x, BNode) for x in t) else plain).append(line)
            distinct.update(plain)
            blank += len(with_bnodes)
            if with_bnodes:
                self._post_chunk(str(staging), with_bnodes)
            for start in range(0, len(plain), chunk):
                self._post_chunk(str(staging), plain[start:start + chunk])
                done += len(plain[start:start + chunk])
                if len(plain) > chunk:
                    self.progress(f"  {name}: {min(start + chunk, len(plain)):,} of {len(plain):,} triples "
                                  f"({done + len(with_bnodes):,} of {total:,} in all, {time.perf_counter() - t0:.0f} s)")
            done += len(with_bnodes)
        self._stage_union(len(distinct) + blank)
        self._check_staged()

    def _stage_union(self, expected: int) -> None:
        """Copy every staging graph into the new union graph (``ADD``, inside the store)."""
        self._union_triples = expected
        union = f"{UNION}{self._token}"
        ops = [(f"ADD SILENT <{s}> TO <{union}>", self._expected[name]) for name, s in self._staged.items()]
        self._update_all(ops, what="the copy of the staged graphs into the staged union",
                         max_triples=_ADD_BATCH_TRIPLES)

    def _check_staged(self) -> None:
        expected = {str(s): self._expected[name] for name, s in self._staged.items()}
        names = {str(s): str(name) for name, s in self._staged.items()}
        if self._union_triples is not None:
            union = f"{UNION}{self._token}"
            expected[union] = self._union_triples
            names[union] = f"the union of the graphs ({union})"
        staged = list(expected)
        res = self.run("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                       default_graphs=[], named_graphs=staged)
        got = {r["g"].value: int(r["n"].value) for r in res}
        self._refuse_cut("the triple counts of the staged graphs")
        wrong = [f"{names[s]}: {got.get(s, 0)} of {n}" for s, n in expected.items() if got.get(s, 0) != n]
        if wrong:
            raise StoreError("the SPARQL store holds other triple counts than napkg sent; nothing was published: "
                             + "; ".join(wrong))

    def publish(self, *, build_id: str | None = None, created: str | None = None) -> None:
        """Move the staged graphs into place, drop napkg graphs the new build no longer has, write the build graph."""
        if not self._staged:
            raise StoreError("nothing staged to publish")
        before = set(str(g) for g in (self.build_info() or {}).get("graphs", {}))
        build_id = build_id or uuid.uuid4().hex[:12]
        created = created or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        t0 = time.perf_counter()
        # the union, not these moves, switches default-graph readers at once
        ops = [(f"MOVE SILENT <{s}> TO <{name}>", self._expected[name]) for name, s in self._staged.items()]
        ops += [f"DROP SILENT GRAPH <{g}>" for g in sorted(before - {str(n) for n in self._staged})]
        self._update_all(ops, what="the move of the staged graphs into place", max_triples=_MOVE_BATCH_TRIPLES)
        manifest = f"{MANIFEST}{self._token}"
        lines = []
        for name, n in self._expected.items():
            lines.append(f"<{BUILD_GRAPH}> <{_DCT}hasPart> <{name}> .")
            lines.append(f"<{name}> <{_VOID}triples> \"{n}\"^^<http://www.w3.org/2001/XMLSchema#integer> .")
        for a in range(0, len(lines), _LINES_PER_REQUEST):
            self.update(f"INSERT DATA {{ GRAPH <{manifest}> {{\n" + "\n".join(lines[a:a + _LINES_PER_REQUEST])
                        + "\n} }", what="the list of the build's graphs")
        if self.count(URIRef(manifest)) != len(lines):
            raise StoreError(f"the SPARQL store at {public_url(self.reader.url)} does not hold the list of the "
                             f"build's graphs napkg wrote ({manifest}); the previous build stays the published one")
        info = [f"<{BUILD_GRAPH}> <{_DCT}identifier> {_nt(ox.Literal(build_id))} .",
                f"<{BUILD_GRAPH}> <{_DCT}created> \"{created}\"^^<http://www.w3.org/2001/XMLSchema#dateTime> .",
                f"<{BUILD_GRAPH}> <{_SEE_ALSO}> <{manifest}> ."]
        if self._union_triples is not None:
            info.append(f"<{UNION}{self._token}> <{_VOID}triples> "
                        f"\"{self._union_triples}\"^^<http://www.w3.org/2001/XMLSchema#integer> .")
        self.update(f"DROP SILENT GRAPH <{BUILD_GRAPH}> ;\nINSERT DATA {{ GRAPH <{BUILD_GRAPH}> {{\n"
                    + "\n".join(info) + "\n} }", what="the build graph")
        self.progress(f"published {len(self._staged)} graphs in {time.perf_counter() - t0:.1f} s")
        self._staged.clear()
        self._expected.clear()
        self._token = self._union_triples = None
        self._graphs = self._union = None
        self.build_id = build_id

    def _update_all(self, ops: Sequence[str | tuple[str, int]], *, what: str,
                    max_triples: float = float("inf")) -> None:
        """Run update operations in the requests :func:`update_batches` makes, with progress when several."""
        requests = list(update_batches(ops, max_triples))
        t0 = time.perf_counter()
        for i, text in enumerate(requests, 1):
            self.update(text, what=what)
            if len(requests) > 1:
                self.progress(f"  {what}: {i} of {len(requests)} requests ({time.perf_counter() - t0:.0f} s)")

    def discard(self) -> None:
        """Drop this load's staging graphs (after a failure); the published graphs are untouched."""
        if not self._staged or self.read_only:
            return
        staged = list(self._staged.values()) + ([f"{UNION}{self._token}"] if self._union_triples is not None else [])
        try:
            self._update_all([f"DROP SILENT GRAPH <{s}>" for s in staged], what="dropping the staging graphs")
        except (StoreError, QueryError):
            pass  # the store is gone; the next build drops them (discard_stale)
        self._staged.clear()
        self._expected.clear()
        self._token = self._union_triples = None

    def discard_stale(self) -> None:
        """Drop staging graphs a killed build left behind, and union and manifest graphs but the published build's.

        The union and manifest the last build replaced are dropped here, one
        build later, so a reader that looked up the build just before the
        switch still found them.
        """
        info = self.build_info()
        keep = {info["union"]["graph"] if info["union"] else None, info["manifest"]} if info else set()
        res = [g for g in self._stale_graphs() if g not in keep]
        if res:
            self.progress(f"dropping {len(res)} staging, union or manifest graph(s) of earlier builds")
            self._update_all([f"DROP SILENT GRAPH <{g}>" for g in res], what="dropping old staging graphs")

    def _stale_graphs(self) -> list[str]:
        # No dataset here: the staging graphs are not napkg's published graphs.
        form = urllib.parse.urlencode([("query", f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                                                 f"FILTER(STRSTARTS(STR(?g), \"{STAGING}\") || "
                                                 f"STRSTARTS(STR(?g), \"{UNION}\") || "
                                                 f"STRSTARTS(STR(?g), \"{MANIFEST}\")) }}")]).encode()
        body, headers = self.reader.send(form, what="a query for old staging graphs", timeout_s=self.timeout_s,
                                         headers={"Accept": "application/sparql-results+xml",
                                                  "Content-Type": "application/x-www-form-urlencoded"})
        return [r["g"].value for r in ox.parse_query_results(body, ox.QueryResultsFormat.XML)]

    def load(self, graphs: Mapping[URIRef, Graph]) -> None:
        """Stage and publish in one go (the store contract's ``load``)."""
        try:
            self.stage(graphs)
            self.publish()
        except BaseException:
            self.discard()
            raise

    def close(self) -> None:
        self._writer = self._gsp = None


__all__ = ["SparqlStore", "RemoteNative", "BUILD_GRAPH", "UNION", "MANIFEST", "public_url", "update_batches"]
