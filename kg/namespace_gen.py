"""Generate ``kg/_nap.py``, the closed ``NAP`` namespace, from the ontology.

Run ``python -m kg.namespace_gen`` after adding a term to ``ontology/napkg.ttl``;
a test fails while the generated module is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import OWL, RDF, Graph, URIRef

NAP_IRI = "https://w3id.org/napkg/ontology#"
ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "napkg.ttl"
TARGET = Path(__file__).resolve().parent / "_nap.py"


def terms(ontology: Path = ONTOLOGY) -> list[str]:
    """Local names of every class and property the ontology declares in ``nap:``."""
    g = Graph().parse(ontology)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    names = {
        str(s)[len(NAP_IRI):]
        for k in kinds
        for s in g.subjects(RDF.type, k)
        if isinstance(s, URIRef) and str(s).startswith(NAP_IRI)
    }
    return sorted(names)


def render(names: list[str]) -> str:
    lines = [
        '"""The ``nap:`` namespace, closed: generated from ontology/napkg.ttl by kg.namespace_gen. Do not edit."""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class NAP(DefinedNamespace):",
        "    _fail = True",
        '    _NS = Namespace("https://w3id.org/napkg/ontology#")',
        "",
    ]
    lines += [f"    {n}: URIRef" for n in names]
    return "\n".join(lines) + "\n"


def main() -> int:
    TARGET.write_text(render(terms()), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
