"""Build benchmark: full build, one-file rebuild and peak memory at x1, x10, x100, beside the floor.

Run: ``python -m bench.build_bench [--factors 1 10 100] [--validators pyshacl pyrudof]``.
Each (factor, validator) runs in a fresh process so its peak memory is its
own; ``--max-gb`` caps that process's address space (``RLIMIT_AS``) so a
runaway build fails instead of pushing others off the shared machine. The
floor is pyoxigraph bulk-loading the same dataset's N-Quads (the build's own
dump) into a fresh on-disk store, in the same process, right after the build.
Prints a Markdown table; the figures go to bench/README.md. A report, not a test.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def floor(nq: Path, work: Path) -> float:
    """Seconds pyoxigraph takes to bulk-load ``nq`` into a fresh on-disk store (and optimise it)."""
    import pyoxigraph as ox

    t = time.perf_counter()
    store = ox.Store(str(work / "floor"))
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    return time.perf_counter() - t


def one(factor: int, validator: str, work: Path) -> dict:
    from bench.synthetic import scale
    from kg.build import build
    from kg.settings import Settings

    data = work / "data"
    if factor > 1:
        scale(ROOT / "data", data, factor)
    else:
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("staging"))
    settings = Settings({"data_dir": str(data), "store_dir": str(work / "store"), "cache_dir": str(work / "cache"),
                         "validator": validator})
    c0, t = _cpu(), time.perf_counter()
    report = build(settings, dumps=True)
    full = time.perf_counter() - t
    out = {"factor": factor, "validator": validator, "triples": report.triples, "full_s": round(full, 2),
           "cpu_s": round(_cpu() - c0, 1), **{k + "_s": round(v, 2) for k, v in report.seconds.items()},
           "peak_mb": round(report.peak_memory_mb), "worker_mb": round(report.peak_child_mb)}
    out["floor_s"] = round(floor(report.build_dir / "dumps" / "napkg.nq", work), 2)
    # edit one source file, rebuild: only that unit is read, validated and reasoned again
    target = next(p for p in sorted(data.glob("*.yaml")) if "lu-pan2" in p.name)
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("Communiquer et sensibiliser", "Communiquer et sensibiliser ", 1), encoding="utf-8")
    t = time.perf_counter()
    re = build(settings, dumps=True)
    out["rebuild_s"] = round(time.perf_counter() - t, 2)
    out["rebuild_units"] = len(re.units_rebuilt)
    out["peak_mb"] = max(out["peak_mb"], round(re.peak_memory_mb))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--validators", nargs="+", default=["pyshacl", "pyrudof"])
    ap.add_argument("--max-gb", type=float, default=8.0, help="address-space cap of each measured process")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        cap = int(args.max_gb * 1e9)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(one(int(args.child[0]), args.child[1], Path(tmp))))
        return
    rows = []
    for f in args.factors:
        for validator in args.validators:
            proc = subprocess.run([sys.executable, "-m", "bench.build_bench", "--max-gb", str(args.max_gb),
                                   "--child", str(f), validator], cwd=ROOT, capture_output=True, text=True, timeout=7200)
            if proc.returncode != 0:
                print(f"x{f} {validator}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
                continue
            rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            print(rows[-1], file=sys.stderr, flush=True)
    cols = ["factor", "validator", "triples", "read_s", "units_s", "load_s", "dumps_s", "full_s", "cpu_s", "floor_s",
            "full/floor", "rebuild_s", "rebuild/full", "rebuild_units", "peak_mb", "worker_mb"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        r["full/floor"] = round(r["full_s"] / r["floor_s"], 1) if r.get("floor_s") else ""
        r["rebuild/full"] = round(r["rebuild_s"] / r["full_s"], 2) if r.get("full_s") else ""
        print("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |")


if __name__ == "__main__":
    main()
