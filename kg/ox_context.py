"""A read-only view of N-Triples files in an in-memory Oxigraph store, with the rdflib calls the build uses.

A rebuild whose registry did not change needs only the neighbourhood of the
changed units in the context (ontology, vocabularies, registry, source
documents): parsing the whole registry into rdflib for that took most of a
one-file rebuild. Oxigraph parses the cached files in Rust and answers the
few lookups; only what is looked up becomes rdflib terms.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from .store.terms import from_ox, to_ox


class OxContext:
    """``triples``, ``objects``, ``subjects`` and ``in`` over the union of some N-Triples files."""

    def __init__(self, files: Iterable[Path] = (), texts: Iterable[str] = ()):
        self.store = ox.Store()
        for f in files:
            self.store.load(path=str(f), format=ox.RdfFormat.N_TRIPLES)
        for t in texts:
            if t:
                self.store.load(t, format=ox.RdfFormat.N_TRIPLES)

    def _pattern(self, s, p, o) -> Iterator:
        return self.store.quads_for_pattern(*(None if x is None else to_ox(x) for x in (s, p, o)))

    def triples(self, pattern) -> Iterator[tuple]:
        for q in self._pattern(*pattern):
            yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)

    def objects(self, subject=None, predicate=None):
        for q in self._pattern(subject, predicate, None):
            yield from_ox(q.object)

    def __contains__(self, triple) -> bool:
        return next(iter(self._pattern(*triple)), None) is not None

    def __len__(self) -> int:
        return len(self.store)
