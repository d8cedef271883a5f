"""Build benchmark: ingest, validate, reason, load at x1, x10, x100 (and a one-file rebuild).

Run: ``python -m bench.build_bench [--factors 1 10 100]``. Each factor runs in a
fresh process so peak memory is its own. Prints a Markdown table; the figures
go to bench/README.md. A report, not a test.
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


def one(factor: int, engine: str, work: Path) -> dict:
    from bench.synthetic import scale
    from kg.build import build
    from kg.settings import Settings

    data = scale(ROOT / "data", work / "data", factor) if factor > 1 else ROOT / "data"
    settings = Settings({"data_dir": str(data), "store_dir": str(work / "store"), "cache_dir": str(work / "cache"),
                         "reasoner": engine})
    t = time.perf_counter()
    report = build(settings, dumps=False)
    full = time.perf_counter() - t
    out = {"factor": factor, "engine": engine, "triples": report.triples, "full_s": round(full, 2),
           **{k + "_s": round(v, 2) for k, v in report.seconds.items()}}
    # edit one source file, rebuild: only that unit is validated and reasoned again
    files = sorted(p for p in Path(data).glob("*.yaml") if p.name not in ("actors.yaml", "instruments.yaml"))
    target = next(p for p in files if "lu-pan2" in p.name)
    if factor == 1:
        scratch = work / "data1"
        shutil.copytree(data, scratch, ignore=shutil.ignore_patterns("staging"))
        target = scratch / target.name
        settings = settings.replace(data_dir=str(scratch))
        build(settings, dumps=False)
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("Communiquer et sensibiliser", "Communiquer et sensibiliser ", 1), encoding="utf-8")
    t = time.perf_counter()
    re = build(settings, dumps=False)
    out["rebuild_one_file_s"] = round(time.perf_counter() - t, 2)
    out["rebuild_units"] = len(re.units_rebuilt)
    out["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--engines", nargs="+", default=["reasonable"])
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(one(int(args.child[0]), args.child[1], Path(tmp))))
        return
    rows = []
    for engine in args.engines:
        for f in args.factors:
            proc = subprocess.run([sys.executable, "-m", "bench.build_bench", "--child", str(f), engine],
                                  cwd=ROOT, capture_output=True, text=True, timeout=3600)
            if proc.returncode != 0:
                print(f"x{f} {engine}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
                continue
            rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            print(rows[-1], file=sys.stderr)
    cols = ["factor", "engine", "triples", "ingest_s", "validate_s", "reason_s", "load_s", "full_s",
            "rebuild_one_file_s", "rebuild_units", "peak_mb"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |")


if __name__ == "__main__":
    main()
