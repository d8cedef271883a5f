"""Loading a build: embedded Oxigraph against publishing to Virtuoso (staged Graph Store Protocol + MOVE).

Run: ``python -m bench.publish_bench [--factors 1 10] [--chunks 10000 50000]``. A report, not a
test. For each factor the scaled data (:mod:`bench.synthetic`) is prepared once (ingest, validate,
reason), then in one run:

- ``oxigraph``: ``OxigraphStore.load`` into a fresh folder (bulk load, flush, optimize);
- ``sparql``: :class:`kg.store.sparql.SparqlStore` into a throwaway Virtuoso, per chunk size:
  ``stage`` (every graph POSTed to a staging graph in chunks of N-Triples, HTTP Digest, then the
  counts checked) and ``publish`` (one SPARQL Update of ``MOVE`` operations, then the build graph),
  first into an empty store, then again over the published graphs (what every later build does).

While the second publish runs, a reader thread counts the largest graph through the query endpoint
as fast as it can; the table says which counts it saw (only the old and the new size means no reader
saw half a graph).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--chunks", type=int, nargs="+", default=[10_000, 50_000])
    args = ap.parse_args()

    from bench.synthetic import scale
    from kg.build import prepare
    from kg.settings import Settings
    from kg.store import open_store
    from kg.store.sparql import SparqlStore
    from kg.store.virtuoso_server import VirtuosoServer

    print("| factor | triples | store | chunk | stage s | publish s | total s | total / oxigraph | "
          "reader saw (largest graph) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for f in args.factors:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            data = scale(ROOT / "data", tmp / "data", f) if f > 1 else ROOT / "data"
            dataset = prepare(Settings({"data_dir": str(data), "cache_dir": str(tmp / "cache")}))
            n = sum(len(g) for g in dataset.values())
            t = time.perf_counter()
            ox = open_store("oxigraph", tmp / "ox")
            ox.load(dataset)
            ox.close()
            ox_s = time.perf_counter() - t
            print(f"| x{f} | {n:,} | oxigraph | | | | {ox_s:.2f} | 1.0 | |", flush=True)
            largest = max(dataset, key=lambda g: len(dataset[g]))
            for chunk in args.chunks:
                server = VirtuosoServer(tmp / f"virtuoso-{chunk}", dba_password="bench", memory_mb=4096).start()
                try:
                    settings = Settings({"store_backend": "sparql", "sparql_query_url": server.query_url,
                                         "sparql_update_url": server.update_url,
                                         "sparql_graph_store_url": server.graph_store_url, "sparql_user": "dba",
                                         "sparql_password": "bench", "sparql_chunk_triples": chunk})
                    for label in ("into empty", "over published"):
                        store = SparqlStore(settings=settings)
                        t = time.perf_counter()
                        store.stage(dataset)
                        stage_s = time.perf_counter() - t
                        seen: set[int] = set()
                        done = threading.Event()

                        def read() -> None:
                            reader = SparqlStore(read_only=True, settings=settings)
                            while not done.is_set():
                                try:
                                    seen.add(reader.count(largest))
                                except Exception as e:  # noqa: BLE001  (a report: say what happened)
                                    seen.add(-1)
                                    print(f"reader: {e}", file=sys.stderr)

                        th = threading.Thread(target=read)
                        if label == "over published":
                            th.start()
                        t = time.perf_counter()
                        store.publish()
                        publish_s = time.perf_counter() - t
                        done.set()
                        if th.is_alive() or label == "over published":
                            th.join()
                        total = stage_s + publish_s
                        saw = ", ".join(f"{c:,}" for c in sorted(seen)) if seen else "(not read)"
                        print(f"| x{f} | {n:,} | virtuoso, {label} | {chunk:,} | {stage_s:.2f} | {publish_s:.2f} | "
                              f"{total:.2f} | {total / ox_s:.1f} | {saw} |", flush=True)
                finally:
                    server.stop()


if __name__ == "__main__":
    main()
