"""Competency-query latency: Oxigraph versus rdflib's in-memory engine, same data, one run.

Run: ``python -m bench.query_bench [--factors 1 10]``. For each factor the
built dataset is loaded into both backends; each query runs ``--repeat`` times
(median kept); the ratio rdflib/Oxigraph is printed. A report, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(store, text, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        store.query(text)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    from bench.synthetic import scale
    from kg.build import prepare
    from kg.query import named_queries
    from kg.settings import Settings
    from kg.store import open_store

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rdflib-max-factor", type=int, default=10, help="skip rdflib above this factor (too slow)")
    args = ap.parse_args()
    queries = named_queries()
    print("| factor | query | oxigraph ms | rdflib ms | rdflib / oxigraph |")
    print("|---|---|---|---|---|")
    for f in args.factors:
        with tempfile.TemporaryDirectory() as tmp:
            data = scale(ROOT / "data", Path(tmp) / "data", f) if f > 1 else ROOT / "data"
            settings = Settings({"data_dir": str(data), "cache_dir": str(Path(tmp) / "cache")})
            dataset = prepare(settings)
            ox = open_store("oxigraph")
            ox.load(dataset)
            mem = None
            if f <= args.rdflib_max_factor:
                mem = open_store("memory")
                mem.load(dataset)
            for name, q in queries.items():
                a = timed(ox, q.text, args.repeat) * 1000
                b = timed(mem, q.text, max(1, args.repeat // 2)) * 1000 if mem else None
                ratio = f"{b / a:.1f}" if b else "–"
                print(f"| x{f} | {name} | {a:.1f} | {'%.1f' % b if b else '–'} | {ratio} |", flush=True)
        print(file=sys.stderr)


if __name__ == "__main__":
    main()
