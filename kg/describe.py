"""What the graph says about one resource: for its linked-data page and its RDF description.

:func:`describe` gathers, for an IRI, its labels in every language, its
types, every outgoing and incoming link with the named graphs each stands in,
and the evidence behind it (``nap:evidence`` → ``nap:quote``, ``nap:locator``,
``prov:wasDerivedFrom``). The result is plain data (dicts and lists, ready
for a template or JSON); :func:`describe_triples` gives the same resource's
RDF description as pyoxigraph triples, for the RDF forms.

Links are capped (``max_links`` each way) so that a hub (a class, an SDG
every plan addresses) still answers quickly; the description says when it cut.

>>> from kg.store import open_store
>>> from rdflib import Graph, Literal, URIRef
>>> from rdflib.namespace import SKOS
>>> s = open_store("oxigraph")
>>> g = Graph(); a = URIRef("https://w3id.org/napkg/id/actor/x")
>>> _ = g.add((a, SKOS.prefLabel, Literal("X", lang="en")))
>>> s.load({URIRef("https://w3id.org/napkg/graph/registry"): g})
>>> d = describe(s, a)
>>> d["label"], d["graphs"]
('X', ['https://w3id.org/napkg/graph/registry'])
>>> describe(s, URIRef("https://w3id.org/napkg/id/actor/nobody")) is None
True
"""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .namespaces import PREFIXES
from .store import Store

PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
LABEL_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, RDFS.label, DCTERMS.title)
LANGUAGE_ORDER = ("en", "fr", "nl", "de", "")

_LABEL = "OPTIONAL { ?{v} skos:prefLabel|rdfs:label|dcterms:title ?{v}Label }"
_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

OUTGOING = _PREFIXES + """
SELECT ?s ?p ?o ?g ?pLabel ?oLabel WHERE {
  GRAPH ?g { ?s ?p ?o }
  OPTIONAL { ?p rdfs:label ?pLabel }
  """ + _LABEL.replace("{v}", "o") + """
}"""

INCOMING = _PREFIXES + """
SELECT ?s ?x ?p ?g ?pLabel ?xLabel WHERE {
  GRAPH ?g { ?x ?p ?s }
  OPTIONAL { ?p rdfs:label ?pLabel }
  """ + _LABEL.replace("{v}", "x") + """
}"""

EVIDENCE = _PREFIXES + """
SELECT ?s ?e ?quote ?locator ?source ?sourceLabel WHERE {
  ?s nap:evidence ?e .
  OPTIONAL { ?e nap:quote ?quote }
  OPTIONAL { ?e nap:locator ?locator }
  OPTIONAL { ?e prov:wasDerivedFrom ?source OPTIONAL { ?source dcterms:title|skos:prefLabel ?sourceLabel } }
}"""


# A label no source document gives carries a reified statement saying where it comes from (kg/label_sources.py).
LABEL_SOURCES = _PREFIXES + """
SELECT ?s ?label ?source WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate skos:prefLabel ; rdf:object ?label ; dcterms:source ?source .
}"""


def is_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI (checked by Oxigraph's IRI parser).

    >>> is_iri("https://w3id.org/napkg/id/actor/ifdd"), is_iri("<script>"), is_iri("no scheme")
    (True, False, False)
    """
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(text)
    except ValueError:
        return False
    return True


def best_label(labels) -> str | None:
    """The label to show: English, then French, Dutch, German, untagged, then any."""
    labels = [lab for lab in labels if isinstance(lab, Literal)]
    for lang in LANGUAGE_ORDER:
        for lab in labels:
            if (lab.language or "") == lang:
                return str(lab)
    return str(labels[0]) if labels else None


def node(term, labels=()) -> dict:
    """An RDF term as plain data for a page: kind, value, and a label or language or datatype."""
    if isinstance(term, URIRef):
        return {"kind": "iri", "value": str(term), "label": best_label(labels)}
    if isinstance(term, BNode):
        return {"kind": "bnode", "value": str(term)}
    return {"kind": "literal", "value": str(term), "lang": term.language,
            "datatype": str(term.datatype) if term.datatype else None}


def _collect(rows, key_vars, label_var):
    """Group rows by ``key_vars`` keeping every label and graph seen."""
    out: dict[tuple, dict] = {}
    for r in rows:
        key = tuple(r.get(v) for v in key_vars)
        entry = out.setdefault(key, {"graphs": set(), "labels": [], "pLabels": []})
        entry["graphs"].add(str(r["g"]))
        if r.get(label_var) is not None:
            entry["labels"].append(r[label_var])
        if r.get("pLabel") is not None:
            entry["pLabels"].append(r["pLabel"])
    return out


def describe(store: Store, iri: URIRef, *, max_links: int = 500) -> dict | None:
    """Everything the graph says about ``iri``, or None if it says nothing."""
    bound = {"s": URIRef(iri)}
    # Each link may come back once per label language: read generously, cut by distinct links.
    out_res = store.query(OUTGOING, bindings=bound, max_rows=max_links * 8)
    in_res = store.query(INCOMING, bindings=bound, max_rows=max_links * 8)
    outgoing = _collect(out_res.dicts(), ("p", "o"), "oLabel")
    incoming = _collect(in_res.dicts(), ("x", "p"), "xLabel")
    if not outgoing and not incoming:
        return None
    truncated = {"outgoing": out_res.truncated or len(outgoing) > max_links,
                 "incoming": in_res.truncated or len(incoming) > max_links}

    labels, types, links_out = [], [], []
    for (p, o), e in list(outgoing.items())[:max_links]:
        if p in LABEL_PROPERTIES and isinstance(o, Literal):
            labels.append({"property": _short(p), "value": str(o), "lang": o.language or ""})
        if p == RDF.type:
            types.append(node(o, e["labels"]))
        links_out.append({"predicate": node(p, e["pLabels"]), "object": node(o, e["labels"]),
                          "graphs": sorted(e["graphs"])})
    links_in = [{"subject": node(x, e["labels"]), "predicate": node(p, e["pLabels"]), "graphs": sorted(e["graphs"])}
                for (x, p), e in list(incoming.items())[:max_links]]

    evidence = []
    for r in store.query(EVIDENCE, bindings=bound, max_rows=max_links).dicts():
        if any(ev["iri"] == str(r["e"]) for ev in evidence):
            continue
        quote = r.get("quote")
        evidence.append({
            "iri": str(r["e"]), "quote": str(quote) if quote is not None else None,
            "lang": quote.language if isinstance(quote, Literal) else None,
            "locator": str(r["locator"]) if r.get("locator") is not None else None,
            "source": node(r["source"], [r["sourceLabel"]] if r.get("sourceLabel") is not None else [])
            if r.get("source") is not None else None,
        })

    sources = {(str(r["label"]), getattr(r["label"], "language", None) or ""): r["source"]
               for r in store.query(LABEL_SOURCES, bindings=bound, max_rows=max_links).dicts()}
    for lab in labels:
        src = sources.get((lab["value"], lab["lang"])) if lab["property"] == "skos:prefLabel" else None
        lab["source"] = node(src) if src is not None else None

    graphs = sorted({g for e in list(outgoing.values()) + list(incoming.values()) for g in e["graphs"]})
    order = {lang: i for i, lang in enumerate(LANGUAGE_ORDER)}
    labels.sort(key=lambda lab: (lab["property"] != "skos:prefLabel", order.get(lab["lang"], 9), lab["value"]))
    label_literals = [o for (p, o) in outgoing if p in (SKOS.prefLabel, RDFS.label, DCTERMS.title)]
    return {
        "iri": str(iri), "label": best_label(label_literals), "labels": labels, "types": types,
        "outgoing": links_out, "incoming": links_in, "evidence": evidence, "graphs": graphs, "truncated": truncated,
    }


_RDF_DESCRIPTION = """CONSTRUCT {{ {s} ?p ?o . ?x ?q {s} . ?e nap:quote ?quote . ?e nap:locator ?locator .
            ?e prov:wasDerivedFrom ?source }}
WHERE {{
  {{ SELECT DISTINCT ?p ?o WHERE {{ {s} ?p ?o }} LIMIT {n} }}
  UNION {{ SELECT DISTINCT ?x ?q WHERE {{ ?x ?q {s} }} LIMIT {n} }}
  UNION {{ SELECT DISTINCT ?e ?quote ?locator ?source WHERE {{
    {s} nap:evidence ?e
    OPTIONAL {{ ?e nap:quote ?quote }} OPTIONAL {{ ?e nap:locator ?locator }} OPTIONAL {{ ?e prov:wasDerivedFrom ?source }}
  }} LIMIT {n} }}
}}"""


def describe_triples(store, iri: str, *, max_links: int = 500) -> list | None:
    """The RDF description of ``iri`` as pyoxigraph triples, or None if the graph says nothing about it.

    The same triples as :func:`describe`'s (links both ways, at most ``max_links`` each, and the
    evidence nodes), read by one CONSTRUCT on the store's own terms: no rdflib term, no rdflib graph,
    so that ``/id/...`` as Turtle costs what a DESCRIBE does (:meth:`kg.store.base.Store.run`).
    """
    import pyoxigraph as ox

    node = ox.NamedNode(iri)  # checked: an IRI that could break out of <...> raises here
    text = _RDF_DESCRIPTION.format(s=str(node), n=int(max_links))
    triples = list(dict.fromkeys(store.run(text, prefixes=PREFIXES, kind="CONSTRUCT")))
    if not any(t.subject == node or t.object == node for t in triples):
        return None
    return triples


def _short(iri) -> str:
    s = str(iri)
    for p, ns in PREFIXES.items():
        if s.startswith(ns):
            return f"{p}:{s[len(ns):]}"
    return s
