"""Leave-one-out benchmark of `napkg draft` against the curated files.

For each seed, a fresh process drafts it with the registries stripped of every
record whose evidence comes only from that seed (as if the document were new),
then scores the draft against the curated file, field by field: precision,
recall and F1 over (unit, value) pairs. Also: the time per document including
the model load, the peak memory (max RSS of that process), the share of
verbatim quotes, the ids the records use that no registry holds (must be 0),
and how many proposed new actors match a stripped record.

    python -m bench.draft_bench                 # all five seeds, a Markdown table
    python -m bench.draft_bench --pdf-libs      # PDF text libraries on a PDF made from a seed

Needs ../shared/seeds and the draft extra.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEEDS = ROOT.parent / "shared" / "seeds"
SOURCES = {
    "be-nap-bhr-2017-progress": "000_be310143d1ea1315.txt",
    "lu-pan2": "001_e7ca9fcfdb27691b.txt",
    "dcaf-ffp-vpshr-wg-2020": "002_8fe8b6c0355871fe.txt",
    "fr-sdg87-2023": "003_e3b5e115513bfb94.txt",
    "be-gcm-trafficking-2022": "004_806b347d332ec418.txt",
}
FIELDS = ["units", "titles", "pillars", "principles", "sdgs", "responsible", "involved", "instruments",
          "progress periods", "progress"]
LINKED = {"responsible", "involved", "instruments", "progress"}


def _sq(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("**", "")).strip()


def pairs(doc: dict) -> dict[str, set]:
    out = {f: set() for f in FIELDS}
    for p in doc.get("plans", []):
        out["sdgs"] |= {("plan", s) for s in p.get("sdgs", [])}
        out["instruments"] |= {("plan", i) for i in p.get("instruments", [])}
        out["responsible"] |= {("plan", i) for i in p.get("responsible", [])}
        out["involved"] |= {("plan", i) for i in p.get("involved", [])}
    for a in doc.get("actions", []):
        n = a["notation"]
        out["units"].add(n)
        out["titles"].add((n, _sq(a["title"]["fr"])))
        for f in ("pillars", "principles", "sdgs", "responsible", "involved", "instruments"):
            out[f] |= {(n, v) for v in a.get(f, [])}
        for p in a.get("progress", []):
            out["progress"].add((n, p["period"], tuple(sorted(p.get("reporters", [])))))
            out["progress periods"].add((n, p["period"]))
    return out


def prf(got: set, want: set) -> tuple[float, float, float]:
    tp = len(got & want)
    p = tp / len(got) if got else (1.0 if not want else 0.0)
    r = tp / len(want) if want else (1.0 if not got else 0.0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def one(sid: str) -> dict:
    """Draft one seed leave-one-out in this process and score it (run in a fresh process per seed)."""
    t0 = time.perf_counter()
    from kg.draft.pipeline import draft_document, load_nlp
    from kg.draft.registry import load_registry

    t1 = time.perf_counter()
    load_nlp()
    model_seconds = time.perf_counter() - t1
    seed = SEEDS / SOURCES[sid]
    curated_file = DATA / f"{sid}.yaml"
    registry = load_registry(DATA, exclude_source=sid)
    d = draft_document(seed, sid, DATA, exclude_source=sid, skip=curated_file, registry=registry)
    seconds = time.perf_counter() - t0
    cpu = time.process_time()   # CPU time of this process: the machine is shared, wall time drifts
    curated = yaml.safe_load(curated_file.read_text(encoding="utf-8"))
    got, want = pairs(d.data), pairs(curated)
    scores = {f: prf(got[f], want[f]) for f in FIELDS}
    text = _sq(seed.read_text(encoding="utf-8"))
    quotes = []

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                (quotes.append(v) if k in {"quote", "text"} and isinstance(v, str) else walk(v))
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(d.data)
    verbatim = sum(_sq(q) in text for q in quotes) / max(1, len(quotes))
    full = load_registry(DATA)
    kept = registry.entries
    stripped = {k: v for k, v in full.entries.items() if k not in kept}
    ceiling = {}
    for f in LINKED:
        ok = [p for p in want[f] if (all(r in kept for r in p[2]) if f == "progress" else p[1] in kept)]
        ceiling[f] = len(ok) / len(want[f]) if want[f] else None
    used = {i for f in ("responsible", "involved", "instruments") for _, i in got[f]}
    used |= {r for _, _, rs in got["progress"] for r in rs}
    unknown = sorted(i for i in used if i not in full.entries)
    from rapidfuzz import fuzz
    from kg.draft.normalise import key
    # a body the registry lost is still found when the draft proposes it for review in the same role
    by_name = {}
    for e in stripped.values():
        if e.kind == "actor":
            for n in e.names:
                by_name[key(n)] = e.id
    resolved = {}
    for p in d.proposals:
        best = max(((fuzz.token_sort_ratio(key(p.name), n), i) for n, i in by_name.items()), default=(0, None))
        if best[0] >= 88:
            resolved[p.id] = best[1]
    hit = len(resolved)   # proposal ids are unique: the proposals close to a name the registry lost
    def unit(record: str) -> str:
        return record.split(" ", 1)[1] if record.startswith("action ") else "plan"
    with_props = set(got["responsible"]) | {(unit(f.record), resolved[f.value]) for f in d.facts
                                            if f.field == "responsible" and f.value in resolved}
    scores["responsible, proposals included"] = prf(with_props, want["responsible"])
    counts = {f: (len(got[f]), len(want[f])) for f in FIELDS}
    counts["responsible, proposals included"] = (len(with_props), len(want["responsible"]))
    return {"source": sid, "seconds": round(seconds, 2), "model_seconds": round(model_seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "scores": scores, "ceiling": ceiling, "counts": counts,
            "quotes": len(quotes), "verbatim": verbatim, "unknown_ids": unknown,
            "proposals": len(d.proposals), "proposals_matching_stripped": hit,
            "stripped_actors": sum(1 for e in stripped.values() if e.kind == "actor")}


def table(results: list[dict]) -> str:
    head = "| field | " + " | ".join(r["source"] for r in results) + " |"
    rows = [head, "|" + "---|" * (len(results) + 1)]
    for f in FIELDS[:6] + ["responsible, proposals included"] + FIELDS[6:]:
        cells = []
        for r in results:
            p, rc, f1 = r["scores"][f]
            g, w = r["counts"][f]
            c = r["ceiling"].get(f) if f != "responsible, proposals included" else None
            ceil = f", reachable {c:.2f}" if c is not None and c < 1 else ""
            cells.append("–" if not g and not w else f"{p:.2f} / {rc:.2f} / **{f1:.2f}** ({g}/{w}{ceil})")
        rows.append(f"| {f} | " + " | ".join(cells) + " |")
    rows.append("| quotes verbatim | " + " | ".join(f"{r['verbatim']:.0%} of {r['quotes']}" for r in results) + " |")
    rows.append("| ids not in a registry | " + " | ".join(str(len(r["unknown_ids"])) for r in results) + " |")
    rows.append("| proposed actors (matching a stripped record / stripped) | " + " | ".join(
        f"{r['proposals']} ({r['proposals_matching_stripped']} / {r['stripped_actors']})" for r in results) + " |")
    rows.append("| seconds, incl. model load | " + " | ".join(f"{r['seconds']:.1f}" for r in results) + " |")
    rows.append("| of which loading the model | " + " | ".join(f"{r['model_seconds']:.1f}" for r in results) + " |")
    rows.append("| CPU seconds of the process | " + " | ".join(f"{r['cpu_seconds']:.1f}" for r in results) + " |")
    rows.append("| peak memory (MB, max RSS) | " + " | ".join(f"{r['peak_mb']:.0f}" for r in results) + " |")
    return "\n".join(rows)


def pdf_libs() -> str:
    """Speed and fidelity of the PDF text libraries installed, on a PDF made from the largest seed."""
    import importlib.util
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    from draft_helpers import make_pdf

    text = (SEEDS / SOURCES["fr-sdg87-2023"]).read_text(encoding="utf-8")
    lines = [_sq(x) for x in text.split("\n") if len(_sq(x)) > 20]
    out = ["| library | seconds | seed lines found verbatim |", "|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        pdf = make_pdf(text, Path(tmp) / "seed.pdf", lines_per_page=40)

        def pdfium():
            import pypdfium2 as pdfium
            d = pdfium.PdfDocument(str(pdf))
            return "\n".join(d[i].get_textpage().get_text_range() for i in range(len(d)))

        def pypdf():
            import pypdf as m
            return "\n".join(p.extract_text() for p in m.PdfReader(str(pdf)).pages)

        def pdfminer():
            from pdfminer.high_level import extract_text
            return extract_text(str(pdf))

        for name, mod, fn in (("pypdfium2", "pypdfium2", pdfium), ("pypdf", "pypdf", pypdf), ("pdfminer.six", "pdfminer", pdfminer)):
            if importlib.util.find_spec(mod) is None:
                out.append(f"| {name} | not installed | |")
                continue
            t = time.perf_counter()
            got = _sq(fn().replace("\r", "\n"))
            secs = time.perf_counter() - t
            found = sum(ln in got for ln in lines) / len(lines)
            out.append(f"| {name} | {secs:.2f} | {found:.1%} of {len(lines)} |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--pdf-libs", action="store_true")
    ap.add_argument("--json", type=Path, help="Also write the results as JSON.")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    if args.pdf_libs:
        print(pdf_libs())
        return
    results = []
    for sid in SOURCES:
        p = subprocess.run([sys.executable, "-m", "bench.draft_bench", "--one", sid], cwd=ROOT,
                           capture_output=True, text=True, check=True)
        results.append(json.loads(p.stdout.strip().splitlines()[-1]))
        print(f"{sid}: {results[-1]['seconds']:.1f}s", file=sys.stderr)
    print("P / R / **F1** (drafted/curated pairs)\n")
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
