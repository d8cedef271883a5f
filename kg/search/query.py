"""Ask the search index (tantivy): ranked matches with snippets, facet counts and paging.

Every word of the query must match, by its French or English stem, in a
label, a text or a quote (accents and case ignored). Ranking, best first:

1. the query is exactly a preferred label, an acronym or a notation;
2. how much of a label the query covers (``SPF Justice``: half; an
   alternative label counts 0.4 as much), so a short name that is mostly the
   query comes before a long one that merely contains it;
3. BM25, preferred labels weighing 8, alternative labels 2, texts and quotes 1;
4. how many links point at the document.

Tiers 1, 2 and 4 re-order the first :data:`RERANK` matches of tier 3's
order; past them the order is BM25's. Filters are facet values (``plan``,
``country``, ``source``, ``sdg``, ``pillar`` as IRIs, ``kind`` as a word);
a facet's counts are of the matches under the other facets' filters.
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

from .. import labels as _labels
from ..errors import StoreError
from .documents import FACETS
from .index import NAMES_FILE, SCHEMA_VERSION, schema
from .results import Hit, Results, SearchError, coverage, make_hit
from .text import STOPWORDS, content_words, fold, label_key, stems, words, MAX_QUERY_WORDS

MAX_PER_PAGE = 100
MAX_OFFSET = 10_000
MAX_FACET_VALUES = 50
RERANK = 50
BOOSTS = {"names": 8.0, "alt": 2.0, "body": 1.0}
EXACT_BOOST = 1000.0


class IndexMissing(StoreError):
    """The build has no search index."""


class SearchIndex:
    """An open index: the tantivy index, its searcher, and the names of facet values."""

    def __init__(self, path: Path):
        import tantivy

        self.path = path
        self.tantivy = tantivy
        self.index = tantivy.Index.open(str(path))
        self.schema = self.index.schema
        self.searcher = self.index.searcher()
        meta = json.loads((path / NAMES_FILE).read_text(encoding="utf-8"))
        if meta.get("schema") != SCHEMA_VERSION:
            raise IndexMissing(f"the search index in {path.parent} is of an older format: rebuild, or "
                               "'napkg search --reindex'")
        self.names: dict[str, list] = meta["names"]
        self.shown: dict[tuple, str] = {}  # name() memo: the labels never change in a build's index

    def close(self) -> None:
        """Nothing to release (tantivy maps its files); kept for ``with`` and symmetry."""


_OPEN: dict[str, SearchIndex] = {}
_LOCK = threading.Lock()


def connect(path: Path) -> SearchIndex:
    """The index in folder ``path``, opened once per process (IndexMissing if there is none)."""
    path = Path(path)
    if not (path / NAMES_FILE).exists():
        raise IndexMissing(f"no search index in {path.parent}: rebuild ('napkg build') or write one for the "
                           "current build ('napkg search --reindex')")
    key = str(path.resolve())
    with _LOCK:
        found = _OPEN.get(key)
        if found is None:
            try:
                found = SearchIndex(path)
            except ValueError as e:
                raise IndexMissing(f"cannot read the search index {path}: {e}") from None
            for k in [k for k in _OPEN if Path(k).parent.parent == Path(key).parent.parent]:
                del _OPEN[k]  # an older build's index of the same store
            _OPEN[key] = found
    return found


def _term(ix: SearchIndex, field: str, text: str):
    return ix.tantivy.Query.term_query(ix.schema, field, text)


def _should(ix: SearchIndex, queries: list):
    Occur = ix.tantivy.Occur
    return ix.tantivy.Query.boolean_query([(Occur.Should, q) for q in queries])


def _text_query(ix: SearchIndex, q: str, prefix: bool):
    """Every content word must match one of its stems in some field (the last word also as a prefix)."""
    T = ix.tantivy
    ws = words(q)[:MAX_QUERY_WORDS]
    kept = list(dict.fromkeys([w for w in ws if w not in STOPWORDS] or ws))
    musts = []
    for n, w in enumerate(kept):
        alts = []
        for field, boost in BOOSTS.items():
            for s in stems(w):
                alts.append(T.Query.boost_query(_term(ix, field, s), boost))
            if prefix and n == len(kept) - 1 and w.isalnum():
                alts.append(T.Query.boost_query(T.Query.regex_query(ix.schema, field, re.escape(w) + ".*"), boost))
        musts.append(_should(ix, alts))
    return musts


def _filter_queries(ix: SearchIndex, filters: dict[str, list[str]], skip: str | None = None) -> list:
    out = []
    for facet, values in sorted(filters.items()):
        if facet not in FACETS:
            raise SearchError(f"unknown filter {facet!r}; filters: {', '.join(FACETS)}")
        if facet != skip and values:
            out.append(_should(ix, [_term(ix, f"f_{facet}", v) for v in values]))
    return out


def _combine(ix: SearchIndex, musts: list, shoulds: list = ()):
    Occur = ix.tantivy.Occur
    return ix.tantivy.Query.boolean_query([(Occur.Must, m) for m in musts] + [(Occur.Should, s) for s in shoulds])


def search(ix: SearchIndex, q: str, *, filters: dict[str, list[str]] | None = None, offset: int = 0,
           limit: int = 20, lang: str | None = None, facets: bool = True, prefix: bool = False) -> Results:
    """The documents matching ``q`` under ``filters``, ranked; one page of them with snippets; facet counts."""
    filters = {k: list(v) for k, v in (filters or {}).items() if v}
    if not 1 <= limit <= MAX_PER_PAGE:
        raise SearchError(f"limit must be between 1 and {MAX_PER_PAGE}")
    if not 0 <= offset <= MAX_OFFSET:
        raise SearchError(f"offset must be between 0 and {MAX_OFFSET}")
    text = _text_query(ix, q or "", prefix)
    flt = _filter_queries(ix, filters)
    if not text:
        return Results(q or "", 0, offset, limit, [], {f: [] for f in FACETS} if facets else {})
    key = label_key(q)
    query = _combine(ix, text + flt, [ix.tantivy.Query.boost_query(_term(ix, "keys", key), EXACT_BOOST)])
    window = max(RERANK, offset + limit)
    res = ix.searcher.search(query, window, count=True)
    qwords = [set(stems(w)) for w in dict.fromkeys(content_words(q))]
    qstems = set().union(*qwords) if qwords else set()
    ranked = []
    for pos, (score, addr) in enumerate(res.hits):
        if pos < RERANK or offset <= pos < offset + limit:
            doc = ix.searcher.doc(addr)
            labels = json.loads(bytes(doc["labels"][0]))
            order = _rank(labels, key, qwords, score, doc["weight"][0]) if pos < RERANK else (1, 0.0, -score, 0)
            ranked.append((order, pos, doc, labels))
        else:
            ranked.append(((1, 0.0, -score, 0), pos, None, None))
    head = sorted(ranked[:RERANK]) + ranked[RERANK:]
    hits = []
    for _o, _p, doc, labels in head[offset:offset + limit]:
        data = {"labels": labels, **json.loads(bytes(doc["data"][0]))}
        hits.append(make_hit(doc["iri"][0], doc["kind"][0], data, qstems, key, lang))
    counts = _facet_counts(ix, text, flt, filters, lang) if facets else {}
    return Results(q, res.count, offset, limit, hits, counts)


def _rank(labels: list, key: str, qwords: list[set[str]], score: float, weight: int) -> tuple:
    exact = any(role != "alt" and label_key(t) == key for t, _, role in labels)
    cov = max([coverage(t, qwords) * (0.4 if role == "alt" else 1.0) for t, _, role in labels] or [0.0])
    return (0 if exact else 1, -cov, -score, -weight)


def _facet_counts(ix: SearchIndex, text: list, flt: list, filters: dict, lang: str | None) -> dict[str, list[dict]]:
    """For each facet its values among the matches, most first (a filtered facet: under the other filters);
    ``flt`` is :func:`_filter_queries` of ``filters``."""
    spec = {f: {"terms": {"field": f"f_{f}", "size": MAX_FACET_VALUES}} for f in FACETS}
    found: dict[str, list[tuple[str, int]]] = {}
    base = ix.searcher.aggregate(_combine(ix, text + flt), spec)
    for f in FACETS:
        if f not in filters:
            found[f] = [(b["key"], b["doc_count"]) for b in base.get(f, {}).get("buckets", [])]
    for f in filters:
        agg = ix.searcher.aggregate(_combine(ix, text + _filter_queries(ix, filters, skip=f)), {f: spec[f]})
        found[f] = [(b["key"], b["doc_count"]) for b in agg.get(f, {}).get("buckets", [])]
    out = {}
    for f in FACETS:
        pairs = sorted(found.get(f, []), key=lambda p: (-p[1], p[0]))
        chosen = set(filters.get(f, ()))
        out[f] = [{"value": v, "count": n, "label": v if f == "kind" else name(ix, v, lang),
                   "selected": v in chosen} for v, n in pairs]
    return out


def name(ix: SearchIndex, iri: str, lang: str | None = None) -> str:
    """The label of an IRI in ``lang`` by the one label rule (its last path segment when it has none)."""
    cached = ix.shown.get((iri, lang))
    if cached is None:
        found = _labels.pick([tuple(x) for x in ix.names.get(iri, [])], lang)
        cached = ix.shown[(iri, lang)] = found.text if found else iri.rstrip("/").rsplit("/", 1)[-1]
    return cached


def list_kind(ix: SearchIndex, kind: str, *, offset: int = 0, limit: int = 100,
              lang: str | None = None) -> tuple[list[Hit], int]:
    """Every document of one kind, by label (for listings without a query)."""
    query = _term(ix, "f_kind", kind)
    total = ix.searcher.search(query, 1, count=True).count
    hits = []
    for _score, addr in ix.searcher.search(query, max(total, 1), count=False).hits:
        doc = ix.searcher.doc(addr)
        data = {"labels": json.loads(bytes(doc["labels"][0])), "texts": [], "quotes": []}
        hits.append(make_hit(doc["iri"][0], doc["kind"][0], data, set(), "", lang))
    hits.sort(key=lambda h: (fold(h.label or h.iri), h.iri))
    return hits[offset:offset + limit], total


__all__ = ["IndexMissing", "MAX_PER_PAGE", "Results", "SearchError", "SearchIndex", "connect", "list_kind", "name",
           "search", "schema"]
