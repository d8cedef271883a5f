"""The triples every kind of curated record shares: names, quoted evidence and dates.

Used by the registry and source ingest (``kg.ingest_registry``,
``kg.ingest_sources``) and by RDF source files (``kg.rdf_sources``), so that a
quote or a label is written one way whatever record it comes from.
"""

from __future__ import annotations

import hashlib

from rdflib import PROV, RDF, SKOS, XSD, Graph, Literal, URIRef

from .namespaces import NAP, NAPID, source_iri

SOURCE_LANG = "fr"


def evidence_iri(subject: URIRef, locator: str, quote: str) -> URIRef:
    """The evidence node of one quote about ``subject``: named by a digest, so a rebuild mints the same IRI."""
    h = hashlib.sha1(f"{subject}\n{locator}\n{quote}".encode("utf-8")).hexdigest()[:16]
    return NAPID[f"evidence/{h}"]


def add_labels(g: Graph, s: URIRef, labels: dict, prop=SKOS.prefLabel) -> None:
    """One language-tagged literal per language of ``labels`` ({lang: text})."""
    for lang, text in labels.items():
        g.add((s, prop, Literal(text.strip(), lang=lang)))


def add_alt_labels(g: Graph, s: URIRef, alt: dict | None) -> None:
    """``skos:altLabel`` for every other name ({lang: [text, ...]}) the sources use."""
    for lang, texts in (alt or {}).items():
        for t in texts:
            g.add((s, SKOS.altLabel, Literal(t.strip(), lang=lang)))


def add_evidence(g: Graph, s: URIRef, source: str, locator: str, quote: str, *, derived: bool = True) -> None:
    """Attach a quote (an nap:Evidence node) to ``s``; ``derived`` also says ``s`` comes from the source."""
    e = evidence_iri(s, locator, quote)
    if derived:
        g.add((s, PROV.wasDerivedFrom, source_iri(source)))
    g.add((s, NAP.evidence, e))
    g.add((e, RDF.type, NAP.Evidence))
    g.add((e, NAP.quote, Literal(" ".join(quote.split()), lang=SOURCE_LANG)))
    g.add((e, NAP.locator, Literal(locator)))
    g.add((e, PROV.wasDerivedFrom, source_iri(source)))


def add_record_evidence(g: Graph, s: URIRef, source: str, record: dict, *, derived: bool = True) -> None:
    """The quote of a record's ``evidence`` field ({locator, quote})."""
    add_evidence(g, s, source, record["evidence"]["locator"], record["evidence"]["quote"], derived=derived)


def date_literal(value: str) -> Literal:
    """A date as precise as the source gives it: "2021" (xsd:gYear), "2021-06" (xsd:gYearMonth), "2021-06-15".

    >>> date_literal("2021-06").datatype == XSD.gYearMonth
    True
    """
    kind = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=kind)


def period_literal(value: str) -> Literal:
    """A plan's or report's period: a year ("2021") as xsd:gYear, a span ("2021/2025") as plain text."""
    return Literal(value, datatype=XSD.gYear) if "/" not in value else Literal(value)
