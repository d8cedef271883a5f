"""The SPARQL endpoint under load: napkg's service against a plain rdflib endpoint, with Oxigraph in-process as the floor.

Run: ``python -m bench.service_bench [--store-dir var/store] [--seconds 10] [--clients 16]``.
A report, not a test. For each of two competency queries it measures, in one run:

The two queries are ``02-actions-of-actor`` and ``04-co-responsibility`` (rdflib 7 cannot evaluate
``01`` and ``03``: NotBoundError in ``GROUP_CONCAT(DISTINCT ...)`` over an unbound variable); ``ASK {}``
adds each endpoint's fixed cost per request.

1. ``napkg serve`` (waitress, query worker processes, the full guard: parse, dataset check, row cap,
   time limit, results written in the worker) over HTTP;
2. a minimal Flask endpoint on rdflib (``Dataset.query`` then ``Result.serialize``, written below,
   served by waitress too) over HTTP, loaded from the same build's TriG dump;
3. the same query on pyoxigraph in-process, one thread, results iterated and written as SPARQL JSON:
   no HTTP, no processes, no guard (the floor).

Each HTTP run is a bounded-in-time load loop: ``--clients`` threads, each with its own keep-alive
session, sending GET ``/sparql?query=...`` (``Accept: application/sparql-results+json``) back to back
for ``--seconds``. Printed: requests/s, p50 and p99 latency, errors, and the ratios between the three.
Both servers run in their own processes on 127.0.0.1; the load generator is this process.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# 01 and 03 would be the natural pair, but rdflib 7 cannot evaluate them (NotBoundError in
# GROUP_CONCAT(DISTINCT ...) over a variable an OPTIONAL leaves unbound); these two it answers.
QUERIES = ("02-actions-of-actor", "04-co-responsibility")


# ---------------------------------------------------------------- the comparison endpoint: rdflib behind Flask

def rdflib_app(trig: Path):
    """A minimal SPARQL endpoint on rdflib: GET /sparql?query= answers SPARQL JSON; nothing else."""
    from flask import Flask, Response, request
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(trig, format="trig")
    app = Flask("rdflib-endpoint")

    @app.get("/sparql")
    def sparql():
        result = ds.query(request.args["query"])
        return Response(result.serialize(format="json"), mimetype="application/sparql-results+json")

    return app


def serve_rdflib(trig: Path, threads: int) -> None:
    from waitress import create_server

    server = create_server(rdflib_app(trig), host="127.0.0.1", port=0, threads=threads)
    print(f"rdflib endpoint: serving on http://127.0.0.1:{server.effective_port}/", flush=True)
    server.run()


# ---------------------------------------------------------------- servers in subprocesses

def start(cmd: list[str], env: dict) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        m = re.search(r"serving on (http://127\.0\.0\.1:\d+)/", line or "")
        if m:
            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
            return proc, m.group(1)
    proc.kill()
    raise SystemExit(f"could not start: {' '.join(cmd)}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


# ---------------------------------------------------------------- load

def load(url: str, query: str, *, clients: int, seconds: float) -> dict:
    """``clients`` threads sending ``query`` for ``seconds``; latencies of the answered requests."""
    import requests

    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start_at = time.monotonic() + 0.2
    stop_at = start_at + seconds

    def client():
        mine, bad = [], 0
        with requests.Session() as s:
            while time.monotonic() < start_at:
                time.sleep(0.001)
            while True:
                t = time.monotonic()
                if t >= stop_at:
                    break
                r = s.get(url, params={"query": query}, headers={"Accept": "application/sparql-results+json"})
                done = time.monotonic()
                if r.status_code == 200 and r.content:
                    mine.append(done - t)
                else:
                    bad += 1
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return summary(latencies, seconds, errors[0])


def summary(latencies: list[float], seconds: float, errors: int = 0) -> dict:
    lat = sorted(latencies)
    if not lat:
        return {"rps": 0.0, "p50_ms": float("nan"), "p99_ms": float("nan"), "n": 0, "errors": errors}
    return {"rps": len(lat) / seconds, "p50_ms": statistics.median(lat) * 1000,
            "p99_ms": lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000, "n": len(lat), "errors": errors}


def in_process(store_path: Path, query: str, *, seconds: float) -> dict:
    """The floor: pyoxigraph in this process, one thread, results written as SPARQL JSON."""
    import pyoxigraph as ox

    from kg.namespaces import PREFIXES

    store = ox.Store.read_only(str(store_path))
    lat = []
    stop_at = time.monotonic() + seconds
    while time.monotonic() < stop_at:
        t = time.monotonic()
        res = store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
        res.serialize(format=ox.QueryResultsFormat.JSON)
        lat.append(time.monotonic() - t)
    return summary(lat, seconds)


def rows(url: str, query: str) -> int:
    import requests

    r = requests.get(url, params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    r.raise_for_status()
    body = r.json()
    return len(body["results"]["bindings"]) if "results" in body else 1


# ---------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store-dir", help="folder of built stores (its 'current' build is served) [default: the "
                                        "store_dir setting; built from data/ if there is none]")
    ap.add_argument("--seconds", type=float, default=10, help="length of each load run [10]")
    ap.add_argument("--clients", type=int, default=16, help="concurrent clients [16]")
    ap.add_argument("--workers", type=int, default=None, help="napkg query workers [the query_workers setting]")
    ap.add_argument("--threads", type=int, default=16, help="waitress threads of both servers [16]")
    ap.add_argument("--queries", nargs="+", default=list(QUERIES), help=f"shipped queries to run {QUERIES}")
    ap.add_argument("--no-overhead", action="store_true",
                    help="skip the 'ASK {}' run that shows each endpoint's fixed cost per request")
    ap.add_argument("--serve-rdflib", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_rdflib:
        serve_rdflib(Path(args.serve_rdflib), args.threads)
        return

    from kg.build import build

    from kg.builds import current_build
    from kg.query import named_queries
    from kg.settings import Settings

    settings = Settings.from_env(store_dir=args.store_dir)
    if current_build(settings) is None:
        print(f"no build under {settings.store_dir}: building data/ ...", file=sys.stderr)
        build(settings)
    b = current_build(settings)
    manifest = json.loads((b / "manifest.json").read_text())
    trig = b / "dumps" / "napkg.trig"
    if not trig.exists():
        raise SystemExit(f"{b} has no TriG dump (built with --no-dumps?): the rdflib endpoint loads it")
    shipped = named_queries()
    queries = {n: shipped[n].text for n in args.queries}
    if not args.no_overhead:
        queries["ASK {} (fixed cost)"] = "ASK {}"

    env = {**os.environ, "PYTHONPATH": str(ROOT), "NAPKG_STORE_DIR": str(settings.path("store_dir"))}
    cmd = [sys.executable, "-m", "kg.cli", "serve", "--port", "0", "--threads", str(args.threads)]
    if args.workers:
        cmd += ["--query-workers", str(args.workers)]
    napkg, napkg_url = start(cmd, env)
    rdfl, rdflib_url = start([sys.executable, "-m", "bench.service_bench", "--serve-rdflib", str(trig),
                              "--threads", str(args.threads)], env)
    workers = args.workers or settings.query_workers
    print(f"# service bench: {manifest['triples']} triples ({b.name}), {args.clients} clients, "
          f"{args.seconds:g} s per run, {os.cpu_count()} CPUs, napkg: {workers} query workers and "
          f"{args.threads} threads, rdflib endpoint: {args.threads} threads\n")
    print("| query | rows | endpoint | req/s | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|---|")
    results = {}
    try:
        for name, q in queries.items():
            n = rows(napkg_url + "/sparql", q)
            assert rows(rdflib_url + "/sparql", q) == n, f"{name}: the two endpoints disagree"
            r = {
                "napkg": load(napkg_url + "/sparql", q, clients=args.clients, seconds=args.seconds),
                "rdflib": load(rdflib_url + "/sparql", q, clients=args.clients, seconds=args.seconds),
                "pyoxigraph": in_process(b / "store", q, seconds=min(args.seconds, 5)),
            }
            results[name] = r
            for who, label in (("napkg", "napkg serve (HTTP)"), ("rdflib", "rdflib + Flask (HTTP)"),
                               ("pyoxigraph", "pyoxigraph in-process, 1 thread")):
                x = r[who]
                print(f"| {name} | {n} | {label} | {x['rps']:.1f} | {x['p50_ms']:.1f} | {x['p99_ms']:.1f} | "
                      f"{x['errors']} |", flush=True)
    finally:
        stop(napkg)
        stop(rdfl)
    print("\n| query | napkg / rdflib req/s | rdflib / napkg p50 | napkg p50 / pyoxigraph p50 | "
          "pyoxigraph / napkg req/s |")
    print("|---|---|---|---|---|")
    for name, r in results.items():
        a, b_, c = r["napkg"], r["rdflib"], r["pyoxigraph"]
        print(f"| {name} | {a['rps'] / b_['rps']:.1f}x | {b_['p50_ms'] / a['p50_ms']:.1f}x | "
              f"{a['p50_ms'] / c['p50_ms']:.1f}x | {c['rps'] / a['rps']:.1f}x |")


if __name__ == "__main__":
    main()
