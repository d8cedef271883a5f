"""pyrudof, the build's faster SHACL engine, against pySHACL, the reference, on napkg's shapes."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef

from kg import records
from kg.build import build, load_reference
from kg.errors import ValidationFailed
from kg.ingest import ingest
from kg.namespaces import NAP, NAPID
from kg.unit_work import _nt
from kg.validate import results, validate, validate_rudof
from helpers import DATA, make_settings

pytest.importorskip("pyrudof")
SKOS = "http://www.w3.org/2004/02/skos/core#"


def _key(r):
    """What a report says: severity, node, path and value (default messages are worded per engine)."""
    return (r.severity, r.focus, r.path, r.value)


def _real_graph() -> Graph:
    ontology, vocab, _ = load_reference()
    g = Graph()
    for part in (ontology, vocab, *ingest(records.load(DATA), vocab).values()):
        g += part
    return g


@pytest.mark.slow
def test_pyrudof_reports_what_pyshacl_reports_on_real_data_with_injected_violations(tmp_path):
    g = _real_graph()
    action = NAPID["action/lu-nap-bhr-2/1.1"]
    assert (action, None, None) in g
    g.remove((action, URIRef(SKOS + "prefLabel"), None))                         # minCount, englishLabel
    g.add((action, NAP.partOfPlan, NAPID["plan/be-nap-bhr-2017"]))              # maxCount
    g.add((NAPID["plan/lu-nap-bhr-2"], NAP.addressesSDG, URIRef("http://example.org/sdg/99")))  # pattern, class
    g.add((NAPID["actor/ifdd"], URIRef(SKOS + "prefLabel"), Literal("Zweites", lang="xx")))      # languageIn
    path = tmp_path / "data.nt"
    path.write_bytes(_nt(g))
    _conforms, report, _ = validate(g, shapes=load_reference()[2])
    expected = sorted(_key(r) for r in results(report))
    got = sorted(_key(r) for r in validate_rudof(path))
    assert sum(r[0] == "Violation" for r in expected) >= 5
    assert got == expected
    # where a shape gives its own sh:message, both engines report it
    worded = {r.message for r in results(report) if r.message.startswith("every ")}
    assert worded and worded <= {r.message for r in validate_rudof(path)}


# A plan in an RDF source with a French label only: past the YAML checks, only the shapes stop it
# (napsh:englishLabel; and a plan with no action).
FRENCH_ONLY = """@prefix nap: <https://w3id.org/napkg/ontology#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/napkg/id/plan/xx-fr> a nap:ActionPlan ; dcterms:identifier "xx-fr" ; skos:prefLabel "Plan"@fr ;
  prov:wasDerivedFrom <https://w3id.org/napkg/id/source/lu-pan2> ; nap:evidence <https://w3id.org/napkg/id/evidence/xx> .
<https://w3id.org/napkg/id/evidence/xx> a nap:Evidence ; nap:quote "Plan"@fr ; nap:locator "title" ;
  prov:wasDerivedFrom <https://w3id.org/napkg/id/source/lu-pan2> .
"""


@pytest.mark.slow
def test_build_with_pyrudof_stops_on_the_same_violation(data_copy, tmp_path):
    # (it used to blank a YAML title: the data checks refused it before either validator ran)
    (data_copy / "xx-fr.ttl").write_text(FRENCH_ONLY, encoding="utf-8")
    messages = []
    for validator in ("pyshacl", "pyrudof"):
        with pytest.raises(ValidationFailed) as e:  # a shape violation, not any error
            build(make_settings(tmp_path / validator, data_copy, validator=validator), dumps=False)
        messages.append(str(e.value))
    # the same violations (file, node, path, shape), each engine wording the message its own way
    same = [re.sub(r"^(.*?<[^>]+> \S+): .* (\[shape [^\]]+\])$", r"\1 \2", m, flags=re.M) for m in messages]
    assert same[0] == same[1]
    assert "napsh:englishLabel" in same[0] and "plan/xx-fr>" in same[0]
