"""Write the search index: one SQLite file with FTS5 tables, in the build folder.

SQLite's FTS5 (in Python's standard library) was measured beside tantivy on
x10 and x100 of the graph (``bench/search_bench.py``, figures in
``bench/README.md``) and chosen by those figures. Tables:

``docs``        one row per document: IRI, kind, weight (links in), its data as JSON for snippets
``doc_fts``     FTS5 over the stemmed words of the labels (``names``) and of the texts and quotes (``body``)
``labels``      one row per label: folded text (exact matches), role (pref, alt, acronym, notation), words
``label_fts``   FTS5 over each label's stemmed words, for how much of a label a query covers
``facets``      (doc, facet, value IRI)
``names``       the preferred labels of every document and facet value, per language

The file is written beside its final name and renamed into place, so a
reader never opens half an index.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from kg.search.documents import Document
from kg.search.text import index_text, label_key, words

INDEX_FILE = "search.sqlite"
SCHEMA_VERSION = "1"
TOKENIZER = "unicode61 remove_diacritics 2"

SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE docs(id INTEGER PRIMARY KEY, iri TEXT UNIQUE NOT NULL, kind TEXT NOT NULL, weight INTEGER NOT NULL,
                  data TEXT NOT NULL);
CREATE VIRTUAL TABLE doc_fts USING fts5(names, body, content='', tokenize='{TOKENIZER}');
CREATE TABLE labels(id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, key TEXT NOT NULL, role TEXT NOT NULL,
                    nwords INTEGER NOT NULL);
CREATE VIRTUAL TABLE label_fts USING fts5(words, content='', tokenize='{TOKENIZER}');
CREATE TABLE facets(doc INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE names(iri TEXT NOT NULL, lang TEXT NOT NULL, text TEXT NOT NULL);
"""
INDEXES = """
CREATE INDEX labels_key ON labels(key);
CREATE INDEX labels_doc ON labels(doc);
CREATE INDEX facets_doc ON facets(doc);
CREATE INDEX facets_value ON facets(facet, value);
CREATE INDEX names_iri ON names(iri);
CREATE INDEX docs_kind ON docs(kind);
"""


def write_documents(docs, names: dict[str, list], path: Path) -> dict:
    """Write ``docs`` (:class:`Document`) and the ``names`` of facet values into a new index at ``path``."""
    path = Path(path)
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    if tmp.exists():
        tmp.unlink()
    con = sqlite3.connect(tmp)
    try:
        con.executescript(SCHEMA)
        n = 0
        label_id = 0
        for i, d in enumerate(sorted(docs, key=lambda d: d.iri), start=1):
            n = i
            con.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", (i, d.iri, d.kind, d.weight, _data(d)))
            con.execute("INSERT INTO doc_fts(rowid, names, body) VALUES (?, ?, ?)",
                        (i, " ".join(index_text(t) for t, _, _ in d.labels),
                         " ".join(index_text(t) for t, _ in d.texts + d.quotes)))
            for text, _lang, role in d.labels:
                label_id += 1
                con.execute("INSERT INTO labels VALUES (?, ?, ?, ?, ?)",
                            (label_id, i, label_key(text), role, max(1, len(words(text)))))
                con.execute("INSERT INTO label_fts(rowid, words) VALUES (?, ?)", (label_id, index_text(text)))
            con.executemany("INSERT INTO facets VALUES (?, ?, ?)",
                            [(i, f, v) for f, vs in sorted(d.facets.items()) for v in sorted(vs)])
        seen = set()
        rows = []
        for iri, labs in names.items():
            for text, lang in labs:
                if (iri, lang) not in seen:
                    seen.add((iri, lang))
                    rows.append((iri, lang, text))
        con.executemany("INSERT INTO names VALUES (?, ?, ?)", rows)
        con.executescript(INDEXES)
        con.execute("ANALYZE")
        con.execute("INSERT INTO doc_fts(doc_fts) VALUES ('optimize')")
        con.execute("INSERT INTO label_fts(label_fts) VALUES ('optimize')")
        con.executemany("INSERT INTO meta VALUES (?, ?)", [("schema", SCHEMA_VERSION), ("documents", str(n))])
        con.commit()
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, path)
    return {"documents": n, "labels": label_id}


def _data(d: Document) -> str:
    return json.dumps({"labels": d.labels, "texts": d.texts, "quotes": d.quotes}, ensure_ascii=False)
