"""Words as the search index sees them: accents and case folded, French and English stems.

Words are stemmed here, with the Snowball stemmers (``snowballstemmer``),
before they reach the index (an engine's own stemmer is one language per
field, and most labels and texts here come in both): each word of a
document is indexed as its French stem and its English stem, and each word
of a query matches either. The index then needs no language per
field, and a query in one language finds text in the other wherever the
words share a stem ("justice", "action", "protocole"/"protocol" do not).

>>> words("L'Économie des Enfants")
['l', 'economie', 'des', 'enfants']
>>> stems("enfants")
['enfant']
>>> stems("labour")
['labour']
>>> index_text("Travail des enfants")
'travail de des enfant'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STEMMERS = (snowballstemmer.stemmer("french"), snowballstemmer.stemmer("english"))
MAX_QUERY_WORDS = 12
STOPWORDS = frozenset("""
a à au aux d de des du en et l la le les ou par pour sur un une
an and at by for from in of on or the to with
""".split())


def fold(text: str) -> str:
    """Lower case without accents (NFKD, combining marks dropped, case-folded)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The words of ``text``, folded."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=200_000)
def stems(word: str) -> list[str]:
    """The distinct French and English stems of one folded word (the word itself for numbers)."""
    if word.isdigit():
        return [word]
    out: list[str] = []
    for st in _STEMMERS:
        s = st.stemWord(word)
        if s not in out:
            out.append(s)
    return out


def index_text(text: str) -> str:
    """``text`` as the index stores it: each word replaced by its stems."""
    return " ".join(s for w in words(text) for s in stems(w))


@lru_cache(maxsize=200_000)
def label_key(text: str) -> str:
    """The form exact label matches compare: folded words, single spaces."""
    return " ".join(words(text))


def content_words(text: str) -> list[str]:
    """The folded words of ``text`` that are not stop words (for label coverage)."""
    return [w for w in words(text) if w not in STOPWORDS] or words(text)
