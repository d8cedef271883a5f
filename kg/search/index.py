"""Write the search index: a tantivy index in the build folder (``search/``).

Tantivy (PyPI ``tantivy``, the Rust engine's official binding) was measured
beside SQLite's FTS5 on x10 and x100 of the graph (``bench/search_bench.py``,
figures in ``bench/README.md``) and chosen by those figures. Words are
stemmed by :mod:`kg.search.text` before they reach it (French and English),
so tantivy's default tokenizer only splits and lower-cases. Fields:

============  ==================================================================
``names``     stemmed preferred labels, acronyms and notations (weighs 8)
``alt``       stemmed alternative labels (weighs 2)
``body``      stemmed texts (progress texts, definitions, headings) and quotes (1)
``keys``      each preferred label, acronym and notation, folded whole (exact matches)
``f_<facet>`` facet values (kind, plan, country, source, sdg, pillar), fast fields for counts
``weight``    links pointing at the document (a tie-breaker)
``iri``, ``kind``, ``labels``, ``data``   stored: IRI, kind, labels (JSON: ranking), texts and quotes (JSON: snippets)
============  ==================================================================

``names.json`` beside it holds the preferred labels of every document and
facet value, per language. The index is written into a folder beside its
final name and renamed into place, so a reader never opens half an index.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from ..store import Store
from .documents import FACETS, Document, read_documents
from .text import index_text, label_key

INDEX_DIR = "search"
NAMES_FILE = "names.json"
SCHEMA_VERSION = "3"


def schema():
    """The index schema (one place, for the writer and the reader)."""
    import tantivy

    sb = tantivy.SchemaBuilder()
    for name in ("names", "alt", "body"):
        sb.add_text_field(name, stored=False, tokenizer_name="default", index_option="freq")
    sb.add_text_field("keys", stored=False, tokenizer_name="raw", index_option="basic")
    for facet in FACETS:
        sb.add_text_field(f"f_{facet}", stored=False, fast=True, tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field("weight", stored=True, indexed=False, fast=True)
    sb.add_text_field("iri", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("kind", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_bytes_field("labels", stored=True, indexed=False)
    sb.add_bytes_field("data", stored=True, indexed=False)
    return sb.build()


def write_index(store: Store, path: Path, *, napid: str | None = None) -> dict:
    """Read the documents from ``store`` and write the index to the folder ``path``; returns counts."""
    docs, names = read_documents(store, **({"napid": napid} if napid else {}))
    return write_documents(docs.values(), names, path)


def write_documents(docs, names: dict[str, list], path: Path) -> dict:
    """Write ``docs`` (:class:`Document`) and the ``names`` of facet values into a new index folder ``path``."""
    import tantivy

    path = Path(path)
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    n = labels = 0
    try:
        index = tantivy.Index(schema(), path=str(tmp))
        writer = index.writer(heap_size=100_000_000, num_threads=1)
        for d in docs:
            n += 1
            labels += len(d.labels)
            writer.add_document(_document(tantivy, d))
        writer.commit()
        writer.wait_merging_threads()
        (tmp / NAMES_FILE).write_text(json.dumps(
            {"schema": SCHEMA_VERSION, "documents": n,
             "names": {iri: _dedupe(labs) for iri, labs in names.items()}}, ensure_ascii=False), encoding="utf-8")
        old = path.with_name(path.name + f".old-{os.getpid()}")
        if path.exists():
            os.replace(path, old)
        os.replace(tmp, path)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return {"documents": n, "labels": labels}


def _dedupe(labs) -> list:
    out = []
    for text, lang in labs:
        if [text, lang] not in out:
            out.append([text, lang])
    return out


def _document(tantivy, d: Document):
    doc = tantivy.Document()
    doc.add_text("names", " ".join(index_text(t) for t, _, role in d.labels if role != "alt"))
    doc.add_text("alt", " ".join(index_text(t) for t, _, role in d.labels if role == "alt"))
    doc.add_text("body", " ".join(index_text(t) for t, _ in d.texts + d.quotes))
    for key in {label_key(t) for t, _, role in d.labels if role != "alt"}:
        doc.add_text("keys", key)
    for facet in FACETS:
        for value in sorted(d.facets.get(facet, ())):
            doc.add_text(f"f_{facet}", value)
    doc.add_unsigned("weight", d.weight)
    doc.add_text("iri", d.iri)
    doc.add_text("kind", d.kind)
    doc.add_bytes("labels", json.dumps(d.labels, ensure_ascii=False).encode("utf-8"))
    doc.add_bytes("data", json.dumps({"texts": d.texts, "quotes": d.quotes}, ensure_ascii=False).encode("utf-8"))
    return doc
