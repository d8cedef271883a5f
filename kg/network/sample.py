"""A tiny, hand-made dataset for examples and tests: three plans, five actors.

It has the shape a build gives (including what reasoning adds: every
responsible actor is also an involved actor, every principle an action
implements is also an instrument it refers to), small enough to check every
answer by hand::

    plan           country  actions (actors: R responsible, I involved; instruments; SDGs)
    p-be           BEL      1: R justice, I foreign; UNGP principle 26; SDG 8.7
                            2: R justice, I ngo; SDGs 8, 16
                            plan itself: I justice; refers to the UNGP
    p-be2          BEL      1: R foreign, I justice, ilo; ILO P029; SDG 8.7
                            plan itself: I ngo
    p-lu           LUX      1: R lux, I ilo; ILO P029, OECD Guidelines; SDG 8
                            2: R lux; UNGP

>>> store = example_store()
>>> store.count() > 100
True
"""

from __future__ import annotations

from rdflib import DCTERMS, PROV, RDF, SKOS, Graph, Literal, URIRef

from ..namespaces import NAP, NAPID, action_iri, actor_iri, country_iri, graph_iri, instrument_iri, plan_iri, \
    principle_iri, sdg_iri, source_iri
from ..store import Store, open_store

SAMPLE_GRAPH = graph_iri("network-sample")

ACTORS = {
    # id: (English label, French label, type, country)
    "justice": ("Ministry of Justice", "Ministère de la Justice", "ministry", "BEL"),
    "foreign": ("Ministry of Foreign Affairs", "Ministère des Affaires étrangères", "ministry", "BEL"),
    "ngo": ("Shelter NGO", "ONG d'accueil", "ngo", "BEL"),
    "ilo": ("International Labour Organization", "Organisation internationale du Travail",
            "intergovernmental-organisation", None),
    "lux": ("Luxembourg Ministry of Foreign Affairs", "Ministère des Affaires étrangères du Luxembourg", "ministry", "LUX"),
}
PLANS = {
    # id: (English label, country, source, plan-level involved actors, plan-level instruments, plan-level SDGs)
    "p-be": ("Belgian plan on business and human rights", "BEL", "s-be", ["justice"], ["ungp"], []),
    "p-be2": ("Belgian plan against trafficking", "BEL", "s-be", ["ngo"], [], []),
    "p-lu": ("Luxembourg plan on business and human rights", "LUX", "s-lu", [], [], ["8"]),
}
ACTIONS = [
    # (plan, notation, responsible, involved, instruments, principles, SDGs)
    ("p-be", "1", ["justice"], ["foreign"], [], ["26"], ["8.7"]),
    ("p-be", "2", ["justice"], ["ngo"], [], [], ["8", "16"]),
    ("p-be2", "1", ["foreign"], ["justice", "ilo"], ["ilo-p029"], [], ["8.7"]),
    ("p-lu", "1", ["lux"], ["ilo"], ["ilo-p029", "oecd-guidelines"], [], ["8"]),
    ("p-lu", "2", ["lux"], [], ["ungp"], [], []),
]
INSTRUMENTS = {
    "ungp": "UN Guiding Principles on Business and Human Rights",
    "ilo-p029": "Protocol of 2014 to the Forced Labour Convention, 1930",
    "oecd-guidelines": "OECD Guidelines for Multinational Enterprises",
}


def _links(g: Graph, s, involved, instruments, sdgs) -> None:
    """A plan's or an action's involved actors, instruments and SDGs."""
    for a in involved:
        g.add((s, NAP.involvedActor, actor_iri(a)))
    for i in instruments:
        g.add((s, NAP.refersToInstrument, instrument_iri(i)))
    for n in sdgs:
        g.add((s, NAP.addressesSDG, sdg_iri(n)))


def _label(g: Graph, s: URIRef, en: str, fr: str | None = None) -> None:
    g.add((s, SKOS.prefLabel, Literal(en, lang="en")))
    if fr:
        g.add((s, SKOS.prefLabel, Literal(fr, lang="fr")))


def example_graph() -> Graph:
    """The sample dataset as one rdflib graph (built with ``Graph.add``)."""
    g = Graph()
    for code in ("BEL", "LUX"):
        g.add((country_iri(code), RDF.type, SKOS.Concept))
        g.add((country_iri(code), SKOS.notation, Literal(code)))
    for n in ("8", "16"):
        g.add((sdg_iri(n), RDF.type, SKOS.Concept))
        g.add((sdg_iri(n), SKOS.notation, Literal(n)))
        _label(g, sdg_iri(n), {"8": "Decent Work and Economic Growth", "16": "Peace, Justice and Strong Institutions"}[n])
    g.add((sdg_iri("8.7"), RDF.type, SKOS.Concept))
    g.add((sdg_iri("8.7"), SKOS.notation, Literal("8.7")))
    g.add((sdg_iri("8.7"), SKOS.broader, sdg_iri("8")))
    for i, label in INSTRUMENTS.items():
        g.add((instrument_iri(i), RDF.type, NAP.Instrument))
        _label(g, instrument_iri(i), label)
    pillar, principle = NAPID["instrument/ungp/pillar/3"], principle_iri("26")
    for part, whole in ((pillar, instrument_iri("ungp")), (principle, pillar)):
        g.add((part, RDF.type, NAP.Instrument))
        g.add((part, DCTERMS.isPartOf, whole))
    _label(g, pillar, "UNGP pillar III")
    _label(g, principle, "UNGP principle 26")
    for a, (en, fr, typ, country) in ACTORS.items():
        s = actor_iri(a)
        g.add((s, RDF.type, NAP.Actor))
        g.add((s, DCTERMS.identifier, Literal(a)))
        g.add((s, NAP.actorType, NAPID[f"actor-type/{typ}"]))
        _label(g, s, en, fr)
        if country:
            g.add((s, NAP.country, country_iri(country)))
    for p, (en, country, source, involved, instruments, sdgs) in PLANS.items():
        s = plan_iri(p)
        g.add((s, RDF.type, NAP.ActionPlan))
        g.add((s, DCTERMS.identifier, Literal(p)))
        g.add((s, NAP.country, country_iri(country)))
        g.add((s, PROV.wasDerivedFrom, source_iri(source)))
        _label(g, s, en)
        _links(g, s, involved, instruments, sdgs)
    for plan, notation, responsible, involved, instruments, principles, sdgs in ACTIONS:
        s = action_iri(plan, notation)
        g.add((s, RDF.type, NAP.Action))
        g.add((s, NAP.partOfPlan, plan_iri(plan)))
        g.add((plan_iri(plan), NAP.hasAction, s))
        g.add((s, SKOS.notation, Literal(notation)))
        g.add((s, PROV.wasDerivedFrom, source_iri(PLANS[plan][2])))
        _label(g, s, f"Action {notation} of {plan}")
        for a in responsible:
            g.add((s, NAP.responsibleActor, actor_iri(a)))
            g.add((s, NAP.involvedActor, actor_iri(a)))  # what reasoning adds
        _links(g, s, involved, instruments, sdgs)
        for n in principles:
            g.add((s, NAP.implementsPrinciple, principle_iri(n)))
            g.add((s, NAP.refersToInstrument, principle_iri(n)))  # what reasoning adds
    return g


def example_store(backend: str = "memory") -> Store:
    """A new in-memory store (``memory`` or ``oxigraph``) holding :func:`example_graph`."""
    store = open_store(backend)
    store.load({SAMPLE_GRAPH: example_graph()})
    return store


def sample_iri(kind: str, ident: str) -> str:
    """The IRI (as a string, the node key of every projection) of a sample resource.

    >>> sample_iri("actor", "ilo")
    'https://w3id.org/napkg/id/actor/ilo'
    """
    return str(NAPID[f"{kind}/{ident}"])


def write_sample_build(store_dir, *, backend: str = "oxigraph", name: str = "sample"):
    """Lay the sample out as a build under ``store_dir`` (``builds/<name>``, ``current``) and return its settings.

    For tests and examples of the CLI and the service, which read the current build.
    """
    import json
    import os
    from pathlib import Path

    from ..settings import Settings

    root = Path(store_dir)
    build = root / "builds" / name
    store = open_store(backend, build / "store")
    g = example_graph()
    store.load({SAMPLE_GRAPH: g})
    store.close()
    (build / "manifest.json").write_text(json.dumps({"backend": backend, "graphs": {str(SAMPLE_GRAPH): len(g)},
                                                     "triples": len(g), "sample": True}), encoding="utf-8")
    link = root / "current"
    tmp = root / f".current-{os.getpid()}"
    if tmp.is_symlink():
        tmp.unlink()
    tmp.symlink_to(build.relative_to(root))
    os.replace(tmp, link)
    return Settings({"store_dir": str(root)})
