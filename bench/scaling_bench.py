"""Throughput of ``napkg serve`` with 1, 2 and 4 server processes, over embedded Oxigraph and over Virtuoso.

Run: ``python -m bench.scaling_bench [--seconds 10] [--clients 16] [--workers 1 2 4]``. A report,
not a test. In one run it builds the real data twice, into an Oxigraph folder and into a throwaway
Virtuoso (``napkg build --store sparql``), then for each store and each ``--workers`` value starts
``napkg serve --workers N`` and puts ``--clients`` concurrent keep-alive clients on it for
``--seconds`` per query (the load loop of :mod:`bench.service_bench`). Virtuoso's own endpoint under
the same load is printed as the reference for the remote store. Requests/s, p50, p99, errors.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.service_bench import load, start, stop

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("04-co-responsibility", "05a-sdgs-per-plan", "ASK {}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--query-workers", type=int, default=2, help="query worker processes per server process [2]")
    args = ap.parse_args()

    from kg.build import build
    from kg.namespaces import PREFIXES
    from kg.query import named_queries
    from kg.settings import Settings
    from kg.store.virtuoso_server import VirtuosoServer

    shipped = named_queries()
    queries = {q: (shipped[q].text if q in shipped else q) for q in QUERIES}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        virtuoso = VirtuosoServer(tmp / "virtuoso", dba_password="bench-dba", memory_mb=2048).start()
        try:
            common = {"data_dir": str(ROOT / "data"), "cache_dir": str(tmp / "cache")}
            ox = Settings({**common, "store_dir": str(tmp / "ox")})
            remote = Settings({**common, "store_dir": str(tmp / "remote"), "store_backend": "sparql",
                               "sparql_query_url": virtuoso.query_url, "sparql_update_url": virtuoso.update_url,
                               "sparql_graph_store_url": virtuoso.graph_store_url, "sparql_user": "dba",
                               "sparql_password": "bench-dba"})
            report = build(ox)
            build(remote, dumps=False)
            print(f"# scaling bench: {report.triples} triples, {args.clients} clients, {args.seconds:g} s per run, "
                  f"{os.cpu_count()} CPUs, {args.query_workers} query workers per server process\n")
            print("| store | server processes | query | req/s | p50 ms | p99 ms | errors |")
            print("|---|---|---|---|---|---|---|")
            for label, settings in (("oxigraph", ox), ("virtuoso", remote)):
                env = {**os.environ, "PYTHONPATH": str(ROOT), "NAPKG_STORE_DIR": settings.store_dir,
                       "NAPKG_STORE_BACKEND": settings.store_backend,
                       "NAPKG_SPARQL_QUERY_URL": settings.sparql_query_url,
                       "NAPKG_QUERY_WORKERS": str(args.query_workers)}
                for n in args.workers:
                    proc, url = start([sys.executable, "-m", "kg.cli", "serve", "--port", "0", "--workers", str(n)],
                                      env)
                    time.sleep(1.0 + n)  # let every process open its store and start its query workers
                    try:
                        for name, text in queries.items():
                            load(url + "/sparql", text, clients=2, seconds=1)  # warm every worker
                            r = load(url + "/sparql", text, clients=args.clients, seconds=args.seconds)
                            print(f"| {label} via napkg | {n} | {name} | {r['rps']:.1f} | {r['p50_ms']:.1f} | "
                                  f"{r['p99_ms']:.1f} | {r['errors']} |", flush=True)
                    finally:
                        stop(proc)
            for name, text in queries.items():
                prefixed = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + text
                r = load(virtuoso.query_url, prefixed, clients=args.clients, seconds=args.seconds)
                print(f"| virtuoso direct | (its own) | {name} | {r['rps']:.1f} | {r['p50_ms']:.1f} | "
                      f"{r['p99_ms']:.1f} | {r['errors']} |", flush=True)
        finally:
            virtuoso.stop()


if __name__ == "__main__":
    main()
