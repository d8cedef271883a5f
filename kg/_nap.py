"""The ``nap:`` namespace, closed: generated from ontology/napkg.ttl by kg.namespace_gen. Do not edit."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class NAP(DefinedNamespace):
    _fail = True
    _NS = Namespace("https://w3id.org/napkg/ontology#")

    Action: URIRef
    ActionGroup: URIRef
    ActionPlan: URIRef
    Actor: URIRef
    ActorGroup: URIRef
    ActorType: URIRef
    Axis: URIRef
    Category: URIRef
    Convention: URIRef
    DocumentPart: URIRef
    Evidence: URIRef
    GuidanceDocument: URIRef
    GuidanceItem: URIRef
    Guide: URIRef
    Guideline: URIRef
    Instrument: URIRef
    InstrumentPart: URIRef
    Legislation: URIRef
    LifecyclePhase: URIRef
    NextStep: URIRef
    Objective: URIRef
    Policy: URIRef
    Priority: URIRef
    ProgressUpdate: URIRef
    Recommendation: URIRef
    Report: URIRef
    Roadmap: URIRef
    SourceDocument: URIRef
    StakeholderGroup: URIRef
    Standard: URIRef
    Status: URIRef
    Strategy: URIRef
    actorType: URIRef
    addressesSDG: URIRef
    amends: URIRef
    celex: URIRef
    country: URIRef
    documentKind: URIRef
    eli: URIRef
    evidence: URIRef
    hasAction: URIRef
    hasProgressUpdate: URIRef
    implementsPrinciple: URIRef
    inGroup: URIRef
    involvedActor: URIRef
    isoCode: URIRef
    locator: URIRef
    partOfPlan: URIRef
    period: URIRef
    principleCode: URIRef
    principleKind: URIRef
    progressOf: URIRef
    quote: URIRef
    refersToInstrument: URIRef
    reportedBy: URIRef
    responsibleActor: URIRef
    sectionHeading: URIRef
    seedFile: URIRef
    status: URIRef
