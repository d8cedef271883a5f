import pytest
from rdflib import OWL, RDF, Graph

from kg import namespace_gen
from kg.namespaces import NAP


def test_generated_namespace_is_up_to_date():
    generated = namespace_gen.TARGET.read_text(encoding="utf-8")
    assert generated == namespace_gen.render(namespace_gen.terms()), "run: python -m kg.namespace_gen"


def test_closed_namespace_rejects_a_typo():
    with pytest.raises(AttributeError):
        NAP.hasActon  # noqa: B018


def test_vocabulary_contract_terms_exist():
    # the public vocabulary (shared/design/vocabulary.md) names these terms
    for term in ("ActionPlan", "Action", "Actor", "Instrument", "ProgressUpdate", "SourceDocument",
                 "hasAction", "partOfPlan", "responsibleActor", "involvedActor", "addressesSDG",
                 "implementsPrinciple", "refersToInstrument", "country", "hasProgressUpdate",
                 "reportedBy", "period", "status", "evidence"):
        assert getattr(NAP, term)


def test_every_term_has_labels_comments_in_en_and_fr_and_domain_range():
    g = Graph().parse(namespace_gen.ONTOLOGY)
    from rdflib import RDFS
    for name in namespace_gen.terms():
        t = NAP[name]
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in g.objects(t, prop)}
            assert {"en", "fr"} <= langs, f"{name} lacks {prop} in en or fr"
        if (t, RDF.type, OWL.Class) not in g:
            assert g.value(t, RDFS.range) is not None, f"{name} has no range"
            if name not in ("country", "evidence"):
                assert g.value(t, RDFS.domain) is not None, f"{name} has no domain"
