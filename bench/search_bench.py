"""Search benchmark: SQLite FTS5 (kg.search, chosen) beside tantivy, on x10 and x100 of the graph.

Run: ``python -m bench.search_bench [--factors 10 100] [--work var/bench-search]``.
Each scale is generated once with :mod:`bench.synthetic` and kept under
``--work`` (records, an Oxigraph store of the ingested graph, both indexes):
a later run reuses them. The graph is ingested but not validated or reasoned
(the documents follow the class hierarchy themselves), which is what the
index needs and takes minutes instead of the 19 of a full x100 build.

Both engines index the same documents, the same stemmed words
(:mod:`kg.search.text`), and answer the same queries: every word must match
by one of its stems, labels weigh 8 against texts and quotes. Per query:

* **sqlite**: the whole :func:`kg.search.search` the service runs: matches,
  label coverage and BM25 ranking, 20 hits with their data and snippets,
  the total, and the counts of six facets;
* **tantivy**: BM25 top 20 with stored data, the total (``count=True``) and
  one terms aggregation over a fast facet field for the facet counts (no
  label-coverage tier and no snippets: less work than sqlite does).

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


def write_indexes(folder: Path) -> dict:
    """Read the documents once and write both indexes; seconds of each write."""
    from kg.search.documents import read_documents
    from kg.search.index import write_documents
    from kg.store import open_store

    store = open_store("oxigraph", folder / "store", read_only=True)
    t = time.perf_counter()
    docs, names = read_documents(store)
    out = {"documents": len(docs), "read_s": time.perf_counter() - t}
    store.close()
    t = time.perf_counter()
    write_documents(docs.values(), names, folder / "search.sqlite")
    out["sqlite_write_s"] = time.perf_counter() - t
    out["sqlite_mb"] = (folder / "search.sqlite").stat().st_size / 2**20
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return out
    t = time.perf_counter()
    _tantivy_write(docs.values(), folder / "tantivy")
    out["tantivy_write_s"] = time.perf_counter() - t
    out["tantivy_mb"] = sum(p.stat().st_size for p in (folder / "tantivy").rglob("*") if p.is_file()) / 2**20
    return out


def _tantivy_schema():
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("names", stored=False, tokenizer_name="default")
    sb.add_text_field("body", stored=False, tokenizer_name="default")
    sb.add_text_field("facets", stored=False, fast=True, tokenizer_name="raw")
    sb.add_text_field("iri", stored=True, tokenizer_name="raw")
    sb.add_text_field("data", stored=True, tokenizer_name="raw", index_option="basic")
    return sb.build()


def _tantivy_write(docs, path: Path) -> None:
    import tantivy

    from kg.search.index import _data
    from kg.search.text import index_text

    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    index = tantivy.Index(_tantivy_schema(), path=str(path))
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    for d in docs:
        facets = [f"{f}={v}" for f, vs in sorted(d.facets.items()) for v in sorted(vs)]
        writer.add_document(tantivy.Document(
            names=" ".join(index_text(t) for t, _, _ in d.labels),
            body=" ".join(index_text(t) for t, _ in d.texts + d.quotes),
            facets=facets, iri=d.iri, data=_data(d)))
    writer.commit()
    writer.wait_merging_threads()


def _tantivy_query(index, q: str):
    from kg.search.text import STOPWORDS, stems, words

    ws = [w for w in words(q) if w not in STOPWORDS] or words(q)
    parts = ["+(" + " ".join(stems(w)) + ")" for w in dict.fromkeys(ws)]
    return index.parse_query(" ".join(parts), ["names", "body"], field_boosts={"names": 8.0})


def time_queries(folder: Path, repeat: int) -> dict:
    from kg.search import search
    from kg.search.query import connect

    con = connect(folder / "search.sqlite")
    engines = {"sqlite": lambda q: search(con, q, limit=20)}
    if (folder / "tantivy").exists():
        import tantivy

        index = tantivy.Index.open(str(folder / "tantivy"))
        index.reload()
        searcher = index.searcher()

        def run_tantivy(q: str):
            query = _tantivy_query(index, q)
            res = searcher.search(query, 20, count=True)
            hits = [searcher.doc(addr)["data"] for _score, addr in res.hits]
            facets = searcher.aggregate(query, {"f": {"terms": {"field": "facets", "size": 1000}}})
            return res.count, hits, facets

        engines["tantivy"] = run_tantivy
    out: dict = {}
    for name, fn in engines.items():
        for label, queries in (("one word", ONE_WORD), ("three words", THREE_WORDS)):
            times = []
            for q in queries:
                fn(q)
                for _ in range(repeat):
                    t = time.perf_counter()
                    fn(q)
                    times.append((time.perf_counter() - t) * 1000)
            times.sort()
            out[(name, label)] = {"p50": statistics.median(times),
                                  "p99": times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))],
                                  "n": len(times)}
    totals = {q: search(con, q, limit=1, facets=False).total for q in ONE_WORD[:3] + THREE_WORDS[:3]}
    con.close()
    return {"timings": out, "totals": totals}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--factors", type=int, nargs="+", default=[10, 100])
    ap.add_argument("--work", type=Path, default=ROOT / "var" / "bench-search")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--reindex", action="store_true", help="write the indexes again even if present")
    args = ap.parse_args()
    print("| scale | triples | documents | index | write s | MB | one word p50 / p99 ms | three words p50 / p99 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for factor in args.factors:
        folder = generate(factor, args.work)
        meta = json.loads((folder / "store.done").read_text())
        info_file = folder / "indexes.json"
        if args.reindex or not info_file.exists():
            info_file.write_text(json.dumps(write_indexes(folder)))
        info = json.loads(info_file.read_text())
        res = time_queries(folder, args.repeat)
        for engine in ("sqlite", "tantivy"):
            if (engine, "one word") not in res["timings"]:
                continue
            one, three = res["timings"][(engine, "one word")], res["timings"][(engine, "three words")]
            print(f"| x{factor} | {meta['triples']:,} | {info['documents']:,} | {engine} | "
                  f"{info.get(engine + '_write_s', 0):.1f} | {info.get(engine + '_mb', 0):.1f} | "
                  f"{one['p50']:.1f} / {one['p99']:.1f} | {three['p50']:.1f} / {three['p99']:.1f} |", flush=True)
        print(f"<!-- x{factor}: read documents {info['read_s']:.1f} s; totals {res['totals']} -->", flush=True)


if __name__ == "__main__":
    main()
