"""napkg's prefixes as a plain dict: pre-declared in every query, used to show IRIs short.

Kept apart from :mod:`kg.namespaces` (which builds rdflib namespaces) so that
the CLI's query path and the SPARQL guard need no rdflib.

>>> PREFIXES["napid"]
'https://w3id.org/napkg/id/'
>>> pasteable("https://w3id.org/napkg/ontology#Action"), pasteable("https://w3id.org/napkg/id/actor/spf-justice")
('nap:Action', '<https://w3id.org/napkg/id/actor/spf-justice>')
"""

from __future__ import annotations

import re
from typing import Mapping

PREFIXES = {
    "nap": "https://w3id.org/napkg/ontology#",
    "napid": "https://w3id.org/napkg/id/",
    "napsh": "https://w3id.org/napkg/shapes#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sdg": "http://metadata.un.org/sdg/",
    "country": "http://publications.europa.eu/resource/authority/country/",
}

# SPARQL's PN_LOCAL without escapes: a name that reads back as written (no '/', no trailing '.')
_PN_LOCAL = re.compile(r"^(?:[\w:]|%[0-9A-Fa-f]{2})(?:(?:[\w.\-:\u00B7]|%[0-9A-Fa-f]{2})*(?:[\w\-:\u00B7]|%[0-9A-Fa-f]{2}))?$")


def pasteable(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """``iri`` as it can be pasted into a query: ``prefix:local`` where that reads back as written, else ``<iri>``.

    ``napid:actor/spf-justice`` is not a prefixed name in SPARQL (a ``/``
    would need a backslash), so such IRIs are shown in full.
    """
    for p, ns in prefixes.items():
        if iri.startswith(ns) and _PN_LOCAL.match(iri[len(ns):]):
            return f"{p}:{iri[len(ns):]}"
    return f"<{iri}>"
