"""Link names in a document to registry records; never invent an id.

Known names: a spaCy PhraseMatcher over every label and alternative label,
run on the folded text (accent-, case- and apostrophe-insensitive; spans are
offsets of the original because folding keeps lengths). Acronyms (all
capitals, no space) match case-sensitively as whole words. Codes (ILO
conventions, EU and national law numbers) link through the numbers the
registry's own labels carry. A name that matches nothing exactly gets a
rapidfuzz fallback that reports its score; below the cut-off it becomes a
proposal for review.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .codes import Code
from .normalise import fold, key
from .registry import Registry

FUZZY_CUTOFF = 88.0
_STOP = {"et", "autres", "de", "la", "le", "les", "des", "du", "l", "d", "en", "and", "other", "others", "the", "of", "&", "a"}


@dataclass(frozen=True)
class Match:
    ids: tuple[str, ...]       # registry ids (several when a name is shared)
    kind: str                  # actor | instrument
    start: int
    end: int
    method: str                # name | acronym | code | fuzzy
    score: float = 100.0
    name: str = ""             # the registry name it matched


class Linker:
    """Built once per registry; ``find`` runs over a whole document."""

    def __init__(self, registry: Registry, nlp):
        from spacy.matcher import PhraseMatcher

        self.registry, self.nlp = registry, nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.by_key: dict[str, set[str]] = {}
        self.acronyms: dict[str, set[str]] = {}
        for e in registry.entries.values():
            for n in e.names:
                n = n.strip()
                if re.fullmatch(r"[A-Z][A-Z0-9&.\-]{1,9}", n):
                    if len(n) < 3:
                        continue   # "GT", "UE": too generic to link by themselves
                    self.acronyms.setdefault(n, set()).add(e.id)
                elif len(key(n)) >= 4:
                    self.by_key.setdefault(key(n), set()).add(e.id)
        for i, k in enumerate(self.by_key):
            self.matcher.add(str(i), [nlp.make_doc(k)])
        self._keys = list(self.by_key)
        self.instrument_keys = [k for k in self._keys if self._kind(self.by_key[k]) == "instrument"]
        self._acro = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, self.acronyms), key=len, reverse=True)) + r")(?![\w-])") if self.acronyms else None
        self.numbers: dict[tuple[str, str], list[str]] = {}
        for e in registry.entries.values():
            for k in e.numbers:
                self.numbers.setdefault(k, []).append(e.id)

    def _kind(self, ids) -> str:
        return self.registry.entries[next(iter(ids))].kind

    def find(self, text: str) -> list[Match]:
        """Every known name in ``text`` (longest match wins where names overlap)."""
        from spacy.util import filter_spans

        doc = self.nlp.make_doc(fold(text))
        spans = [doc[s:e] for mid, s, e in self.matcher(doc)]
        out = []
        for sp in filter_spans(spans):
            ids = self.by_key.get(" ".join(sp.text.split()))
            if ids is None:
                ids = self.by_key.get(key(sp.text), set())
            if ids:
                out.append(Match(tuple(sorted(ids)), self._kind(ids), sp.start_char, sp.end_char, "name", 100.0, sp.text))
        if self._acro:
            taken = [(m.start, m.end) for m in out]
            for m in self._acro.finditer(text):
                if any(s <= m.start() < e for s, e in taken):
                    continue
                ids = self.acronyms[m.group(1)]
                out.append(Match(tuple(sorted(ids)), self._kind(ids), m.start(), m.end(), "acronym", 100.0, m.group(1)))
        return sorted(out, key=lambda m: m.start)

    def codes(self, codes: list[Code]) -> list[Match]:
        """Instruments named by a code ("Convention n°187", "directive 2019/1937", "loi n° 2017-399")."""
        out = []
        for c in codes:
            ids = self.numbers.get((c.kind, c.value))
            if not ids:
                continue
            ref = [i for i in ids if self.registry.entries[i].type == "reference"]
            chosen = tuple(ref or ids)
            out.append(Match(chosen, "instrument", c.start, c.end, "code", 100.0, f"{c.kind} {c.value}"))
        return out

    def fuzzy(self, name: str, kind: str | None = None) -> tuple[str, float, str] | None:
        """The best registry record for ``name`` by rapidfuzz, with its score, if it passes the cut-off."""
        from rapidfuzz import fuzz, process

        k = key(name)
        if len(k) < 4:
            return None
        best = process.extractOne(k, self._keys, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF)
        if not best:
            return None
        ids = sorted(self.by_key[best[0]])
        if kind and self._kind(ids) != kind:
            return None
        return ids[0], float(best[1]), best[0]


class Index:
    """Matches of one document, looked up by range."""

    def __init__(self, matches: list[Match]):
        self.matches = sorted(matches, key=lambda m: m.start)
        self._starts = [m.start for m in self.matches]

    def within(self, start: int, end: int, kind: str | None = None) -> list[Match]:
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.matches) and self.matches[i].start < end:
            m = self.matches[i]
            if m.end <= end and (kind is None or m.kind == kind):
                out.append(m)
            i += 1
        return out


def residue(text: str, start: int, end: int, matches: list[Match]) -> list[tuple[int, int]]:
    """Name-like pieces of ``text[start:end]`` that no match covers (for fuzzy matching and proposals).

    The range is cut at line ends, '&', ',', ';', ' et ' and ' and ', and at every match.
    """
    covered = [(m.start, m.end) for m in matches]
    out = []
    for piece in re.finditer(r"[^\n&,;/()]+", text[start:end]):
        s, e = start + piece.start(), start + piece.end()
        for part in re.split(r"(?<=\s)(?:et|and)(?=\s)", text[s:e]):
            ps = text.find(part, s, e) if part else -1
            if ps < 0:
                continue
            pe = ps + len(part)
            cuts = sorted([(a, b) for a, b in covered if a < pe and b > ps])
            cur = ps
            for a, b in cuts + [(pe, pe)]:
                seg_s, seg_e = cur, min(a, pe)
                while seg_s < seg_e and (text[seg_s].isspace() or text[seg_s] in "·•*-–:'’\"«»"):
                    seg_s += 1
                while seg_e > seg_s and (text[seg_e - 1].isspace() or text[seg_e - 1] in "·•*-–:'’\"«».…"):
                    seg_e -= 1
                words = [w for w in re.findall(r"\w+", fold(text[seg_s:seg_e])) if w not in _STOP]
                if words and sum(len(w) for w in words) >= 3 and text[seg_s:seg_e][:1].isupper():
                    out.append((seg_s, seg_e))
                cur = max(cur, b)
            s = pe
    return out
