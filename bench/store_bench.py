"""Embedded Oxigraph versus Virtuoso Open Source on napkg's graph, side by side in one run.

Run: ``python -m bench.store_bench [--factors 1 10 100 1000] [--repeat 5]``. A report, not a test.

The real graph is built once (``napkg build``, its N-Quads dump) and scaled by
rewriting N-Quads text: copy 0 is the dump as it is; copy ``i`` appends
``-x<i>`` to every ``https://w3id.org/napkg/id/`` IRI and to every graph IRI,
except the shared reference graphs (ontology, vocabularies, shapes), which
only copy 0 carries, and the ids those reference graphs hold (UNGP
principles, instrument families, actor types: the shared vocabularies), so
every copy still links to them. The scaled data is streamed into part files
of ``--copies-per-part`` copies (both engines read the same files).

Per factor, one heavy process at a time:

1. Oxigraph (pyoxigraph, an on-disk ``Store`` in a worker process of its
   own, so a runaway query can be stopped and its memory measured alone):
   ``bulk_load`` of every part, then ``optimize()``.
2. Virtuoso (``virtuoso-t``, :class:`kg.store.virtuoso_server.VirtuosoServer`):
   its bulk loader, ``ld_dir`` + ``rdf_loader_run()`` (``--loaders`` in
   parallel) + ``checkpoint``, into a fresh database.
3. Every competency query (``queries/*.rq``, unparameterised): Oxigraph
   in-process (``store.query(..., use_default_graph_as_union=True)``, every
   solution consumed) against Virtuoso over HTTP (form POST, SPARQL JSON,
   whole body read), interleaved; warm-up once, then the median of
   ``--repeat`` (fewer when a query is slow); rows compared.
4. Peak RSS of each engine (the kernel's high-water mark, reset between
   load and queries) and size on disk.
5. (``--gsp-max-factor``) A second fresh Virtuoso loaded the way napkg's
   ``sparql`` backend publishes: N-Triples POSTed per graph in chunks to the
   Graph Store Protocol endpoint (Digest, dba) into staging graphs, then
   ``MOVE <staging> TO <target>`` per graph.
6. (``--move-factor``) In the bulk-loaded Virtuoso: a reader thread counts a
   graph while it is replaced with MOVE (the largest real graph, and a large
   flattened graph), and reports every count it saw.

:func:`query_endpoint` / :func:`endpoint_seconds` time one query against any
SPARQL endpoint URL (``napkg serve`` can be measured with it as a third engine).
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAPKG = "https://w3id.org/napkg/"
GRAPH = NAPKG + "graph/"
REF_GRAPHS = tuple(f"<{GRAPH}{g}>" for g in ("ontology", "vocabularies", "shapes"))
SENTINEL = "\x00"
_IRI = re.compile(r"<(https://w3id\.org/napkg/(?:id|graph)/[^>]*)>")
STAGING = "urn:napkg:bench-staging:"
DBA_PASSWORD = "bench-" + os.urandom(6).hex()


def log(*a) -> None:
    print(f"[{time.strftime('%H:%M:%S')}]", *a, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------ scaled data

@dataclass
class Template:
    """The real graph split into what copy 0 alone carries and a per-copy template with a suffix marker."""

    ref_nq: str                       # quads of the reference graphs (copy 0 only)
    copy_nq: str                      # every other quad, renamed IRIs ending in SENTINEL
    graphs: dict[str, list[str]]      # per graph IRI (with SENTINEL): its N-Triples lines (with SENTINEL)
    ref_graphs: dict[str, list[str]]  # the reference graphs as N-Triples lines
    n_ref: int
    n_copy: int

    def quads(self, factor: int) -> int:
        return self.n_ref + factor * self.n_copy

    @staticmethod
    def suffix(i: int) -> str:
        return f"-x{i}" if i else ""


def read_template(nq: Path) -> Template:
    lines = nq.read_text(encoding="utf-8").splitlines(keepends=True)
    ref_lines, other = [], []
    shared: set[str] = set()
    for line in lines:
        if line.strip():
            g = graph_of(line)
            (ref_lines if g in REF_GRAPHS else other).append(line)
    for line in ref_lines:
        shared.update(m.group(0) for m in _IRI.finditer(line))
    shared.update(REF_GRAPHS)

    def mark(m: re.Match) -> str:
        iri = m.group(0)
        return iri if iri in shared else iri[:-1] + SENTINEL + ">"

    graphs: dict[str, list[str]] = collections.defaultdict(list)
    marked = []
    for line in other:
        if "_:" in re.sub(r'"(?:[^"\\]|\\.)*"', '""', line):
            raise SystemExit(f"a blank node outside the reference graphs; copies would share it: {line[:200]}")
        m = _IRI.sub(mark, line)
        marked.append(m)
        graphs[graph_of(m)].append(triple_of(m))
    ref_graphs: dict[str, list[str]] = collections.defaultdict(list)
    for line in ref_lines:
        ref_graphs[graph_of(line)].append(triple_of(line))
    return Template("".join(ref_lines), "".join(marked), dict(graphs), dict(ref_graphs), len(ref_lines), len(marked))


def graph_of(line: str) -> str:
    body = line.rstrip()
    assert body.endswith("."), line
    return body[:-1].rstrip().rsplit(" ", 1)[-1]


def triple_of(line: str) -> str:
    body = line.rstrip()[:-1].rstrip()
    return body[: body.rindex(" <")] + " .\n"


def write_parts(t: Template, factor: int, out: Path, copies_per_part: int) -> list[Path]:
    """Stream ``factor`` copies into ``out/part-NNNN.nq`` files; the reference graphs go into part 0."""
    out.mkdir(parents=True, exist_ok=True)
    parts = []
    for k, start in enumerate(range(0, factor, copies_per_part)):
        p = out / f"part-{k:04d}.nq"
        with open(p, "w", encoding="utf-8") as f:
            if k == 0:
                f.write(t.ref_nq)
            for i in range(start, min(start + copies_per_part, factor)):
                f.write(t.copy_nq.replace(SENTINEL, t.suffix(i)))
        parts.append(p)
    return parts


def gsp_payloads(t: Template, copies: range, chunk: int):
    """(target graph IRI, N-Triples body, triples, has blank nodes) per request, copy by copy."""
    if 0 in copies:
        for g, lines in t.ref_graphs.items():  # blank nodes: one request per graph
            yield g[1:-1], "".join(lines), len(lines), any("_:" in x for x in lines)
    for i in copies:
        s = t.suffix(i)
        for g, lines in t.graphs.items():
            for a in range(0, len(lines), chunk):
                part = lines[a:a + chunk]
                yield g[1:-1].replace(SENTINEL, s), "".join(part).replace(SENTINEL, s), len(part), False


def flattened_chunks(t: Template, copies: range, chunk: int):
    """All copy triples of ``copies`` as one graph, in chunks of ``chunk`` lines (N-Triples bodies)."""
    buf: list[str] = []
    for i in copies:
        s = t.suffix(i)
        for lines in t.graphs.values():
            for line in lines:
                buf.append(line.replace(SENTINEL, s))
                if len(buf) >= chunk:
                    yield "".join(buf), len(buf)
                    buf = []
    if buf:
        yield "".join(buf), len(buf)


# ------------------------------------------------------------------------------------------ measuring helpers

def peak_rss_mb(pid: int) -> float | None:
    """The process's resident-set high-water mark (VmHWM), MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        return None
    return None


def reset_peak_rss(pid: int) -> None:
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        pass


def disk_mb(path: Path) -> float:
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.stat(os.path.join(root, f)).st_blocks * 512
            except OSError:
                pass
    return total / 1e6


def available_mb() -> float:
    import psutil

    return psutil.virtual_memory().available / 1e6


class MemoryGuard(threading.Thread):
    """Kills the processes this run started if the machine runs short of memory (others share it)."""

    def __init__(self, floor_mb: float):
        super().__init__(daemon=True)
        self.floor_mb = floor_mb
        self.pids: dict[int, str] = {}
        self.tripped: list[str] = []
        self.min_available = float("inf")
        self._stop = threading.Event()

    def watch(self, pid: int, name: str) -> None:
        self.pids[pid] = name

    def forget(self, pid: int | None) -> None:
        self.pids.pop(pid, None)

    def run(self) -> None:
        while not self._stop.wait(0.5):
            avail = available_mb()
            self.min_available = min(self.min_available, avail)
            if avail < self.floor_mb and self.pids:
                pid, name = max(self.pids.items(), key=lambda kv: _rss(kv[0]))
                self.tripped.append(f"{name}: killed with {avail:.0f} MB left on the machine "
                                    f"(its RSS {_rss(pid) / 1e6:.0f} MB)")
                log("MEMORY GUARD:", self.tripped[-1])
                try:
                    os.kill(pid, 9)
                except OSError:
                    pass
                self.pids.pop(pid, None)

    def stop(self) -> None:
        self._stop.set()


def _rss(pid: int) -> int:
    import psutil

    try:
        return psutil.Process(pid).memory_info().rss
    except Exception:  # noqa: BLE001
        return 0


def wait_idle(pid: int, limit_s: float = 300) -> None:
    """Wait until the process uses under 5% CPU (a query it is still running after a client timeout)."""
    import psutil

    try:
        p = psutil.Process(pid)
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline and p.cpu_percent(interval=1.0) > 5:
            pass
    except Exception:  # noqa: BLE001
        pass


# ------------------------------------------------------------------------------------------ one query, any engine

@dataclass
class Answer:
    seconds: float | None
    rows: int | None = None
    status: str = "ok"  # ok, timeout, or an error

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def query_endpoint(url: str, text: str, *, timeout_s: float = 120.0, params=(), opener=None) -> Answer:
    """One SPARQL query to an endpoint over HTTP: form POST, the whole answer read; seconds and rows.

    ``params`` are more form fields (Virtuoso: ``timeout`` in ms, ``default-graph-uri``, ...). A
    SELECT or ASK asks for SPARQL JSON; a CONSTRUCT or DESCRIBE for N-Triples (rows: lines). The
    clock runs from sending to the last byte; parsing the rows is not timed.
    """
    from kg.sparql_guard import query_form
    from kg.store.sparql_http import allow_response_headers

    kind = query_form(text)
    accept = "application/sparql-results+json" if kind in ("SELECT", "ASK") else "application/n-triples"
    params = list(params)
    allow_response_headers(len(params))  # Virtuoso echoes each dataset graph as a header
    data = urllib.parse.urlencode([("query", text), *params]).encode("utf-8")
    req = urllib.request.Request(url, data=data, headers={
        "Accept": accept, "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    t0 = time.perf_counter()
    try:
        with (opener or urllib.request.build_opener()).open(req, timeout=timeout_s) as r:
            body = r.read()
            headers = r.headers
    except (socket.timeout, TimeoutError):
        return Answer(None, status=f"timeout (no answer in {timeout_s:.0f} s)")
    except urllib.error.HTTPError as e:
        return Answer(None, status=f"HTTP {e.code}: {' '.join(e.read().decode('utf-8', 'replace').split())[:200]}")
    except urllib.error.URLError as e:
        if isinstance(e.reason, (socket.timeout, TimeoutError)):
            return Answer(None, status=f"timeout (no answer in {timeout_s:.0f} s)")
        return Answer(None, status=f"error: {e.reason}")
    seconds = time.perf_counter() - t0
    if (headers.get("X-SQL-State") or "").upper() == "S1TAT":  # Virtuoso's "anytime" partial answer
        return Answer(None, status=f"timeout (partial answer after {seconds:.0f} s)")
    if kind == "ASK":
        rows = 1
    elif kind == "SELECT":
        rows = len(json.loads(body)["results"]["bindings"])
    else:
        rows = sum(1 for x in body.splitlines() if x.strip())
    return Answer(seconds, rows)


def endpoint_seconds(url: str, text: str, timeout_s: float = 120.0, **kw) -> float:
    """Seconds one query takes at a SPARQL endpoint (see :func:`query_endpoint`); raises on timeout or error."""
    a = query_endpoint(url, text, timeout_s=timeout_s, **kw)
    if not a.ok:
        raise RuntimeError(f"{url}: {a.status}")
    return a.seconds


class HttpEngine:
    """A SPARQL endpoint as an engine of this benchmark (Virtuoso direct; ``napkg serve`` later)."""

    def __init__(self, name: str, url: str, *, params=(), server_pid: int | None = None, timeout_param: str | None = None):
        self.name, self.url, self.server_pid = name, url, server_pid
        self.params = params if callable(params) else list(params)  # or a function of the query text
        self.timeout_param = timeout_param

    def run(self, text: str, timeout_s: float) -> Answer:
        params = list(self.params(text) if callable(self.params) else self.params)
        if self.timeout_param:
            params.append((self.timeout_param, str(int(timeout_s * 1000))))
        a = query_endpoint(self.url, text, timeout_s=timeout_s + (30 if self.timeout_param else 0), params=params)
        if a.status.startswith("timeout (no answer") and self.server_pid:
            wait_idle(self.server_pid)  # the server may still be working on it
        return a


# ------------------------------------------------------------------------------------------ Oxigraph in a worker process

def _ox_worker(conn, store_dir: str) -> None:
    import pyoxigraph as ox

    store = None
    while True:
        cmd, arg = conn.recv()
        try:
            if cmd == "load":
                store = ox.Store(store_dir)
                t0 = time.perf_counter()
                for p in arg:
                    store.bulk_load(path=p, format=ox.RdfFormat.N_QUADS)
                t1 = time.perf_counter()
                store.optimize()
                t2 = time.perf_counter()
                conn.send(("ok", (t1 - t0, t2 - t1, len(store))))
            elif cmd == "open":
                store = ox.Store(store_dir)
                conn.send(("ok", len(store)))
            elif cmd == "query":
                t0 = time.perf_counter()
                res = store.query(arg, use_default_graph_as_union=True)
                if isinstance(res, (bool, ox.QueryBoolean)):
                    n = 1
                else:
                    n = 0
                    for _ in res:
                        n += 1
                conn.send(("ok", (time.perf_counter() - t0, n)))
            elif cmd == "close":
                del store
                conn.send(("ok", None))
                return
        except Exception as e:  # noqa: BLE001
            conn.send(("error", f"{type(e).__name__}: {e}"))


class OxigraphEngine:
    name = "oxigraph"

    def __init__(self, store_dir: Path, guard: MemoryGuard):
        self.store_dir, self.guard = store_dir, guard
        self.proc = self.conn = None

    def _spawn(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_ox_worker, args=(child, str(self.store_dir)), daemon=True)
        self.proc.start()
        self.guard.watch(self.proc.pid, "oxigraph worker")

    def _call(self, cmd: str, arg=None, timeout_s: float | None = None):
        self.conn.send((cmd, arg))
        if not self.conn.poll(timeout_s):
            return "timeout", None
        try:
            return self.conn.recv()
        except EOFError:
            return "error", "the worker died (killed by the memory guard?)"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def load(self, parts: list[Path]) -> tuple[float, float, int]:
        self._spawn()
        status, value = self._call("load", [str(p) for p in parts])
        if status != "ok":
            raise RuntimeError(f"oxigraph load failed: {value}")
        return value

    def run(self, text: str, timeout_s: float) -> Answer:
        status, value = self._call("query", text, timeout_s)
        if status == "ok":
            return Answer(value[0], value[1])
        if status == "timeout":
            self.kill()
            self._spawn()
            self._call("open")
            return Answer(None, status=f"timeout (no answer in {timeout_s:.0f} s)")
        if not self.proc.is_alive():
            self._spawn()
            self._call("open")
        return Answer(None, status=f"error: {value}")

    def kill(self) -> None:
        if self.proc is not None:
            self.guard.forget(self.proc.pid)
            self.proc.kill()
            self.proc.join()
            self.proc = None

    def close(self) -> None:
        if self.proc is not None and self.proc.is_alive():
            self._call("close", None, 120)
            self.proc.join(30)
        self.kill()


# ------------------------------------------------------------------------------------------ Virtuoso

class Writer:
    """The dba account over HTTP Digest: SPARQL Update and Graph Store Protocol requests."""

    def __init__(self, v):
        self.v = v
        mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        mgr.add_password(None, v.base, "dba", v.dba_password)
        self.opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(mgr))

    def _send(self, req: urllib.request.Request, timeout_s: float) -> bytes:
        try:
            with self.opener.open(req, timeout=timeout_s) as r:
                return r.read()
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"HTTP {e.code} from {req.full_url}: "
                               f"{' '.join(e.read().decode('utf-8', 'replace').split())[:300]}") from None

    def update(self, text: str, timeout_s: float = 3600) -> float:
        t0 = time.perf_counter()
        self._send(urllib.request.Request(self.v.update_url, data=urllib.parse.urlencode({"update": text}).encode(),
                                          headers={"Content-Type": "application/x-www-form-urlencoded"}), timeout_s)
        return time.perf_counter() - t0

    def post(self, graph: str, body: str, timeout_s: float = 3600) -> float:
        q = urllib.parse.urlencode({"graph-uri": graph})
        t0 = time.perf_counter()
        self._send(urllib.request.Request(f"{self.v.graph_store_url}?{q}", data=body.encode("utf-8"), method="POST",
                                          headers={"Content-Type": "application/n-triples"}), timeout_s)
        return time.perf_counter() - t0


def count(v, graph: str | None = None, prefix: str | None = None, timeout_s: float = 3600) -> int:
    if graph:
        q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    else:
        q = f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{prefix}")) }}'
    req = urllib.request.Request(v.query_url, data=urllib.parse.urlencode({"query": q}).encode(),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=timeout_s) as r:
        return int(json.loads(r.read())["results"]["bindings"][0]["n"]["value"])


def start_virtuoso(folder: Path, bulk_dir: Path, memory_mb: int, guard: MemoryGuard, after_image_limit: int = 0):
    """A fresh Virtuoso; ``after_image_limit`` sets [Parameters] TransactionAfterImageLimit (bytes, else its default)."""
    from kg.store import virtuoso_server as vs

    ini = vs.INI
    if after_image_limit:  # this process only: the ini template with one more line
        vs.INI = ini.replace("[Parameters]\n", f"[Parameters]\nTransactionAfterImageLimit = {after_image_limit}\n")
    try:
        v = vs.VirtuosoServer(folder, dba_password=DBA_PASSWORD, memory_mb=memory_mb, bulk_dir=bulk_dir).start()
    finally:
        vs.INI = ini
    guard.watch(v.pid, "virtuoso-t")
    return v


def stop_virtuoso(v, guard: MemoryGuard) -> None:
    guard.forget(v.pid)
    v.stop()


def virtuoso_bulk_load(v, bulk_dir: Path, loaders: int) -> tuple[float, float, int]:
    """ld_dir + ``loaders`` rdf_loader_run() in parallel + checkpoint; (load s, checkpoint s, files retried).

    Parallel loaders on a fresh database sometimes end a file with "40001 Transaction deadlock";
    such files are put back on the list and loaded again by one loader (loading is idempotent),
    and that time counts.
    """
    t0 = time.perf_counter()
    v.isql(f"ld_dir('{bulk_dir}', '*.nq', 'http://fallback');")
    errors: list[str] = []

    def run():
        try:
            v.isql("rdf_loader_run();", timeout_s=6 * 3600)
        except Exception as e:  # noqa: BLE001
            errors.append(str(e))

    def failed() -> int:
        m = re.search(r"_{20,}\s+(\d+)", v.isql("SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;"))
        return int(m.group(1)) if m else -1

    retried = 0
    for attempt in range(4):
        threads = [threading.Thread(target=run) for _ in range(loaders if attempt == 0 else 1)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        n_bad = failed()
        if errors or not n_bad:
            break
        detail = v.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
        if "deadlock" not in detail.lower() or attempt == 3:
            raise RuntimeError(f"virtuoso bulk load failed: {detail.split('_' * 20)[-1].strip()[:500]}")
        log(f"  virtuoso: {n_bad} file(s) ended in a deadlock; loading them again with one loader")
        retried += n_bad
        v.isql("UPDATE DB.DBA.LOAD_LIST SET ll_state = 0, ll_error = NULL WHERE ll_error IS NOT NULL;")
    if errors:
        raise RuntimeError(f"virtuoso bulk load failed: {errors}")
    t1 = time.perf_counter()
    v.isql("checkpoint;", timeout_s=3600)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, retried


# ------------------------------------------------------------------------------------------ napkg serve in front

def graph_sizes(t: Template, factor: int) -> dict[str, int]:
    """Triples per named graph of the scaled data (what a build's manifest and build graph record)."""
    sizes: dict[str, int] = collections.Counter()
    for g, lines in t.ref_graphs.items():
        sizes[g[1:-1]] += len(lines)
    for i in range(factor):
        s = t.suffix(i)
        for g, lines in t.graphs.items():
            sizes[g[1:-1].replace(SENTINEL, s)] += len(lines)
    return dict(sizes)


def oxigraph_build_folder(root: Path, build_id: str, sizes: dict[str, int]) -> Path:
    """A napkg store folder whose current build is ``builds/<build_id>/store`` (the Oxigraph store loaded here)."""
    from kg.namespaces import PREFIXES

    build = root / "builds" / build_id
    build.mkdir(parents=True, exist_ok=True)
    (build / "manifest.json").write_text(json.dumps({
        "backend": "oxigraph", "build_id": build_id, "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "graphs": sizes, "triples": sum(sizes.values()), "prefixes": PREFIXES}), encoding="utf-8")
    (root / "current").symlink_to(build.relative_to(root))
    return build / "store"


TOKEN = "bench"
UNION = "urn:napkg:union:" + TOKEN  # kg.store.sparql_publish.UNION + the token


def union_graph(v, sizes: dict[str, int]) -> tuple[float, int]:
    """Copy napkg's graphs into a union graph in the requests napkg's ``stage`` sends (SPARQL Update
    ``ADD``, :func:`kg.store.sparql_text.update_batches`); (seconds, triples in the union)."""
    from kg.store.sparql_publish import _ADD_BATCH_TRIPLES
    from kg.store.sparql_text import update_batches

    w = Writer(v)
    t0 = time.perf_counter()
    for text in update_batches([(f"ADD SILENT <{g}> TO <{UNION}>", n) for g, n in sizes.items()], _ADD_BATCH_TRIPLES):
        w.update(text)
    return time.perf_counter() - t0, count(v, UNION)


def publish_build_graph(v, build_id: str, sizes: dict[str, int], union: int) -> None:
    """The manifest and build graphs napkg's ``publish`` writes last (:func:`kg.store.sparql_publish.build_graph_updates`),
    for a Virtuoso loaded by its bulk loader, whose union graph is ``UNION`` (token ``bench``)."""
    from kg.store.sparql_publish import build_graph_updates

    manifest, build = build_graph_updates(TOKEN, build_id, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), sizes,
                                          union)
    w = Writer(v)
    for text in manifest + [build]:
        w.update(text)


def stop_napkg(proc) -> None:
    from bench.service_bench import stop

    stop(proc)


def start_napkg(name: str, env: dict, timeout_s: float, query_workers: int):
    """``napkg serve`` on a free port with a time limit of ``timeout_s`` and no row cap; (process, engine)."""
    from bench.service_bench import start

    env = {**os.environ, "PYTHONPATH": str(ROOT), "NAPKG_QUERY_TIME_LIMIT_MS": str(int(timeout_s * 1000)),
           "NAPKG_MAX_RESULT_ROWS": str(10**9), "NAPKG_QUERY_WORKERS": str(query_workers), **env}
    proc, url = start([sys.executable, "-m", "kg.cli", "serve", "--port", "0"], env)
    return proc, HttpEngine(name, url + "/sparql")


# ------------------------------------------------------------------------------------------ MOVE under a reader

@dataclass
class MoveWatch:
    label: str
    triples_old: int
    triples_new: int
    move_s: float = 0.0
    polls_during: int = 0
    seen_during: dict = field(default_factory=dict)  # count -> times seen during the MOVE
    other: list = field(default_factory=list)  # counts other than old or new, or errors
    slowest_poll_ms: float = 0.0
    polls_total: int = 0
    error: str = ""


def watched_move(v, w: Writer, staging: str, target: str, label: str, old: int, new: int) -> MoveWatch:
    """MOVE staging TO target while a reader thread counts the target back to back."""
    polls: list[tuple[float, float, object]] = []
    stop = threading.Event()
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}"

    def reader():
        while not stop.is_set():
            t0 = time.perf_counter()
            try:
                req = urllib.request.Request(v.query_url, data=urllib.parse.urlencode({"query": q}).encode(),
                                             headers={"Accept": "application/sparql-results+json"})
                with urllib.request.urlopen(req, timeout=600) as r:
                    n: object = int(json.loads(r.read())["results"]["bindings"][0]["n"]["value"])
            except Exception as e:  # noqa: BLE001
                n = f"error: {type(e).__name__}: {str(e)[:100]}"
            polls.append((t0, time.perf_counter(), n))

    th = threading.Thread(target=reader, daemon=True)
    th.start()
    time.sleep(1.0)
    m0 = time.perf_counter()
    error = ""
    try:
        w.update(f"MOVE <{staging}> TO <{target}>")
    except RuntimeError as e:
        error = str(e)
        log("  MOVE failed:", error[:300])
    m1 = time.perf_counter()
    time.sleep(1.0)
    stop.set()
    th.join()
    res = MoveWatch(label, old, new, move_s=m1 - m0, polls_total=len(polls), error=error)
    during = [(a, b, n) for a, b, n in polls if b >= m0 and a <= m1]
    res.polls_during = len(during)
    res.seen_during = dict(collections.Counter(str(n) for _, _, n in during))
    res.other = sorted({str(n) for _, _, n in polls if n not in (old, new)})
    res.slowest_poll_ms = max(((b - a) * 1000 for a, b, _ in during), default=0.0)
    after = [n for a, _, n in polls if a > m1]
    final = old if error else new
    if after and after[-1] != final:
        res.other.append(f"after the MOVE: {after[-1]}")
    if error:
        w.update(f"DROP SILENT GRAPH <{staging}>")
    return res


def gsp_stage(w: Writer, chunks, staging: str) -> tuple[float, int, int]:
    """POST every chunk into one staging graph; (seconds, requests, triples)."""
    t0, reqs, triples = time.perf_counter(), 0, 0
    for body, n in chunks:
        w.post(staging, body)
        reqs += 1
        triples += n
    return time.perf_counter() - t0, reqs, triples


def move_tests(v, t: Template, chunk: int, big_copies: int, *, largest: bool = True, note: str = "") -> list[MoveWatch]:
    """Replace graphs while a reader counts them: the largest real graph, then a large flattened graph."""
    w = Writer(v)
    out: list[MoveWatch] = []
    if largest:
        g = max(t.graphs, key=lambda g: len(t.graphs[g]))
        target = g[1:-1].replace(SENTINEL, "")
        old = count(v, graph=target)
        lines = t.graphs[g]
        # the new version: the graph plus a renamed copy of itself (twice the triples)
        body = "".join(lines).replace(SENTINEL, "") + "".join(lines).replace(SENTINEL, "-moved")
        staging = STAGING + "largest"
        w.post(staging, body)
        new = count(v, graph=staging)
        out.append(watched_move(v, w, staging, target, f"{target.rsplit('/', 1)[-1]} (largest graph), republished",
                                old, new))
    big = GRAPH + "bench-big"
    half = max(1, big_copies // 2)
    for label, copies in ((f"bench-big (copies 0-{half - 1} in one graph), first publish", range(half)),
                          (f"bench-big (copies 0-{big_copies - 1} in one graph), republished", range(big_copies))):
        staging = STAGING + f"big-{len(copies)}"
        secs, reqs, n = gsp_stage(w, flattened_chunks(t, copies, chunk), staging)
        log(f"  staged {n:,} triples in {reqs} POSTs, {secs:.1f} s")
        old = count(v, graph=big)
        new = count(v, graph=staging)
        mw = watched_move(v, w, staging, big, label + note, old, new)
        mw.label += f"; staged by {reqs} GSP POSTs in {secs:.0f} s ({n / secs:,.0f} triples/s)"
        out.append(mw)
    w.update(f"DROP SILENT GRAPH <{big}>")
    return out


def gsp_publish(v, t: Template, factor: int, chunk: int) -> dict:
    """Load a fresh Virtuoso the way napkg publishes: GSP POSTs into staging graphs, then MOVE per graph."""
    w = Writer(v)
    targets: dict[str, str] = {}
    t0 = time.perf_counter()
    reqs = triples = 0
    for target, body, n, _bnodes in gsp_payloads(t, range(factor), chunk):
        staging = targets.setdefault(target, f"{STAGING}{len(targets)}")
        w.post(staging, body)
        reqs += 1
        triples += n
    post_s = time.perf_counter() - t0
    staged = count(v, prefix=STAGING)
    moves = []
    t1 = time.perf_counter()
    for target, staging in targets.items():
        moves.append(w.update(f"MOVE <{staging}> TO <{target}>"))
    move_s = time.perf_counter() - t1
    t2 = time.perf_counter()
    v.isql("checkpoint;")
    ckpt_s = time.perf_counter() - t2
    published = count(v, prefix=GRAPH)
    out = {"graphs": len(targets), "requests": reqs, "triples_sent": triples, "staged": staged,
           "published": published, "post_s": post_s, "move_s": move_s,
           "move_median_ms": statistics.median(moves) * 1000, "move_max_ms": max(moves) * 1000,
           "checkpoint_s": ckpt_s}
    # napkg's publish: every MOVE in one update request (one transaction), here replacing the published build
    again: dict[str, str] = {}
    for target, body, _n, _b in gsp_payloads(t, range(factor), chunk):
        staging = again.setdefault(target, f"{STAGING}again-{len(again)}")
        w.post(staging, body)
    t3 = time.perf_counter()
    try:
        w.update(" ;\n".join(f"MOVE <{s}> TO <{g}>" for g, s in again.items()))
        out["one_request_s"] = time.perf_counter() - t3
    except RuntimeError as e:
        out["one_request_error"] = str(e)[:600]
        out["one_request_failed_after_s"] = time.perf_counter() - t3
        out["published_after_failure"] = count(v, prefix=GRAPH)
        log(f"  one-request publish failed: {out['one_request_error']}; {out['published_after_failure']:,} quads published")
    return out


# ------------------------------------------------------------------------------------------ queries

@dataclass
class QueryRow:
    factor: int
    query: str
    results: dict = field(default_factory=dict)  # engine -> {"median_ms", "runs", "rows", "status"}


def measure_queries(engines, queries: dict, factor: int, repeat: int, timeout_s: float, budget_s: float) -> list[QueryRow]:
    rows = []
    for name, q in queries.items():
        row = QueryRow(factor, name)
        warm = {e.name: e.run(q.text, timeout_s) for e in engines}
        times: dict[str, list[float]] = {e.name: [] for e in engines}
        counts: dict[str, set] = {e.name: set() for e in engines}
        n = {}
        for e in engines:
            a = warm[e.name]
            n[e.name] = 0 if not a.ok else repeat if a.seconds * repeat <= budget_s else max(1, int(budget_s // a.seconds))
            if a.ok:
                counts[e.name].add(a.rows)
        status = {e.name: warm[e.name].status for e in engines}
        for r in range(max(n.values())):
            for e in engines:
                if r < n[e.name] and status[e.name] == "ok":
                    a = e.run(q.text, timeout_s)
                    if a.ok:
                        times[e.name].append(a.seconds)
                        counts[e.name].add(a.rows)
                    else:
                        status[e.name] = a.status
        for e in engines:
            row.results[e.name] = {
                "median_ms": statistics.median(times[e.name]) * 1000 if times[e.name] else None,
                "runs": len(times[e.name]), "rows": sorted(counts[e.name]), "status": status[e.name]}
        log(f"  x{factor} {name}: " + "; ".join(
            f"{k} {v['median_ms'] and round(v['median_ms'], 1)} ms ({v['runs']}) rows {v['rows']} {v['status']}"
            for k, v in row.results.items()))
        rows.append(row)
    return rows


# ------------------------------------------------------------------------------------------ report

def fmt(x, nd=1) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:,.{nd}f}"
    return f"{x:,}"


def ratio(a, b) -> str:
    return f"{a / b:.2f}" if a and b else "–"


def short_error(text: str) -> str:
    """Virtuoso's error code and message out of an HTTP error text."""
    m = re.search(r"(SR\d+: .*?)(?: SPARQL query:|$)", text)
    return (m.group(1) if m else text)[:160]


def _section(out: list[str], title: str, head: str, *, first: bool = False) -> None:
    """A Markdown table's title, header row and separator."""
    out.append(("" if first else "\n") + f"### {title}\n")
    out.append(head)
    out.append("|---" * (head.count("|") - 1) + "|")


def tables(res: dict) -> str:
    out = []
    _section(out, "Load (seconds, fresh on-disk stores)", "| scale | quads | oxigraph bulk_load | optimize | oxigraph total | virtuoso ld_dir + rdf_loader_run | checkpoint | virtuoso total | virtuoso / oxigraph | virtuoso union graph by ADD (triples) |", first=True)
    for f in res["factors"]:
        L = f.get("load")
        if not L:
            out.append(f"| x{f['factor']} | {fmt(f.get('quads'))} | {f.get('failed', 'not run')} ||||||| ")
            continue
        ox_t = L["ox_load_s"] + L["ox_optimize_s"]
        vt = (L.get("virt_load_s") or 0) + (L.get("virt_checkpoint_s") or 0)
        out.append(f"| x{f['factor']} | {fmt(f['quads'])} | {fmt(L['ox_load_s'], 2)} | {fmt(L['ox_optimize_s'], 2)} | "
                   f"{fmt(ox_t, 2)} | {fmt(L.get('virt_load_s'), 2)} | {fmt(L.get('virt_checkpoint_s'), 2)} | "
                   f"{fmt(vt or None, 2)} | {ratio(vt, ox_t)} | "
                   + (f"{fmt(L['virt_union_s'], 2)} ({fmt(L['virt_union_quads'])}) |" if "virt_union_s" in L else " |"))
    gsp = [f for f in res["factors"] if f.get("gsp")]
    if gsp:
        _section(out, "Virtuoso loaded as napkg publishes: Graph Store Protocol POSTs into staging graphs, then MOVE per graph", "| scale | graphs | POSTs | triples | POST s | triples/s | MOVE s (all graphs) | MOVE per graph median / max ms | checkpoint s | POST+MOVE+checkpoint / oxigraph load | republish: all MOVEs in one request (napkg's publish) s |")
        for f in gsp:
            g = f["gsp"]
            if "error" in g:
                out.append(f"| x{f['factor']} | failed: {g['error']} |||||||||")
                continue
            tot = g["post_s"] + g["move_s"] + g["checkpoint_s"]
            one = fmt(g.get("one_request_s"), 2)
            if g.get("one_request_error"):
                one = (f"failed after {g['one_request_failed_after_s']:.1f} s: {short_error(g['one_request_error'])} "
                       f"(published graphs intact: {g['published_after_failure'] == g['published']})")
            ox_t = f["load"]["ox_load_s"] + f["load"]["ox_optimize_s"] if f.get("load") else None
            out.append(f"| x{f['factor']} | {fmt(g['graphs'])} | {fmt(g['requests'])} | {fmt(g['triples_sent'])} | "
                       f"{fmt(g['post_s'], 2)} | {fmt(g['triples_sent'] / g['post_s'], 0)} | {fmt(g['move_s'], 2)} | "
                       f"{fmt(g['move_median_ms'], 1)} / {fmt(g['move_max_ms'], 1)} | {fmt(g['checkpoint_s'], 2)} | "
                       f"{ratio(tot, ox_t)} | {one} |")
    limits = sorted({(f.get("timeout_s"), f.get("repeat")) for f in res["factors"] if f.get("queries")})
    limits_text = "; ".join(f"{'x' + ', x'.join(str(f['factor']) for f in res['factors'] if (f.get('timeout_s'), f.get('repeat')) == lim)}: "
                            f"{lim[0]:.0f} s per run, median of up to {lim[1]}" for lim in limits)
    out.append("\n### Competency queries (ms, median; runs in brackets)\n")
    union = any("virt_union_s" in (f.get("load") or {}) for f in res["factors"])
    out.append("Oxigraph in-process (no HTTP) and Virtuoso's own endpoint over HTTP ("
               + ("napkg's dataset: the union graph as default graph, napkg's graphs as named graphs to a query "
                  "that says GRAPH" if union else "its whole default graph, no dataset")
               + "); then the same stores behind `napkg serve` (HTTP, the guard, a query worker process, napkg's "
               "dataset sent explicitly" + (" (the union graph)" if union else " (every graph listed)")
               + ", the answer re-serialised). "
               f"Time limit and runs: {limits_text}, fewer when the runs of one query would pass the budget.\n")
    via = any("oxigraph via napkg" in q["results"] for f in res["factors"] for q in f.get("queries", []))
    head = "| scale | query | oxigraph ms | virtuoso ms | virtuoso / oxigraph |"
    if via:
        head += " oxigraph via napkg ms | virtuoso via napkg ms | via napkg: virtuoso / oxigraph |"
    out.append(head + " rows |")
    out.append("|---" * (head.count("|")) + "|")

    def cell(x):
        if x is None:
            return "–"
        if x["median_ms"] is None:
            return short_error(x["status"])
        s = f"{x['median_ms']:,.1f} ({x['runs']})"
        return s if x["status"] == "ok" else s + f", then {short_error(x['status'])}"

    for f in res["factors"]:
        for q in f.get("queries", []):
            r = q["results"]
            o, v = r["oxigraph"], r["virtuoso"]
            line = f"| x{f['factor']} | {q['query']} | {cell(o)} | {cell(v)} | {ratio(v['median_ms'], o['median_ms'])} |"
            if via:
                no, nv = r.get("oxigraph via napkg"), r.get("virtuoso via napkg")
                line += (f" {cell(no)} | {cell(nv)} | "
                         f"{ratio(nv and nv['median_ms'], no and no['median_ms'])} |")
            counts = {name: tuple(x["rows"]) for name, x in r.items() if x["rows"]}
            if len(set(counts.values())) <= 1:
                rows = "/".join(fmt(n) for n in next(iter(counts.values()), ())) or "–"
            else:
                rows = "; ".join(f"{name} {'/'.join(fmt(n) for n in c)}" for name, c in counts.items()) + " (differ)"
            out.append(line + f" {rows} |")
    _section(out, "Peak memory (RSS high-water mark, MB) and size on disk (MB)", "| scale | oxigraph RSS load | oxigraph RSS queries | virtuoso RSS just started | virtuoso RSS load | virtuoso RSS queries | virtuoso / oxigraph (queries) | oxigraph disk | virtuoso disk (empty database) | virtuoso / oxigraph (disk) |")
    for f in res["factors"]:
        m = f.get("memory")
        if not m:
            continue
        out.append(f"| x{f['factor']} | {fmt(m.get('ox_rss_load'), 0)} | {fmt(m.get('ox_rss_queries'), 0)} | "
                   f"{fmt(m.get('virt_rss_empty'), 0)} | {fmt(m.get('virt_rss_load'), 0)} | {fmt(m.get('virt_rss_queries'), 0)} | "
                   f"{ratio(m.get('virt_rss_queries'), m.get('ox_rss_queries'))} | {fmt(m.get('ox_disk'), 0)} | "
                   f"{fmt(m.get('virt_disk'), 0)} ({fmt(m.get('virt_disk_empty'), 0)}) | "
                   f"{ratio(m.get('virt_disk'), m.get('ox_disk'))} |")
    mv = [(f["factor"], m) for f in res["factors"] for m in f.get("move", [])]
    if mv:
        _section(out, "MOVE under a concurrent reader (Virtuoso; a thread counts the target graph back to back)", "| scale | graph | triples before | after | MOVE s | polls during the MOVE | counts seen during the MOVE | slowest poll ms | any count other than before/after |")
        for f, m in mv:
            seen = ", ".join(f"{k} ×{v}" for k, v in m["seen_during"].items())
            took = fmt(m["move_s"], 2)
            if m.get("error"):
                took = f"failed after {took} s: " + short_error(m["error"])
            out.append(f"| x{f} | {m['label']} | {fmt(m['triples_old'])} | {fmt(m['triples_new'])} | {took} | "
                       f"{m['polls_during']} | {seen} | {fmt(m['slowest_poll_ms'], 0)} | {'; '.join(m['other']) or 'no'} |")
    if res.get("notes"):
        out.append("\n" + "\n".join(f"- {n}" for n in res["notes"]))
    return "\n".join(out)


# ------------------------------------------------------------------------------------------ main

def build_real(tmp: Path) -> Path:
    env = dict(os.environ, NAPKG_CACHE_DIR=str(tmp / "cache"))
    subprocess.run([sys.executable, "-m", "kg.cli", "--store-dir", str(tmp / "store"), "build", "-q"],
                   cwd=ROOT, env=env, check=True)
    return tmp / "store" / "current" / "dumps" / "napkg.nq"


def run_factor(f: int, t: Template, queries: dict, args, tmp: Path, guard: MemoryGuard, res: dict) -> dict:
    out: dict = {"factor": f, "quads": t.quads(f), "timeout_s": args.timeout, "repeat": args.repeat}
    res["factors"].append(out)
    work = tmp / f"x{f}"
    bulk = work / "bulk"
    need_disk = t.quads(f) * 230 * 4 / 1e6  # the parts plus both stores, roughly
    free_disk = shutil.disk_usage(tmp).free / 1e6
    if free_disk < need_disk:
        out["failed"] = f"skipped: {free_disk:,.0f} MB free on disk, about {need_disk:,.0f} MB needed"
        log(out["failed"])
        return out
    log(f"x{f}: writing {t.quads(f):,} quads")
    t0 = time.perf_counter()
    parts = write_parts(t, f, bulk, args.copies_per_part)
    one = work / "all.nq"  # Oxigraph reads one file (a quarter faster than the same data in parts)
    with open(one, "wb") as o:
        for p in parts:
            with open(p, "rb") as i:
                shutil.copyfileobj(i, o, 1 << 24)
    log(f"  {len(parts)} part(s), {disk_mb(bulk):,.0f} MB in {time.perf_counter() - t0:.1f} s; "
        f"{available_mb():,.0f} MB memory available")
    sizes = graph_sizes(t, f)
    ox = OxigraphEngine(oxigraph_build_folder(work / "oxigraph", f"bench-x{f}", sizes), guard)
    v = None
    servers: list = []
    try:
        log("  oxigraph: bulk_load + optimize")
        ox_load, ox_opt, ox_n = ox.load([one])
        mem = {"ox_rss_load": peak_rss_mb(ox.pid), "ox_disk": disk_mb(ox.store_dir)}
        out["load"] = {"ox_load_s": ox_load, "ox_optimize_s": ox_opt, "ox_quads": ox_n}
        out["memory"] = mem
        log(f"  oxigraph: {ox_n:,} quads, load {ox_load:.1f} s, optimize {ox_opt:.1f} s, "
            f"peak {mem['ox_rss_load']:.0f} MB, {mem['ox_disk']:.0f} MB on disk")
        if ox_n != t.quads(f):
            res["notes"].append(f"x{f}: Oxigraph holds {ox_n:,} quads, {t.quads(f):,} written")
        log(f"  virtuoso: bulk loader ({available_mb():,.0f} MB available)")
        v = start_virtuoso(work / "virtuoso", bulk, args.virtuoso_memory_mb, guard)
        empty = disk_mb(work / "virtuoso" / "db")
        mem["virt_rss_empty"] = _rss(v.pid) / 1e6
        reset_peak_rss(v.pid)
        vl, vc, retried = virtuoso_bulk_load(v, bulk, args.loaders)
        if retried:
            res["notes"].append(f"x{f}: Virtuoso's parallel loaders ended {retried} file(s) in a transaction "
                                "deadlock; they were loaded again by one loader, within the load time")
        vn = count(v, prefix=GRAPH)
        out["load"].update(virt_load_s=vl, virt_checkpoint_s=vc, virt_quads=vn)
        mem.update(virt_rss_load=peak_rss_mb(v.pid), virt_disk=disk_mb(work / "virtuoso" / "db"), virt_disk_empty=empty)
        log(f"  virtuoso: {vn:,} quads in napkg's graphs, load {vl:.1f} s, checkpoint {vc:.1f} s, "
            f"peak {mem['virt_rss_load']:.0f} MB, {mem['virt_disk']:.0f} MB on disk (empty database {empty:.0f} MB)")
        if vn != t.quads(f):
            res["notes"].append(f"x{f}: Virtuoso holds {vn:,} quads in napkg's graphs, {t.quads(f):,} written")
        # queries, interleaved; peaks measured from here on
        reset_peak_rss(v.pid)
        reset_peak_rss(ox.pid)
        union = None
        if args.union or args.napkg:  # napkg reads a build through its union graph
            us, union = union_graph(v, sizes)
            out["load"].update(virt_union_s=us, virt_union_quads=union)
            log(f"  virtuoso: union graph of {union:,} triples by ADD in {us:.1f} s")

            def dataset(text: str, names=[("named-graph-uri", g) for g in sizes]) -> list:
                return [("default-graph-uri", UNION)] + (names if "graph" in text.lower() else [])

        engines = [ox, HttpEngine("virtuoso", v.query_url, server_pid=v.pid, timeout_param="timeout",
                                  params=dataset if union is not None else ())]
        if args.napkg:
            publish_build_graph(v, f"bench-x{f}", sizes, union)
            p1, e1 = start_napkg("oxigraph via napkg", {"NAPKG_STORE_DIR": str(work / "oxigraph")},
                                 args.timeout, args.query_workers)
            servers.append(p1)
            p2, e2 = start_napkg("virtuoso via napkg", {
                "NAPKG_STORE_DIR": str(work / "napkg-virtuoso"), "NAPKG_STORE_BACKEND": "sparql",
                "NAPKG_SPARQL_QUERY_URL": v.query_url}, args.timeout, args.query_workers)
            servers.append(p2)
            e2.server_pid = v.pid
            engines += [e1, e2]
            time.sleep(3)  # the query workers start
        qrows = measure_queries(engines, queries, f, args.repeat, args.timeout, args.budget)
        for p in servers:
            stop_napkg(p)
        servers.clear()
        out["queries"] = [asdict(r) for r in qrows]
        mem.update(ox_rss_queries=peak_rss_mb(ox.pid), virt_rss_queries=peak_rss_mb(v.pid))
        ox.close()
        if f == args.move_factor:
            log("  MOVE under a reader")
            try:
                out["move"] = [asdict(m) for m in move_tests(v, t, args.chunk, f)]
            except Exception as e:  # noqa: BLE001
                res["notes"].append(f"x{f}: the MOVE test failed: {e}")
                log("  MOVE test failed:", e)
            if any("SR325" in m["error"] for m in out.get("move", [])) and args.after_image_limit:
                stop_virtuoso(v, guard)
                v = None
                lim = args.after_image_limit
                log(f"  MOVE again with TransactionAfterImageLimit = {lim:,} (a fresh Virtuoso)")
                v = start_virtuoso(work / "virtuoso-limit", bulk, args.virtuoso_memory_mb, guard, after_image_limit=lim)
                try:
                    got = v.isql("select sys_stat('txn_after_image_limit');")
                    note = f", TransactionAfterImageLimit = {lim:,}" + ("" if f"{lim}" in got else " (NOT in effect!)")
                    out["move"] += [asdict(m) for m in move_tests(v, t, args.chunk, f, largest=False, note=note)]
                except Exception as e:  # noqa: BLE001
                    res["notes"].append(f"x{f}: the MOVE test with a larger TransactionAfterImageLimit failed: {e}")
                    log("  MOVE test failed:", e)
    except Exception as e:  # noqa: BLE001
        out["failed"] = f"failed: {type(e).__name__}: {str(e)[:300]}"
        res["notes"].append(f"x{f}: {out['failed']}")
        log(out["failed"])
    finally:
        for p in servers:
            stop_napkg(p)
        ox.close()
        if v is not None:
            stop_virtuoso(v, guard)
        shutil.rmtree(work / "oxigraph", ignore_errors=True)
        shutil.rmtree(work / "virtuoso", ignore_errors=True)
        shutil.rmtree(work / "virtuoso-limit", ignore_errors=True)
        one.unlink(missing_ok=True)
    if f <= args.gsp_max_factor and "failed" not in out:
        log(f"  virtuoso: Graph Store Protocol + MOVE ({available_mb():,.0f} MB available)")
        v = start_virtuoso(work / "virtuoso-gsp", bulk, args.virtuoso_memory_mb, guard)
        try:
            out["gsp"] = gsp_publish(v, t, f, args.chunk)
            g = out["gsp"]
            log(f"  GSP: {g['requests']} POSTs {g['post_s']:.1f} s, {g['graphs']} MOVEs {g['move_s']:.1f} s, "
                f"published {g['published']:,}")
            if g["published"] != t.quads(f) or g["staged"] != t.quads(f):
                res["notes"].append(f"x{f} (GSP): {g['staged']:,} staged, {g['published']:,} published, "
                                    f"{t.quads(f):,} sent")
        except Exception as e:  # noqa: BLE001
            out["gsp"] = {"error": f"{type(e).__name__}: {str(e)[:300]}"}
            log("  GSP failed:", e)
        finally:
            stop_virtuoso(v, guard)
            shutil.rmtree(work / "virtuoso-gsp", ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per query after one warm-up (median kept)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per query run before it counts as a timeout")
    ap.add_argument("--budget", type=float, default=60.0, help="seconds of timed runs per query and engine (fewer runs above)")
    ap.add_argument("--virtuoso-memory-mb", type=int, default=9000)
    ap.add_argument("--loaders", type=int, default=2, help="rdf_loader_run() calls in parallel (one per core)")
    ap.add_argument("--copies-per-part", type=int, default=25)
    ap.add_argument("--chunk", type=int, default=50_000, help="triples per Graph Store Protocol POST")
    ap.add_argument("--gsp-max-factor", type=int, default=100, help="load by Graph Store Protocol + MOVE up to this factor")
    ap.add_argument("--move-factor", type=int, default=100, help="the factor at which MOVE is watched by a reader (0: never)")
    ap.add_argument("--after-image-limit", type=int, default=1_000_000_000,
                    help="if a MOVE fails on Virtuoso's TransactionAfterImageLimit, try again with this many bytes (0: don't)")
    ap.add_argument("--no-napkg", dest="napkg", action="store_false",
                    help="don't measure the queries through napkg serve over each store")
    ap.add_argument("--query-workers", type=int, default=2, help="napkg serve's query worker processes [2]")
    ap.add_argument("--union", action="store_true",
                    help="copy napkg's graphs into its union graph in Virtuoso (as napkg's build does) and send "
                         "that dataset: to napkg, and to Virtuoso direct (the default graph the union, napkg's "
                         "graphs as named graphs to a query that says GRAPH)")
    ap.add_argument("--queries", nargs="+", help="only the queries whose names start so (ASK: the fixed cost)")
    ap.add_argument("--nq", type=Path, help="an N-Quads dump of the real graph (default: build one)")
    ap.add_argument("--tmp", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--json", type=Path, help="also write the raw results here")
    ap.add_argument("--from-json", type=Path, nargs="+", help="only print the tables of earlier runs' --json files, merged")
    ap.add_argument("--memory-floor-mb", type=float, default=1500, help="kill this run's engines below this much free memory")
    args = ap.parse_args()
    if args.from_json:
        merged: dict = {"factors": [], "notes": []}
        for p in args.from_json:
            r = json.loads(p.read_text())
            merged["factors"] += r["factors"]
            merged["notes"] += [f"({r['date']}) {n}" if len(args.from_json) > 1 else n for n in r["notes"]]
        merged["factors"].sort(key=lambda f: f["factor"])
        print(tables(merged))
        return
    sys.path.insert(0, str(ROOT))
    from kg.query import named_queries

    tmp = Path(tempfile.mkdtemp(prefix="store_bench-", dir=args.tmp))
    guard = MemoryGuard(args.memory_floor_mb)
    guard.start()
    res: dict = {"date": datetime.date.today().isoformat(), "factors": [], "notes": [], "args": {
        k: str(v) for k, v in vars(args).items()}}
    try:
        nq = args.nq or build_real(tmp)
        t = read_template(nq)
        log(f"real graph: {t.n_ref + t.n_copy:,} quads ({t.n_ref:,} in the shared reference graphs, "
            f"{t.n_copy:,} per copy in {len(t.graphs)} graphs)")
        queries = {"ASK {} (fixed cost of one request)": argparse.Namespace(text="ASK {}"), **named_queries()}
        if args.queries:
            queries = {k: q for k, q in queries.items() if any(k.startswith(w) for w in args.queries)}
        for f in args.factors:
            run_factor(f, t, queries, args, tmp, guard, res)
            if args.json:
                args.json.write_text(json.dumps(res, indent=1))
            print(tables({**res, "factors": [res["factors"][-1]], "notes": []}), file=sys.stderr, flush=True)
    finally:
        guard.stop()
        if guard.tripped:
            res["notes"].extend(f"memory guard: {x}" for x in guard.tripped)
        res["notes"].append(f"least memory available on the machine during the run: {guard.min_available:,.0f} MB")
        shutil.rmtree(tmp, ignore_errors=True)
        if args.json:
            args.json.write_text(json.dumps(res, indent=1))
    print(tables(res))


if __name__ == "__main__":
    main()
