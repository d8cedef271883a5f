"""Ask the search index: ranked matches with snippets, facet counts and paging.

Ranking, best first:

1. the query is exactly a preferred label, an acronym or a notation (case and accents ignored);
2. how much of a label the query covers (``SPF Justice``: half; an
   alternative label counts 0.4 as much), so a short name that is mostly the
   query comes before a long one that merely contains it;
3. FTS5's BM25, labels weighing eight times the texts and quotes;
4. how many links point at the document (a body named in many actions first).

Every word of the query must match (by its French or English stem, accents
and case ignored). Filters are facet values (``plan``, ``country``,
``source``, ``sdg``, ``pillar`` as IRIs, ``kind`` as a word); counts are of
the whole match under the other filters.

Only the engine is this module's own: the hits (label to show, label that
matched, snippet) are made by :mod:`kg.search.results`, as for tantivy, so
``bench/search_bench.py`` compares the two engines and nothing else.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kg import labels as _labels
from kg.errors import NapkgError
from kg.search.documents import FACETS
from kg.search.results import Results, make_hit
from kg.search.text import MAX_QUERY_WORDS, STOPWORDS, content_words, stems, words

MAX_PER_PAGE = 100
MAX_FACET_VALUES = 50


def match_expression(query: str, *, prefix: bool = False) -> str | None:
    """An FTS5 MATCH expression for a user's query: every word must match, by any of its stems
    (:mod:`kg.search.query` builds tantivy queries term by term).

    Words are quoted FTS5 strings made of letters and digits only, so nothing
    a user types reaches FTS5 as syntax. Stop words are kept only when the
    query has nothing else. With ``prefix``, the last word also matches as
    the start of a word (for names typed as they are looked up). None when
    the query has no word.

    >>> match_expression("travail d'enfants")
    '("travail") AND ("enfant")'
    >>> match_expression("spf econ", prefix=True)
    '("spf") AND ("econ" OR "econ"*)'
    """
    ws = words(query)[:MAX_QUERY_WORDS]
    if not ws:
        return None
    kept = [w for w in ws if w not in STOPWORDS] or ws
    terms, seen = [], set()
    for n, w in enumerate(kept):
        if w in seen:
            continue
        seen.add(w)
        alternatives = [f'"{s}"' for s in stems(w)]
        if prefix and n == len(kept) - 1:
            alternatives.append(f'"{w}"*')
        terms.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(terms)


class SearchError(NapkgError):
    """The index is missing or unreadable, or a search parameter is wrong."""


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection to the index at ``path`` (SearchError if there is none)."""
    path = Path(path)
    if not path.exists():
        raise SearchError(f"no search index in {path.parent}: rebuild ('napkg build') or write one for the "
                          "current build ('napkg search --reindex')")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.Error as e:
        raise SearchError(f"cannot read the search index {path}: {e}") from None
    return con


_FILL = """INSERT INTO temp.hits SELECT rowid, bm25(doc_fts, 8.0, 1.0) FROM doc_fts WHERE doc_fts MATCH :expr"""
_FILTERED = "SELECT hits.doc AS doc, hits.score AS score FROM temp.hits AS hits WHERE 1 {where}"
_RANKED = """
WITH filtered AS (""" + _FILTERED + """),
lab AS (SELECT l.doc AS doc,
               MAX(CASE WHEN l.key = :key AND l.role IN ('pref', 'acronym', 'notation') THEN 10.0
                        ELSE MIN(1.0, (CASE l.role WHEN 'alt' THEN 0.4 ELSE 1.0 END) * :nq / l.nwords) END) AS cov
        FROM label_fts JOIN labels l ON l.id = label_fts.rowid
        WHERE label_fts MATCH :expr AND l.doc IN (SELECT doc FROM filtered) GROUP BY l.doc)
SELECT docs.id, COALESCE(lab.cov, 0) AS cov
FROM filtered JOIN docs ON docs.id = filtered.doc LEFT JOIN lab ON lab.doc = filtered.doc
ORDER BY cov DESC, filtered.score ASC, docs.weight DESC, docs.iri
LIMIT :limit OFFSET :offset
"""
# CROSS JOIN fixes the join order: the matches first, then their facets by document (left to itself, SQLite
# scanned the whole facet table by value: 52 ms against 2 ms at x10)
_COUNTS = """WITH filtered AS (""" + _FILTERED + """)
SELECT f.facet, f.value, COUNT(*) AS n FROM filtered CROSS JOIN facets f ON f.doc = filtered.doc {only}
GROUP BY f.facet, f.value"""


def _where(filters: dict[str, list[str]], skip: str | None = None) -> tuple[str, dict]:
    parts, params = [], {}
    for n, (facet, values) in enumerate(sorted(filters.items())):
        if facet not in FACETS:
            raise SearchError(f"unknown filter {facet!r}; filters: {', '.join(FACETS)}")
        if facet == skip or not values:
            continue
        names = []
        for m, v in enumerate(values):
            params[f"f{n}_{m}"] = v
            names.append(f":f{n}_{m}")
        params[f"facet{n}"] = facet
        parts.append(f"AND hits.doc IN (SELECT doc FROM facets WHERE facet = :facet{n} AND value IN ({', '.join(names)}))")
    return " ".join(parts), params


def search(con: sqlite3.Connection, q: str, *, filters: dict[str, list[str]] | None = None, offset: int = 0,
           limit: int = 20, lang: str | None = None, facets: bool = True, prefix: bool = False) -> Results:
    """The documents matching ``q`` under ``filters``, ranked, one page of them with snippets, and facet counts.

    The matches are found once (FTS5) into a temporary table that ranking,
    counting and every facet then read. Use one connection per thread.
    """
    filters = {k: list(v) for k, v in (filters or {}).items() if v}
    if not 1 <= limit <= MAX_PER_PAGE:
        raise SearchError(f"limit must be between 1 and {MAX_PER_PAGE}")
    if offset < 0:
        raise SearchError("offset must not be negative")
    where, params = _where(filters)
    expr = match_expression(q or "", prefix=prefix)
    if expr is None:
        return Results(q or "", 0, offset, limit, [], {f: [] for f in FACETS} if facets else {})
    con.execute("CREATE TEMP TABLE IF NOT EXISTS hits(doc INTEGER PRIMARY KEY, score REAL)")
    con.execute("DELETE FROM temp.hits")
    con.execute(_FILL, {"expr": expr})
    key = " ".join(words(q))
    rows = con.execute(_RANKED.format(where=where), {**params, "expr": expr, "key": key,
                                                      "nq": max(1, len(words(q))), "limit": limit,
                                                      "offset": offset}).fetchall()
    total = con.execute(f"SELECT COUNT(*) FROM ({_FILTERED.format(where=where)})", params).fetchone()[0]
    qstems = {s for w in content_words(q) for s in stems(w)}
    ids = [r[0] for r in rows]  # ranked on ids alone; the page's data read after (sorting the data was 10x slower)
    data = {i: (iri, kind, d) for i, iri, kind, d in con.execute(
        f"SELECT id, iri, kind, data FROM docs WHERE id IN ({', '.join('?' * len(ids))})", ids)} if ids else {}
    hits = [make_hit(*data[i], qstems, key, lang) for i in ids]
    counts = _facet_counts(con, filters, lang) if facets else {}
    con.execute("DELETE FROM temp.hits")
    return Results(q, total, offset, limit, hits, counts)


def _facet_counts(con: sqlite3.Connection, filters: dict, lang: str | None) -> dict[str, list[dict]]:
    """For each facet, its values among the matches (under every filter but this facet's own), most first."""
    found: dict[str, list[tuple[str, int]]] = {f: [] for f in FACETS}
    where, params = _where(filters)
    for facet, value, n in con.execute(_COUNTS.format(where=where, only=""), params):
        if facet not in filters:
            found[facet].append((value, n))
    for facet in filters:  # a filtered facet counts its values under the other filters only
        where, params = _where(filters, skip=facet)
        found[facet] = [(v, n) for _f, v, n in con.execute(_COUNTS.format(where=where, only="AND f.facet = :only"),
                                                              {**params, "only": facet})]
    out = {}
    for facet, pairs in found.items():
        pairs.sort(key=lambda p: (-p[1], p[0]))
        found[facet] = pairs[:MAX_FACET_VALUES]
    shown = names(con, [v for f, pairs in found.items() if f != "kind" for v, _ in pairs], lang)
    for facet, pairs in found.items():
        chosen = set(filters.get(facet, ()))
        out[facet] = [{"value": v, "count": n, "label": v if facet == "kind" else shown[v],
                       "selected": v in chosen} for v, n in pairs]
    return out


def names(con: sqlite3.Connection, iris: list[str], lang: str | None = None) -> dict[str, str]:
    """:func:`name` of many IRIs in one query."""
    found: dict[str, list] = {i: [] for i in iris}
    for start in range(0, len(iris), 500):
        chunk = iris[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for iri, text, lg in con.execute(f"SELECT iri, text, lang FROM names WHERE iri IN ({marks})", chunk):
            found[iri].append((text, lg))
    out = {}
    for iri, labs in found.items():
        picked = _labels.pick(labs, lang)
        out[iri] = picked.text if picked else iri.rstrip("/").rsplit("/", 1)[-1]
    return out
