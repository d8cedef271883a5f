"""The remote store's build transaction: stage every graph, check, publish at once, or discard.

A build writes each graph into a staging graph (:data:`STAGING` + token), in
chunks of N-Triples over the Graph Store Protocol (or INSERT DATA), copies
their union inside the store into the new union graph (``ADD``: nothing sent
twice), checks every count, moves the staging graphs into place (``MOVE``),
writes its manifest graph (:data:`MANIFEST` + token: napkg's graphs and
sizes), and last the small build graph (:data:`BUILD_GRAPH`: id, time, union,
manifest) in one request, which switches every reader at once. A failed or
killed load leaves the published graphs as they were (:meth:`discard`, and
:meth:`discard_stale` at the next build).

:class:`PublishTransaction` is mixed into :class:`kg.store.sparql.SparqlStore`,
which gives it ``run``, ``count``, ``build_info`` and its settings.
"""

from __future__ import annotations

import time
import urllib.parse
import uuid
from typing import Mapping, Sequence

import pyoxigraph as ox
from rdflib import URIRef

from ..errors import QueryError, StoreError
from ..namespaces import GRAPH
from .sparql_http import Http, public_url
from .sparql_text import nt, update_batches

BUILD_GRAPH = GRAPH["build"]
"""The graph a build writes last: its id, time, union and manifest."""
UNION = "urn:napkg:union:"
"""A build's union graph is ``UNION`` + its staging token: the default graph of a query over napkg's dataset."""
MANIFEST = "urn:napkg:manifest:"
"""A build's list of graphs and sizes: ``MANIFEST`` + its staging token, named by the build graph."""
STAGING = "urn:napkg:staging:"
_LINES_PER_REQUEST = 1000  # triples per INSERT DATA of the manifest
_ADD_BATCH_TRIPLES = 500_000  # triples copied into the staged union a request
_MOVE_BATCH_TRIPLES = 200_000  # triples moved a request: Virtuoso's default TransactionAfterImageLimit
# refused (SR325) one MOVE of 899,600 triples over as many; 182,587 in one request went through
DCT = "http://purl.org/dc/terms/"
SEE_ALSO = "http://www.w3.org/2000/01/rdf-schema#seeAlso"
VOID = "http://rdfs.org/ns/void#"


def build_graph_updates(token: str, build_id: str, created: str, graphs: Mapping, union_triples: int) \
        -> tuple[list[str], str]:
    """The SPARQL updates that publish a build whose graphs are in place: its manifest graph (each graph and its
    size, in requests of :data:`_LINES_PER_REQUEST` lines), then the build graph (id, time, manifest, the size of
    the union ``UNION + token``), written last: it switches every reader at once.

    >>> manifest, build = build_graph_updates("t1", "b1", "2026-01-01T00:00:00Z", {"http://ex/g": 2}, 2)
    >>> "urn:napkg:manifest:t1" in manifest[0] and "urn:napkg:union:t1" in build
    True
    """
    manifest = f"{MANIFEST}{token}"
    lines = []
    for name, n in graphs.items():
        lines.append(f"<{BUILD_GRAPH}> <{DCT}hasPart> <{name}> .")
        lines.append(f"<{name}> <{VOID}triples> \"{n}\"^^<http://www.w3.org/2001/XMLSchema#integer> .")
    updates = [f"INSERT DATA {{ GRAPH <{manifest}> {{\n" + "\n".join(lines[a:a + _LINES_PER_REQUEST]) + "\n} }"
               for a in range(0, len(lines), _LINES_PER_REQUEST)]
    info = [f"<{BUILD_GRAPH}> <{DCT}identifier> {nt(ox.Literal(build_id))} .",
            f"<{BUILD_GRAPH}> <{DCT}created> \"{created}\"^^<http://www.w3.org/2001/XMLSchema#dateTime> .",
            f"<{BUILD_GRAPH}> <{SEE_ALSO}> <{manifest}> .",
            f"<{UNION}{token}> <{VOID}triples> \"{union_triples}\"^^<http://www.w3.org/2001/XMLSchema#integer> ."]
    return updates, (f"DROP SILENT GRAPH <{BUILD_GRAPH}> ;\nINSERT DATA {{ GRAPH <{BUILD_GRAPH}> {{\n"
                     + "\n".join(info) + "\n} }")


class PublishTransaction:
    """Stage, check, publish or discard napkg's graphs in a remote store (mixed into the store)."""

    def _writers(self) -> tuple[Http, Http | None]:
        if self.read_only:
            raise StoreError("this sparql store was opened read-only: napkg never writes with the read account")
        if self._writer is None:
            s = self.settings
            if not s.sparql_user:
                raise StoreError("writing to the sparql store needs sparql_user and its password "
                                 "(NAPKG_SPARQL_USER, NAPKG_SPARQL_PASSWORD or NAPKG_SPARQL_PASSWORD_FILE)")
            self._writer = Http(s.sparql_update_url, user=s.sparql_user, password=s.sparql_password,
                                 setting="sparql_update_url", account="sparql_user")
            if s.sparql_graph_store_url:
                self._gsp = Http(s.sparql_graph_store_url, user=s.sparql_user, password=s.sparql_password,
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

    def stage(self, parts, *, progress=None) -> dict[str, int]:
        """Load a build's parts into a local in-memory Oxigraph store (what the build reads until it publishes:
        its dumps and search index), then write every graph into a staging graph of the remote store; the
        triples per graph. Nothing is published yet."""
        from .oxigraph import OxigraphStore

        if progress is not None:
            self.progress = progress
        local = OxigraphStore(None)
        counts = local.stage(parts)
        self._stage_graphs(local)
        self._local = local
        return counts

    def staged(self):
        """What this store staged and has not published yet, readable (an in-memory Oxigraph store); else itself."""
        return self._local if self._local is not None else self

    def _stage_graphs(self, local) -> None:
        """Write every graph of ``local`` (an Oxigraph store) into a staging graph of its own, in chunks.

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
        total = local.count()
        done = 0
        distinct: set[str] = set()  # the union's size: a triple in two graphs is one triple of the union,
        blank = 0  # but a blank node is its graph's own (each graph's are posted apart)
        t0 = time.perf_counter()
        for i, name in enumerate(sorted(local.held_graphs())):
            staging = URIRef(f"{STAGING}{token}:{i}")
            with_bnodes, plain = [], []
            for t in local.graph_triples(name):
                line = f"{t[0]} {t[1]} {t[2]} .\n"
                (with_bnodes if any(isinstance(x, ox.BlankNode) for x in t) else plain).append(line)
            self._staged[URIRef(name)] = staging
            self._expected[URIRef(name)] = len(with_bnodes) + len(plain)
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

    def publish(self, *, build_id: str | None = None, created: str | None = None) -> dict:
        """Move the staged graphs into place, drop napkg graphs the new build no longer has, write the build graph;
        what the build's manifest records: the store's query URL (never a password)."""
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
        manifest_updates, build_update = build_graph_updates(self._token, build_id, created, self._expected,
                                                             self._union_triples)
        for text in manifest_updates:
            self.update(text, what="the list of the build's graphs")
        manifest = f"{MANIFEST}{self._token}"
        if self.count(URIRef(manifest)) != 2 * len(self._expected):
            raise StoreError(f"the SPARQL store at {public_url(self.reader.url)} does not hold the list of the "
                             f"build's graphs napkg wrote ({manifest}); the previous build stays the published one")
        self.update(build_update, what="the build graph")
        self.progress(f"published {len(self._staged)} graphs in {time.perf_counter() - t0:.1f} s")
        self._staged.clear()
        self._expected.clear()
        self._token = self._union_triples = None
        self._graphs = self._union = self._local = None
        self.build_id = build_id
        return {"query_url": public_url(self.settings.sparql_query_url)}

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
        self._local = None
        if not self._staged or self.read_only:
            return
        staged = list(self._staged.values()) + ([f"{UNION}{self._token}"] if self._union_triples is not None else [])
        try:
            self._update_all([f"DROP SILENT GRAPH <{s}>" for s in staged], what="dropping the staging graphs")
        except (StoreError, QueryError):
            pass  # the store is gone; the next build drops them (discard_stale)
        self._staged.clear()
        self._expected.clear()
        self._token = self._union_triples = self._local = None

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

    def load(self, graphs) -> None:
        """Stage and publish ``{name: rdflib Graph}`` in one go (the store contract's ``load``)."""
        from .oxigraph import OxigraphStore

        local = OxigraphStore(None)
        local.load(graphs)
        try:
            self._stage_graphs(local)
            self.publish()
        except BaseException:
            self.discard()
            raise


__all__ = ["PublishTransaction", "build_graph_updates", "BUILD_GRAPH", "UNION", "MANIFEST", "STAGING"]
