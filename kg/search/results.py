"""What a search answers: hits with the label to show, the label that matched and a highlighted snippet.

Snippets are cut from the stored texts here, around the first matched
word: ``(text, is_match)`` pieces a template renders with ``<mark>`` and
escaping, or the API writes with [brackets].
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import labels as _labels
from ..errors import QueryError
from .text import STOPWORDS, fold, label_key, stems

SNIPPET_WORDS = 28
ROLE_ORDER = {"pref": 0, "acronym": 1, "notation": 2, "alt": 3}


class SearchError(QueryError):
    """A search parameter is wrong (an unknown filter or kind, a bad page)."""


@dataclass
class Hit:
    iri: str
    kind: str
    label: str | None
    label_lang: str
    fallback: bool
    match: dict | None
    snippet: list[tuple[str, bool]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"iri": self.iri, "kind": self.kind, "label": self.label, "label_lang": self.label_lang,
                "label_fallback": self.fallback, "match": self.match,
                "snippet": "".join(f"[{t}]" if m else t for t, m in self.snippet),
                "snippet_parts": [{"text": t, "match": m} for t, m in self.snippet]}


@dataclass
class Results:
    q: str
    total: int
    offset: int
    limit: int
    hits: list[Hit]
    facets: dict[str, list[dict]]

    def as_dict(self) -> dict:
        return {"q": self.q, "total": self.total, "offset": self.offset, "limit": self.limit,
                "hits": [h.as_dict() for h in self.hits], "facets": self.facets}


_SPLIT = re.compile(r"([^\W_]+)", re.UNICODE)


@lru_cache(maxsize=100_000)
def word_stems(word: str) -> tuple[str, ...]:
    """The stems of a word as written (none for a stop word: they are never highlighted)."""
    w = fold(word)
    return () if w in STOPWORDS else tuple(stems(w))


def matches(text: str, qstems: set[str]) -> bool:
    return bool(_label_stems(text)[1] & qstems) if len(text) < 300 else \
        any(s in qstems for w in _SPLIT.findall(text) for s in word_stems(w))


def coverage(text: str, query_words: list[set[str]]) -> float:
    """How much of a label the query covers: 0 unless every query word is in it, else query words / label words.

    >>> coverage("SPF Justice", [{"justic"}]), coverage("ministère de la Justice", [{"justic"}])
    (0.5, 0.25)
    """
    n, found = _label_stems(text)
    if not n or not query_words or not all(q & found for q in query_words):
        return 0.0
    return min(1.0, len(query_words) / n)


@lru_cache(maxsize=200_000)
def _label_stems(text: str) -> tuple[int, frozenset]:
    """A label's number of words and the stems of its words."""
    label_words = _SPLIT.findall(text)
    return len(label_words), frozenset(s for w in label_words for s in word_stems(w))


def snippet(text: str, qstems: set[str], width: int = SNIPPET_WORDS) -> list[tuple[str, bool]]:
    """``text`` cut to about ``width`` words around the first match, as (part, is_match) pieces."""
    parts = _SPLIT.split(text)
    flags = [bool(i % 2) and any(s in qstems for s in word_stems(p)) for i, p in enumerate(parts)]
    positions = list(range(1, len(parts), 2))
    if not positions:
        return [(text, False)]
    first = next((i for i in positions if flags[i]), 1)
    k = positions.index(first)
    lo_word = max(0, k - width // 3)
    hi_word = min(len(positions), lo_word + width)
    lo, hi = positions[lo_word], positions[hi_word - 1] + 1
    out: list[tuple[str, bool]] = []
    if lo > 1:
        out.append(("… ", False))
    for i in range(lo, min(hi + 1, len(parts))):
        if parts[i]:
            if out and not flags[i] and not out[-1][1]:
                out[-1] = (out[-1][0] + parts[i], False)
            else:
                out.append((parts[i], flags[i]))
    if hi < len(parts) - 2:
        out.append((" …", False))
    return out


def make_hit(iri: str, kind: str, data: str | dict, qstems: set[str], key: str, lang: str | None) -> Hit:
    """A hit from a document's stored data: its label in ``lang``, the label that matched, a snippet."""
    d = json.loads(data) if isinstance(data, str) else data
    prefs = [(t, lg) for t, lg, role in d["labels"] if role == "pref"] or [(t, lg) for t, lg, _ in d["labels"]]
    shown = _labels.pick(prefs, lang)
    match, best = None, None
    for t, lg, role in d["labels"]:  # the label that matched: exact first, then preferred, shortest
        if qstems and matches(t, qstems):
            rank = (label_key(t) != key, ROLE_ORDER.get(role, 9), lg != (lang or lg), len(t))
            if best is None or rank < best:
                best, match = rank, {"label": t, "lang": lg, "role": role}
    parts: list[tuple[str, bool]] = []
    for t, _lg in d["texts"] + d["quotes"]:
        if qstems and matches(t, qstems):
            parts = snippet(t, qstems)
            break
    if not parts and match is not None:
        parts = snippet(match["label"], qstems)
    return Hit(iri, kind, shown.text if shown else None, shown.lang if shown else "",
               shown.fallback if shown else bool(lang), match, parts)
