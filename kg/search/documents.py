"""What the search index holds, read from a store with SPARQL: one document per thing a reader looks for.

Plans, actions, progress updates, bodies (actors), instruments (UNGP
pillars and principles among them), action groups, source documents and SDG
goals and targets each become a :class:`Document`: every label in every
language, the notation, the texts (progress texts, definitions, headings),
the quotes behind it, and its facets (plan, country, source, SDG goal, UNGP
pillar) as IRIs. The queries run on any backend, through :class:`kg.store.Store`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal

from ..namespaces import NAPID, PREFIXES
from ..store import Store

_P = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

KINDS = (  # (class, kind): the first class a resource has in this order gives its kind
    ("nap:ActionPlan", "plan"), ("nap:Action", "action"), ("nap:ProgressUpdate", "update"), ("nap:Actor", "body"),
    ("nap:Instrument", "instrument"), ("nap:ActionGroup", "group"), ("nap:SourceDocument", "source"),
)
FACETS = ("kind", "plan", "country", "source", "sdg", "pillar")

Q_TYPES = _P + "SELECT ?s ?c WHERE { ?s a ?c }"
Q_SUBCLASSES = _P + "SELECT ?sub ?sup WHERE { ?sub rdfs:subClassOf ?sup }"
Q_SDGS = _P + "SELECT ?s WHERE { ?s skos:inScheme ?scheme }"
Q_LABELS = _P + """SELECT ?s ?p ?l WHERE {
  ?s ?p ?l FILTER(?p IN (skos:prefLabel, skos:altLabel, rdfs:label, dcterms:title, skos:notation) && isLiteral(?l)) }"""
Q_TEXTS = _P + """SELECT ?s ?t WHERE {
  ?s ?p ?t FILTER(?p IN (rdfs:comment, skos:definition, nap:sectionHeading) && isLiteral(?t)) }"""
Q_QUOTES = _P + "SELECT ?s ?q WHERE { ?s nap:evidence ?e . ?e nap:quote ?q }"
Q_PLANS = _P + """SELECT DISTINCT ?s ?plan WHERE {
  { ?s nap:partOfPlan ?plan } UNION { ?s nap:progressOf ?a . ?a nap:partOfPlan ?plan }
  UNION { ?a nap:partOfPlan ?plan ; ?r ?s FILTER(?r IN (nap:responsibleActor, nap:involvedActor, nap:inGroup,
                                                        nap:refersToInstrument, nap:addressesSDG)) }
  UNION { ?plan a nap:ActionPlan ; ?r ?s FILTER(?r IN (nap:involvedActor, nap:refersToInstrument, nap:addressesSDG)) }
}"""
Q_COUNTRIES = _P + "SELECT ?s ?c WHERE { ?s nap:country ?c }"
Q_SOURCES = _P + "SELECT ?s ?src WHERE { ?s prov:wasDerivedFrom ?src . ?src a nap:SourceDocument }"
Q_SDG_FACET = _P + """SELECT DISTINCT ?s ?goal WHERE {
  ?s nap:addressesSDG ?x . { ?x skos:topConceptOf ?scheme BIND(?x AS ?goal) } UNION { ?x skos:broader ?goal } }"""
Q_PILLARS = _P + """SELECT DISTINCT ?s ?pillar WHERE {
  ?s nap:implementsPrinciple ?x .
  { BIND(?x AS ?pillar) } UNION { ?x dcterms:isPartOf ?pillar }
  FILTER(STRSTARTS(STR(?pillar), STR(napid:) ) && CONTAINS(STR(?pillar), "/ungp/pillar/")) }"""
Q_WEIGHTS = _P + """SELECT ?s (COUNT(?x) AS ?n) WHERE {
  ?x ?p ?s FILTER(?p IN (nap:responsibleActor, nap:involvedActor, nap:reportedBy, nap:refersToInstrument,
                         nap:addressesSDG, nap:implementsPrinciple, nap:partOfPlan, nap:hasProgressUpdate)) } GROUP BY ?s"""


@dataclass
class Document:
    """One searchable resource."""

    iri: str
    kind: str
    labels: list[tuple[str, str, str]] = field(default_factory=list)  # (text, lang, pref|alt|acronym|notation)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (text, lang)
    quotes: list[tuple[str, str]] = field(default_factory=list)
    facets: dict[str, set[str]] = field(default_factory=dict)
    weight: int = 0

    def add_label(self, text: str, lang: str, role: str) -> None:
        if any(t == text and (lg == lang or role == "alt") for t, lg, _ in self.labels):
            return
        self.labels.append((text, lang, role))


def _lang(term) -> str:
    return (term.language or "") if isinstance(term, Literal) else ""


def is_acronym(text: str) -> bool:
    """An alternative label written as an acronym: one word, at least two capitals, no lower-case run.

    >>> is_acronym("CCPCJ"), is_acronym("SPF"), is_acronym("Justice"), is_acronym("OCDE/OECD")
    (True, True, False, False)
    """
    return " " not in text and 2 <= len(text) <= 12 and sum(c.isupper() for c in text) >= 2 and \
        not any(c.islower() for c in text) and text.replace("-", "").replace("&", "").isalnum()


def read_documents(store: Store, *, napid: str = str(NAPID)) -> tuple[dict[str, Document], dict[str, list]]:
    """Every document, and the labels of every labelled IRI (for facet values: plans, countries, goals)."""
    nap = PREFIXES["nap"]
    rank = {nap + c.split(":")[1]: i for i, (c, _) in enumerate(KINDS)}
    kinds = {nap + c.split(":")[1]: k for c, k in KINDS}
    # each class mapped to the kind classes it falls under (the hierarchy followed here, so that an
    # unreasoned store, a bench's, has the same documents as a reasoned one)
    supers: dict[str, set[str]] = {}
    for r in store.query(Q_SUBCLASSES).dicts():
        supers.setdefault(str(r["sub"]), set()).add(str(r["sup"]))
    under: dict[str, list[str]] = {}

    def kind_classes(c: str) -> list[str]:
        if c not in under:
            seen, todo = set(), [c]
            while todo:
                x = todo.pop()
                if x not in seen:
                    seen.add(x)
                    todo.extend(supers.get(x, ()))
            under[c] = [k for k in seen if k in rank]
        return under[c]

    docs: dict[str, Document] = {}
    best: dict[str, int] = {}
    for r in store.query(Q_TYPES).dicts():
        s = str(r["s"])
        for c in kind_classes(str(r["c"])):
            if s not in best or rank[c] < best[s]:
                best[s] = rank[c]
                docs[s] = Document(s, kinds[c])
    sdg_scheme = napid + "scheme/sdg"
    for r in store.query(Q_SDGS.replace("?scheme", f"<{sdg_scheme}>")).dicts():
        docs.setdefault(str(r["s"]), Document(str(r["s"]), "sdg"))
    names: dict[str, list] = {}
    for r in store.query(Q_LABELS).dicts():
        s, p, lab = str(r["s"]), str(r["p"]), r["l"]
        text, lang = str(lab), _lang(lab)
        prop = p.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if prop in ("prefLabel", "title"):
            names.setdefault(s, []).append((text, lang))
        d = docs.get(s)
        if d is None:
            continue
        role = {"prefLabel": "pref", "title": "pref", "notation": "notation"}.get(prop)
        if role is None:
            role = "acronym" if is_acronym(text) else "alt"
        d.add_label(text, lang, role)
    for d in docs.values():  # an rdfs:label that repeats a prefLabel adds nothing
        prefs = {t for t, _, role in d.labels if role == "pref"}
        d.labels = [(t, lg, role) for t, lg, role in d.labels if role in ("pref", "notation", "acronym") or t not in prefs]
    for query, var, attr in ((Q_TEXTS, "t", "texts"), (Q_QUOTES, "q", "quotes")):
        for r in store.query(query).dicts():
            d = docs.get(str(r["s"]))
            if d is not None:
                pair = (str(r[var]), _lang(r[var]))
                if pair not in getattr(d, attr):
                    getattr(d, attr).append(pair)
    _facets(store, docs)
    for r in store.query(Q_WEIGHTS).dicts():
        d = docs.get(str(r["s"]))
        if d is not None:
            d.weight = int(r["n"])
    return docs, names


def _facets(store: Store, docs: dict[str, Document]) -> None:
    def add(s: str, facet: str, value: str) -> None:
        d = docs.get(s)
        if d is not None:
            d.facets.setdefault(facet, set()).add(value)

    for d in docs.values():
        d.facets["kind"] = {d.kind}
        if d.kind == "plan":
            add(d.iri, "plan", d.iri)
        if d.kind == "sdg":
            add(d.iri, "sdg", d.iri if "." not in d.iri.rsplit("/", 1)[-1] else d.iri.rsplit(".", 1)[0])
        if d.kind == "instrument" and "/ungp/pillar/" in d.iri:
            add(d.iri, "pillar", d.iri)
    for r in store.query(Q_PLANS).dicts():
        add(str(r["s"]), "plan", str(r["plan"]))
    country = {str(r["s"]): str(r["c"]) for r in store.query(Q_COUNTRIES).dicts()}
    for d in docs.values():
        for plan in d.facets.get("plan", ()):
            if plan in country:
                d.facets.setdefault("country", set()).add(country[plan])
        if d.kind == "body" and d.iri in country:
            d.facets.setdefault("country", set()).add(country[d.iri])
    for r in store.query(Q_SOURCES).dicts():
        add(str(r["s"]), "source", str(r["src"]))
    for r in store.query(Q_SDG_FACET).dicts():
        add(str(r["s"]), "sdg", str(r["goal"]))
    for r in store.query(Q_PILLARS).dicts():
        add(str(r["s"]), "pillar", str(r["pillar"]))
