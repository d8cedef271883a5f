"""Network analytics at x1, x10 and x100 the real graph: projection, every measure, sampled betweenness, HTTP.

Run: ``python -m bench.network_bench [--store-dir var/store] [--factors 1 10 100]``
(a report, not a test; it needs a build: ``napkg build``).

How the graph is scaled: **the RDF is replicated**. Every quad of the current
build's data graphs is copied N times into an in-memory Oxigraph store, copy
``i`` renaming each minted plan, action, progress update, group, source,
evidence and actor IRI with a ``-x<i>`` suffix (instruments, SDGs, countries
and the ontology stay shared, as the real reference vocabularies would).
Random cross-links of the same density then join the copies: each
``nap:involvedActor`` link of an action is redirected, with probability
``--rewire`` (5 %), to the same actor in another, random copy, so the number
of links per action and per actor (the density) is unchanged while the copies
stop being disconnected islands. The projection is then the real one: the
SPARQL query and the networkx projection at the scaled size.

Reported, per factor: the co-involvement projection (SPARQL + networkx);
each measure on it; exact betweenness where it still runs
(``--exact-max-factor``), and betweenness sampled from k source nodes with a
fixed seed, with its Spearman rank correlation (scipy) to exact betweenness
over the 50 nodes exact betweenness ranks highest. Then the service: each
measure over HTTP on the real build, the first (cold: projection + measure)
and a repeated request (cached), through the Flask app in-process, and with
``--server`` also through a real ``napkg serve``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAPID = "https://w3id.org/napkg/id/"
REPLICATED = ("plan/", "action/", "update/", "group/", "source/", "evidence/", "actor/")
SHARED_GRAPHS = ("ontology", "vocabularies", "shapes")
INVOLVED = "https://w3id.org/napkg/ontology#involvedActor"
TOP = 50


def timed(fn, repeat: int = 1):
    """(median seconds, last result) of ``fn()`` run ``repeat`` times."""
    times, out = [], None
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def replicate(source, factor: int, *, rewire: float, seed: int):
    """An in-memory Oxigraph store holding ``factor`` renamed, cross-linked copies of ``source``'s data."""
    import pyoxigraph as ox

    from kg.store.oxigraph import OxigraphStore

    rnd = random.Random(seed)
    quads = [ox.Quad(s, p, o, ox.NamedNode(g)) for g in source.held_graphs() for s, p, o in source.graph_triples(g)]

    def is_shared(q) -> bool:
        return isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.rsplit("/", 1)[-1] in SHARED_GRAPHS

    shared = [q for q in quads if is_shared(q)]
    data = [q for q in quads if not is_shared(q)]
    cache: dict[tuple[str, int], object] = {}

    def rename(term, i: int):
        if not isinstance(term, ox.NamedNode) or not term.value.startswith(NAPID):
            return term
        if not term.value[len(NAPID):].startswith(REPLICATED):
            return term
        key = (term.value, i)
        if key not in cache:
            cache[key] = ox.NamedNode(f"{term.value}-x{i}")
        return cache[key]

    copies = list(shared)
    rewired = 0
    for i in range(factor):
        batch = []
        for q in data:
            obj_copy = i
            if (factor > 1 and rewire and q.predicate.value == INVOLVED and "/action/" in q.subject.value
                    and rnd.random() < rewire):
                obj_copy = rnd.choice([j for j in range(factor) if j != i])
                rewired += 1
            batch.append(ox.Quad(rename(q.subject, i), q.predicate, rename(q.object, obj_copy),
                                 q.graph_name))
        copies.extend(batch)
    return OxigraphStore.of_quads(copies), len(shared) + factor * len(data), rewired


def spearman_top(exact: dict, sampled: dict, n: int = TOP) -> float:
    from scipy.stats import spearmanr

    top = sorted(exact, key=exact.get, reverse=True)[:n]
    rho = spearmanr([exact[v] for v in top], [sampled[v] for v in top]).statistic
    return float(rho)


def bench_factor(source, factor: int, args) -> list[str]:
    from kg.network import analysis
    from kg.network.betweenness import betweenness_centrality
    from kg.network.co_involvement import co_involvement_graph

    lines = []
    t_load = time.perf_counter()
    store, n_quads, rewired = replicate(source, factor, rewire=args.rewire, seed=args.seed)
    t_load = time.perf_counter() - t_load
    repeat = args.repeat if factor <= 10 else 1
    t_proj, G = timed(lambda: co_involvement_graph(store), repeat)
    weighted = not args.unweighted
    dist = "distance" if weighted else None
    print(f"x{factor}: {n_quads} quads ({rewired} involvedActor links rewired across copies; loaded in "
          f"{t_load:.1f} s); co-involvement {G.number_of_nodes()} nodes, {G.number_of_edges()} edges",
          file=sys.stderr, flush=True)
    lines.append(f"| x{factor} | projection (SPARQL + networkx) | {G.number_of_nodes()} / {G.number_of_edges()} "
                 f"| {t_proj * 1000:.0f} | |")
    for m in ("degree", "weighted-degree", "eigenvector", "pagerank", "core", "community", "closeness"):
        if m == "closeness" and factor > args.exact_max_factor:
            lines.append(f"| x{factor} | closeness | | skipped (O(nm), like exact betweenness) | |")
            continue
        spec = analysis.MEASURES[m]
        t, _ = timed(lambda: spec.compute(G, weighted=weighted, sample=None, seed=args.seed, method="louvain"),
                     repeat)
        lines.append(f"| x{factor} | {m} | | {t * 1000:.0f} | |")
        print(lines[-1], file=sys.stderr, flush=True)
    exact = None
    nm = G.number_of_nodes() * G.number_of_edges()
    if factor <= args.exact_max_factor:
        t, exact = timed(lambda: betweenness_centrality(G, distance=dist), 1)
        args._exact_s_per_nm = max(args._exact_s_per_nm, t / nm)
        lines.append(f"| x{factor} | betweenness, exact | | {t * 1000:.0f} | |")
        print(lines[-1], file=sys.stderr, flush=True)
    else:
        lines.append(f"| x{factor} | betweenness, exact | | skipped (O(nm); extrapolates to "
                     f"~{args._exact_s_per_nm * nm:.0f} s from the largest exact run) | |")
    for k in args.samples:
        if k >= G.number_of_nodes():
            continue
        t, sampled = timed(lambda: betweenness_centrality(G, k=k, seed=args.seed, distance=dist), 1)
        rho = f"{spearman_top(exact, sampled):.3f}" if exact is not None else "–"
        lines.append(f"| x{factor} | betweenness, sampled k={k} | | {t * 1000:.0f} "
                     f"(projection + this: {(t_proj + t):.2f} s) | {rho} |")
        print(lines[-1], file=sys.stderr, flush=True)
    store.close()
    return lines


def bench_http(settings, args) -> list[str]:
    """Each measure over HTTP on the real build: cold (first request) and cached (repeated)."""
    from service import create_app

    lines = []
    app = create_app(settings)
    client = app.test_client()
    first = True
    for m in ("degree", "weighted-degree", "betweenness", "closeness", "eigenvector", "pagerank", "core",
              "community"):
        url = f"/network/centrality?projection=co-involvement&measure={m}&top=20"
        t0 = time.perf_counter()
        r = client.get(url)
        cold = time.perf_counter() - t0
        assert r.status_code == 200, r.get_data(as_text=True)
        warm = statistics.median(timed(lambda: client.get(url), 1)[0] for _ in range(args.repeat * 3))
        note = " (first request: opens the store, imports scipy)" if first else ""
        lines.append(f"| in-process (Flask test client) | {m} | {cold * 1000:.0f}{note} | {warm * 1000:.1f} |")
        first = False
    for url in ("/network/overlaps?analysis=similarity&on=instruments", "/network/overlaps?analysis=brokers",
                "/network/graph?projection=plan-overlap&format=gexf"):
        t0 = time.perf_counter()
        client.get(url)
        cold = time.perf_counter() - t0
        warm = statistics.median(timed(lambda: client.get(url), 1)[0] for _ in range(args.repeat * 3))
        lines.append(f"| in-process (Flask test client) | {url.split('/network/')[1]} | {cold * 1000:.0f} | {warm * 1000:.1f} |")
    app.extensions["napkg"].close()
    if args.server:
        lines += bench_server(settings, args)
    return lines


def bench_server(settings, args) -> list[str]:
    import os

    env = {**os.environ, "PYTHONPATH": str(ROOT), "NAPKG_STORE_DIR": str(settings.store_dir)}
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--host", "127.0.0.1", "--port", "0"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    try:
        base = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and base is None:
            line = proc.stdout.readline()
            if "serving on" in line:
                base = line.split("serving on ", 1)[1].split()[0].rstrip("/")
        if base is None:
            return ["| real server | napkg serve did not start | | |"]

        def get(url):
            with urllib.request.urlopen(base + url, timeout=30) as resp:
                return resp.read()

        for m in ("degree", "weighted-degree", "betweenness", "closeness", "eigenvector", "pagerank", "core",
                  "community"):
            url = f"/network/centrality?projection=co-involvement&measure={m}&top=20"
            cold, _ = timed(lambda: get(url), 1)
            warm = statistics.median(timed(lambda: get(url), 1)[0] for _ in range(args.repeat * 3))
            lines.append(f"| napkg serve (HTTP, waitress) | {m} | {cold * 1000:.0f} | {warm * 1000:.1f} |")
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    return lines


def main() -> None:
    from kg.builds import current_build, open_current
    from kg.settings import Settings

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store-dir", help="folder of built stores [NAPKG_STORE_DIR; default var/store]")
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--samples", type=int, nargs="+", default=[100, 250, 500],
                    help="sample sizes k of sampled betweenness")
    ap.add_argument("--exact-max-factor", type=int, default=10, help="run exact betweenness and closeness up to here")
    ap.add_argument("--rewire", type=float, default=0.05, help="share of involvedActor links redirected across copies")
    ap.add_argument("--unweighted", action="store_true", help="hops instead of 1/weight distances")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-http", action="store_true")
    ap.add_argument("--server", action="store_true", help="also time a real 'napkg serve' over HTTP")
    args = ap.parse_args()
    args._exact_s_per_nm = 0.0
    settings = Settings.from_env(store_dir=args.store_dir)
    if current_build(settings) is None:
        sys.exit(f"no build under {settings.store_dir}: run 'napkg build' first")
    print(f"build: {current_build(settings)}", file=sys.stderr)
    print("| factor | step | nodes / edges | ms | Spearman top 50 vs exact |")
    print("|---|---|---|---|---|")
    with open_current(settings) as source:
        for f in args.factors:
            for line in bench_factor(source, f, args):
                print(line, flush=True)
    if not args.no_http:
        print()
        print("| client | request | cold ms | cached ms (median) |")
        print("|---|---|---|---|")
        for line in bench_http(settings, args):
            print(line, flush=True)


if __name__ == "__main__":
    main()
