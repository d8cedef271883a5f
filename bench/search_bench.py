"""Search benchmark: tantivy (kg.search, chosen) beside SQLite FTS5, on x10 and x100 of the graph.

Run: ``python -m bench.search_bench [--factors 10 100] [--work var/bench-search]``.
Each scale is generated once with :mod:`bench.synthetic` and kept under
``--work`` (records, an Oxigraph store of the ingested graph, both indexes):
a later run reuses them. The graph is ingested but not validated or reasoned
(the documents follow the class hierarchy themselves), which is what the
index needs and takes minutes instead of the 19 of a full x100 build.

Both engines index the same documents and stemmed words
(:mod:`kg.search.documents`, :mod:`kg.search.text`) and answer each query
with the whole search the service runs: every word matches by a stem;
exact label, label coverage and BM25 ranking; 20 hits with their data,
label and snippet; the total; the counts of six facets.

* **tantivy**: :mod:`kg.search.index` and :mod:`kg.search.query` (what the build writes);
* **sqlite**: :mod:`bench.search_sqlite_index` and :mod:`bench.search_sqlite_query`, the
  first implementation, kept here as the measured alternative (FTS5 contentless
  tables, a temporary table of matches read by ranking and facet counts).

Each query warm once, then timed ``--repeat`` times; p50 and p99 of all
timings of one- and three-word queries. A report, not a test.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ONE_WORD = ["justice", "enfants", "diligence", "labour", "OCDE", "formation", "entreprises", "vigilance", "traite",
            "protection", "droits", "trafficking", "sensibilisation", "remedy", "toolbox"]
THREE_WORDS = ["child labour convention", "diligence raisonnable entreprises", "travail forcé enfants",
               "human rights defenders", "point contact national", "responsabilité sociétale entreprises",
               "marchés publics durables", "victims trafficking protection", "droits homme entreprises",
               "forced labour supply", "plan action national", "formation inspecteurs travail",
               "business human rights", "lutte contre traite", "guide pratique entreprises"]


def generate(factor: int, work: Path) -> Path:
    """Records, store and the sqlite index of one scale, made once; returns the scale's folder."""
    from bench.synthetic import scale
    from kg import records
    from kg.build import load_reference
    from kg.ingest import ingest
    from kg.namespaces import ONTOLOGY_GRAPH, VOCABULARIES_GRAPH
    from kg.store import open_store

    folder = work / f"x{factor}"
    if (folder / "store.done").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    t = time.perf_counter()
    data = scale(ROOT / "data", folder / "data", factor)
    ontology, vocab, _shapes = load_reference()
    graphs = ingest(records.load(data), vocab)
    graphs[ONTOLOGY_GRAPH], graphs[VOCABULARIES_GRAPH] = ontology, vocab
    store = open_store("oxigraph", folder / "store")
    store.load(graphs)
    triples = sum(len(g) for g in graphs.values())
    store.close()
    (folder / "store.done").write_text(json.dumps({"triples": triples, "seconds": time.perf_counter() - t}))
    return folder


def replicate(factor: int, work: Path) -> Path:
    """A scale's documents made by renaming x1's documents ``factor`` times, as :mod:`bench.synthetic` renames
    the records (sources, plans, actions, bodies and registry instruments per copy; SDGs, UNGP parts,
    countries and the vocabulary's instruments shared), without ingesting the copies. For when the ingest
    of a large scale does not fit the time at hand (x100 on the shared machine); the documents are those an
    ingest would give, labels, texts and quotes unchanged."""
    import copy

    import yaml

    from kg.builds import current_build, open_build
    from kg.search.documents import read_documents
    from kg.settings import Settings

    folder = work / f"x{factor}"
    if (folder / "docs.done").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    settings = Settings.from_env()
    with open_build(current_build(settings), settings) as store:
        docs, names = read_documents(store)
    registry = {r["id"] for r in yaml.safe_load((ROOT / "data" / "instruments.yaml").read_text(encoding="utf-8"))}
    napid = "https://w3id.org/napkg/id/"

    def rename(iri: str, i: int) -> str | None:
        """The copy's IRI, or None for an IRI every copy shares."""
        if not iri.startswith(napid):
            return None
        kind, _, rest = iri[len(napid):].partition("/")
        if kind in ("plan", "source", "actor"):
            return f"{napid}{kind}/{rest}-x{i}"
        if kind in ("action", "update", "group"):
            plan, _, tail = rest.partition("/")
            return f"{napid}{kind}/{plan}-x{i}/{tail}"
        if kind == "instrument" and rest in registry:
            return f"{napid}instrument/{rest}-x{i}"
        return None

    out = {}
    for d in docs.values():
        if rename(d.iri, 0) is None:
            out[d.iri] = d
            continue
        for i in range(factor):
            c = copy.copy(d)
            c.iri = rename(d.iri, i)
            c.facets = {f: {rename(v, i) or v for v in vs} for f, vs in d.facets.items()}
            out[c.iri] = c
    all_names = dict(names)
    for iri, labs in names.items():
        for i in range(factor):
            if rename(iri, i):
                all_names[rename(iri, i)] = labs
    import pickle

    with open(folder / "docs.pickle", "wb") as f:
        pickle.dump((out, all_names), f)
    (folder / "docs.done").write_text(json.dumps({"documents": len(out), "replicated": True}))
    return folder


def write_indexes(folder: Path) -> dict:
    """Read the documents once and write both indexes; seconds of each write."""
    from bench.search_sqlite_index import write_documents as write_sqlite
    from kg.search.documents import read_documents
    from kg.search.index import write_documents as write_tantivy
    from kg.store import open_store

    t = time.perf_counter()
    if (folder / "docs.pickle").exists():
        import pickle

        with open(folder / "docs.pickle", "rb") as f:
            docs, names = pickle.load(f)
    else:
        store = open_store("oxigraph", folder / "store", read_only=True)
        docs, names = read_documents(store)
        store.close()
    out = {"documents": len(docs), "read_s": time.perf_counter() - t}
    for engine, write, target in (("tantivy", write_tantivy, folder / "search"),
                                  ("sqlite", write_sqlite, folder / "search.sqlite")):
        t = time.perf_counter()
        write(docs.values(), names, target)
        out[engine + "_write_s"] = time.perf_counter() - t
        files = [target] if target.is_file() else [p for p in target.rglob("*") if p.is_file()]
        out[engine + "_mb"] = sum(p.stat().st_size for p in files) / 2**20
    return out


def time_queries(folder: Path, repeat: int) -> dict:
    from bench import search_sqlite_query as sq
    from kg.search import query as tq

    ix, con = tq.connect(folder / "search"), sq.connect(folder / "search.sqlite")
    engines = {"tantivy": lambda q: tq.search(ix, q, limit=20), "sqlite": lambda q: sq.search(con, q, limit=20)}
    out: dict = {}
    for label, queries in (("one word", ONE_WORD), ("three words", THREE_WORDS)):
        times: dict[str, list[float]] = {name: [] for name in engines}
        for q in queries:
            for name, fn in engines.items():  # interleaved, so both see the same load on the machine
                fn(q)
            for _ in range(repeat):
                for name, fn in engines.items():
                    t = time.perf_counter()
                    fn(q)
                    times[name].append((time.perf_counter() - t) * 1000)
        for name, ts in times.items():
            ts.sort()
            out[(name, label)] = {"p50": statistics.median(ts), "p99": ts[min(len(ts) - 1, int(round(0.99 * (len(ts) - 1))))],
                                  "n": len(ts)}
    totals = {q: (tq.search(ix, q, limit=1, facets=False).total, sq.search(con, q, limit=1, facets=False).total)
              for q in ONE_WORD[:3] + THREE_WORDS[:3]}
    con.close()
    return {"timings": out, "totals": totals}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--factors", type=int, nargs="+", default=[10, 100])
    ap.add_argument("--work", type=Path, default=ROOT / "var" / "bench-search")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--reindex", action="store_true", help="write the indexes again even if present")
    ap.add_argument("--replicate", action="store_true",
                    help="make the documents by renaming x1's (see replicate()) instead of ingesting the scale")
    args = ap.parse_args()
    print("| scale | triples | documents | index | write s | MB | one word p50 / p99 ms | three words p50 / p99 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for factor in args.factors:
        folder = replicate(factor, args.work) if args.replicate else generate(factor, args.work)
        meta = json.loads((folder / ("docs.done" if args.replicate else "store.done")).read_text())
        info_file = folder / "indexes.json"
        if args.reindex or not info_file.exists():
            info_file.write_text(json.dumps(write_indexes(folder)))
        info = json.loads(info_file.read_text())
        res = time_queries(folder, args.repeat)
        for engine in ("tantivy", "sqlite"):
            if (engine, "one word") not in res["timings"]:
                continue
            one, three = res["timings"][(engine, "one word")], res["timings"][(engine, "three words")]
            print(f"| x{factor} | {meta.get('triples', 'replicated')} | {info['documents']:,} | {engine} | "
                  f"{info.get(engine + '_write_s', 0):.1f} | {info.get(engine + '_mb', 0):.1f} | "
                  f"{one['p50']:.1f} / {one['p99']:.1f} | {three['p50']:.1f} / {three['p99']:.1f} |", flush=True)
        print(f"<!-- x{factor}: read documents {info['read_s']:.1f} s; totals {res['totals']} -->", flush=True)


if __name__ == "__main__":
    main()
