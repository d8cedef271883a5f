"""Fold text for matching while keeping every offset: one character in, one out.

``fold("Région l’Économie")`` lower-cases, strips accents, and makes every
apostrophe, quote and dash one plain character. Because the folded text has
the same length as the original, a match found in the folded text is a span
of the original, and the quote is cut from the original.

>>> fold("Région l’Économie – SPF")
"region l'economie - spf"
>>> len(fold("Œuvre’s")) == len("Œuvre’s")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SAME = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
    "\u2013": "-", "\u2014": "-", "\u2011": "-", "\u2010": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " ",
    "\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"',
}


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _SAME:
        return _SAME[c]
    base = unicodedata.normalize("NFD", c)[0]
    low = base.lower()
    return low[0] if low else c


def fold(text: str) -> str:
    """Lower-cased, accent-free, one-apostrophe text of exactly ``len(text)`` characters."""
    if text.isascii():
        return text.lower().replace("`", "'").replace("\t", " ")
    return "".join(_fold_char(c) for c in text)


_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces (for labels and comparisons, never for quotes)."""
    return _WS.sub(" ", text).strip()


def key(text: str) -> str:
    """A comparison key: folded, markup stars dropped, whitespace collapsed.

    >>> key("  **SPF  Économie** ")
    'spf economie'
    """
    return squash(fold(text).replace("*", " "))
