"""Search filters as people write them: ``plan=be-nap-bhr-2017``, ``country=BEL``, ``sdg=8``, ``pillar=II``.

Each is expanded to the IRI the index files facets under; a full IRI is
taken as it is.

>>> expand("plan", "be-nap-bhr-2017")
'https://w3id.org/napkg/id/plan/be-nap-bhr-2017'
>>> expand("country", "bel"), expand("sdg", "8"), expand("pillar", "II"), expand("kind", "body")
('http://publications.europa.eu/resource/authority/country/BEL', 'http://metadata.un.org/sdg/8', 'https://w3id.org/napkg/id/instrument/ungp/pillar/2', 'body')
>>> expand("kind", "nonsense")
Traceback (most recent call last):
...
kg.search.results.SearchError: unknown kind 'nonsense'; kinds: plan, action, update, body, instrument, group, source, sdg
"""

from __future__ import annotations

import re

from ..namespaces import COUNTRY, NAPID, PILLARS, SDG
from .documents import FACETS, KINDS
from .results import SearchError

KIND_NAMES = tuple(k for _, k in KINDS) + ("sdg",)
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")


def expand(facet: str, value: str, napid: str = str(NAPID)) -> str:
    """The facet value (an IRI, or a kind name) for a value as written."""
    value = value.strip()
    if facet not in FACETS:
        raise SearchError(f"unknown filter {facet!r}; filters: {', '.join(FACETS)}")
    if facet == "kind":
        if value not in KIND_NAMES:
            raise SearchError(f"unknown kind {value!r}; kinds: {', '.join(KIND_NAMES)}")
        return value
    if value.startswith(("http://", "https://")):
        return value
    if not _ID.match(value):
        raise SearchError(f"filter {facet}: {value!r} is neither an id nor an IRI")
    if facet == "plan":
        return f"{napid}plan/{value}"
    if facet == "source":
        return f"{napid}source/{value}"
    if facet == "country":
        return str(COUNTRY[value.upper()])
    if facet == "sdg":
        return str(SDG[value])
    return f"{napid}instrument/ungp/pillar/{PILLARS.get(value.upper(), value)}"


def parse(pairs, napid: str = str(NAPID)) -> dict[str, list[str]]:
    """``(facet, value)`` pairs as a filter mapping, each value expanded."""
    out: dict[str, list[str]] = {}
    for facet, value in pairs:
        if value:
            out.setdefault(facet, []).append(expand(facet, value, napid))
    return out
