"""Reasoning: what the ontology's axioms add, kept apart in ``graph/inferred``.

Two engines infer the same triples for napkg's axioms (inverse properties,
subproperties, property chains, subclasses, domains and ranges):

* ``owlrl`` (OWL 2 RL in Python), the reference;
* ``reasonable`` (OWL 2 RL in Rust), much faster; the build's default.

Both add noise no researcher wants (reflexive ``owl:sameAs``, ``owl:Thing``
types, literal subjects, schema-level closure); ``keep`` filters it so that
only facts about data resources remain. A test holds the two engines equal on
the real data.
"""

from __future__ import annotations

from typing import Callable

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef


ENGINES: dict[str, Callable[[Graph, Graph], Graph]] = {}

_SCHEMA_PREDICATES = {
    RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf, OWL.equivalentClass,
    OWL.equivalentProperty, OWL.sameAs, OWL.propertyChainAxiom, OWL.disjointWith, OWL.unionOf,
}
_NOISE_TYPES = {OWL.Thing, RDFS.Resource, OWL.Nothing, RDFS.Class, OWL.Class, RDF.Property,
                OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDFS.Datatype,
                OWL.NamedIndividual}


def _engine(name: str):
    def register(fn):
        ENGINES[name] = fn
        return fn
    return register


def _normalise(term):
    """reasonable returns plain literals as xsd:string: rdflib would see a different term."""
    if isinstance(term, Literal) and term.datatype == XSD.string and term.language is None:
        return Literal(str(term))
    return term


def keep(triple, schema_terms: set) -> bool:
    """Whether an inferred triple is a fact about data a researcher wants."""
    s, p, o = triple
    if not isinstance(s, URIRef) or isinstance(s, BNode):
        return False
    if isinstance(o, BNode):
        return False
    if s in schema_terms or p in _SCHEMA_PREDICATES:
        return False
    if p == RDF.type and o in _NOISE_TYPES:
        return False
    if s == o:
        return False
    return True


def _schema_terms(ontology: Graph) -> set:
    return {s for s in ontology.subjects() if isinstance(s, URIRef)} | {
        o for o in ontology.objects() if isinstance(o, URIRef)
    }


@_engine("owlrl")
def _owlrl(data: Graph, ontology: Graph) -> Graph:
    import owlrl

    work = Graph()
    for t in ontology:
        work.add(t)
    for t in data:
        work.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(work)
    return work


@_engine("reasonable")
def _reasonable(data: Graph, ontology: Graph) -> Graph:
    """reasonable fed from an N-Triples file (twice as fast as from an rdflib graph); only what is new comes back."""
    import os
    import tempfile

    import reasonable

    from .unit_work import _nt

    r = reasonable.PyReasoner()
    fd, path = tempfile.mkstemp(suffix=".ttl")  # N-Triples is Turtle; reasonable picks its parser by suffix
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_nt(ontology))
            f.write(_nt(data))
        r.load_file(path)
    finally:
        os.unlink(path)
    out = Graph()
    asserted = set(data)  # a Python set: membership there is cheaper than in an rdflib graph
    asserted.update(ontology)
    schema = _schema_terms(ontology)
    for s, p, o in r.reason():
        t = (_normalise(s), _normalise(p), _normalise(o))
        if t in asserted or not keep(t, schema):
            continue
        out.add(t)
    _property_chains(out, ontology, data)
    return out


def _property_chains(closure: Graph, ontology: Graph, asserted: Graph | None = None) -> None:
    """OWL 2 RL rule prp-spo2 for chains of two properties, which reasonable 0.4.4 lacks.

    ``p owl:propertyChainAxiom (p1 p2)``: ``x p1 y . y p2 z`` gives ``x p z``,
    each link from ``closure`` or from ``asserted``. Only two-step chains occur
    in the ontology; a longer one is refused.
    """
    from rdflib.collection import Collection

    sources = [closure] + ([asserted] if asserted is not None else [])
    for p, head in ontology.subject_objects(OWL.propertyChainAxiom):
        chain = list(Collection(ontology, head))
        if len(chain) != 2:
            raise ValueError(f"property chain of {p} has {len(chain)} steps; only 2 are supported")
        p1, p2 = chain
        new = {(x, p, z) for a in sources for x, y in a.subject_objects(p1) for b in sources for z in b.objects(y, p2)}
        for t in new:
            closure.add(t)


def infer(data: Graph, ontology: Graph, *, engine: str = "reasonable") -> Graph:
    """The triples the ontology's axioms entail from ``data`` and are not in it.

    >>> from rdflib import Graph, URIRef
    >>> from kg.namespaces import NAP
    >>> onto = Graph().parse(data='''
    ...   @prefix nap: <https://w3id.org/napkg/ontology#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ...   nap:hasAction owl:inverseOf nap:partOfPlan .''', format="turtle")
    >>> a, p = URIRef("https://w3id.org/napkg/id/action/x/1"), URIRef("https://w3id.org/napkg/id/plan/x")
    >>> g = Graph(); _ = g.add((a, NAP.partOfPlan, p))
    >>> sorted(infer(g, onto, engine="owlrl")) == [(p, NAP.hasAction, a)]
    True
    """
    try:
        run = ENGINES[engine]
    except KeyError:
        raise ValueError(f"unknown reasoner {engine!r}; choose one of {', '.join(ENGINES)}") from None
    closure = run(data, ontology)
    schema = _schema_terms(ontology)
    inferred = Graph()
    for t in closure:
        if t in data or t in ontology:
            continue
        if keep(t, schema):
            inferred.add(t)
    return inferred
