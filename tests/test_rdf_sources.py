"""RDF files in data/ as source units: graph, validation, reasoning, cache, dumps, bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.build import build

from kg.builds import open_current
from kg.cli import cli
from kg.errors import DataErrors, ValidationFailed
from helpers import make_settings

PARTNER = """\
@prefix nap: <https://w3id.org/napkg/ontology#> .
@base <https://w3id.org/napkg/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .

<plan/xx-nap-2024> a nap:ActionPlan ;
    dcterms:identifier "xx-nap-2024" ;
    skos:prefLabel "Partner plan on business and human rights"@en ;
    prov:wasDerivedFrom <source/partner> ;
    nap:evidence <evidence/partner-1> .

<action/xx-nap-2024/1> a nap:Action ;
    nap:partOfPlan <plan/xx-nap-2024> ;
    skos:notation "1" ;
    skos:prefLabel "Publish a due diligence guide"@en , "Publier un guide de diligence raisonnable"@fr ;
    nap:responsibleActor <actor/ifdd> ;
    prov:wasDerivedFrom <source/partner> ;
    nap:evidence <evidence/partner-2> .

<evidence/partner-1> a nap:Evidence ; nap:quote "Partner plan"@en ; nap:locator "title" ;
    prov:wasDerivedFrom <source/partner> .
<evidence/partner-2> a nap:Evidence ; nap:quote "Publish a due diligence guide"@en ; nap:locator "action 1" ;
    prov:wasDerivedFrom <source/partner> .
"""

NAPID = "https://w3id.org/napkg/id/"
GRAPH = "https://w3id.org/napkg/graph/partner"


def _rdf_dir(data):
    d = data / "rdf"
    d.mkdir(exist_ok=True)
    return d


@pytest.mark.slow
def test_turtle_file_is_a_source_unit_in_its_own_graph(data_copy, tmp_path, shared_cache):
    (_rdf_dir(data_copy) / "partner.ttl").write_text(PARTNER, encoding="utf-8")
    settings = make_settings(tmp_path, data_copy, cache_dir=str(shared_cache))
    report = build(settings)
    assert "partner" in report.units_rebuilt
    assert report.graphs[GRAPH] > 20
    with open_current(settings) as s:
        # its triples in graph/partner, the file as its source document, reasoning applied (inverse of partOfPlan)
        assert s.query(f"ASK {{ GRAPH <{GRAPH}> {{ <{NAPID}action/xx-nap-2024/1> a <https://w3id.org/napkg/ontology#Action> }} }}").boolean
        doc = s.query(f"SELECT ?seed ?kind WHERE {{ GRAPH <{GRAPH}> {{ <{NAPID}source/partner> a <https://w3id.org/napkg/ontology#SourceDocument> ; "
                      "<https://w3id.org/napkg/ontology#seedFile> ?seed ; <https://w3id.org/napkg/ontology#documentKind> ?kind } }").dicts()
        assert [(str(d["seed"]), str(d["kind"])) for d in doc] == [("rdf/partner.ttl", "rdf-source")]
        assert s.query(f"ASK {{ GRAPH <https://w3id.org/napkg/graph/inferred> {{ <{NAPID}plan/xx-nap-2024> "
                       f"<https://w3id.org/napkg/ontology#hasAction> <{NAPID}action/xx-nap-2024/1> }} }}").boolean
    dumps = json.loads((report.build_dir / "dumps" / "dumps.json").read_text())
    nq = next(d for d in dumps if d["format"] == "nquads")
    assert f"<{GRAPH}>" in (report.build_dir / "dumps" / nq["file"]).read_text(encoding="utf-8")
    again = build(settings, dumps=False)  # unchanged: from the cache, same triples
    assert "partner" in again.units_cached and not again.units_rebuilt
    assert again.graphs[GRAPH] == report.graphs[GRAPH]


@pytest.mark.slow
def test_violation_in_rdf_source_names_file_node_and_shape(data_copy, tmp_path):
    bad = PARTNER.replace('skos:prefLabel "Partner plan on business and human rights"@en ;',
                          'skos:prefLabel "Plan partenaire"@fr ;')
    (data_copy / "partner.ttl").write_text(bad, encoding="utf-8")
    settings = make_settings(tmp_path, data_copy)
    with pytest.raises(ValidationFailed) as e:
        build(settings, dumps=False)
    text = str(e.value)
    assert "partner.ttl" in text and f"<{NAPID}plan/xx-nap-2024>" in text and "napsh:englishLabel" in text
    assert not (tmp_path / "store" / "current").exists()


@pytest.mark.slow
def test_malformed_turtle_names_file_and_line(data_copy, tmp_path):
    lines = PARTNER.splitlines()
    lines[9] = lines[9].replace(" ;", "")  # line 10 loses its ';'
    (_rdf_dir(data_copy) / "partner.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--data", str(data_copy), "--store-dir", str(tmp_path / "store"), "build", "-q"])
    assert result.exit_code == 1
    assert "partner.ttl: line 11" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_remote_jsonld_context_refused(data_copy, tmp_path):
    doc = {"@context": "https://example.org/context.jsonld", "@id": NAPID + "plan/x", "label": "x"}
    (data_copy / "partner.jsonld").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DataErrors) as e:
        build(make_settings(tmp_path, data_copy), dumps=False)
    assert "partner.jsonld" in str(e.value) and "remote @context" in str(e.value)


def test_nquads_other_graph_refused_own_graph_accepted(data_copy, tmp_path, shared_cache):
    from rdflib import Dataset, Graph, URIRef

    g = Graph().parse(data=PARTNER, format="turtle")
    ds = Dataset()
    own = ds.graph(URIRef(GRAPH))
    for t in g:
        own.add(t)
    (data_copy / "partner.nq").write_bytes(ds.serialize(format="nquads", encoding="utf-8"))
    settings = make_settings(tmp_path, data_copy, cache_dir=str(shared_cache))
    assert build(settings, dumps=False).graphs[GRAPH] > len(g)
    text = (data_copy / "partner.nq").read_text(encoding="utf-8")
    (data_copy / "partner.nq").write_text(text + f"<{NAPID}plan/x> <{NAPID}p> <{NAPID}o> <http://example.org/other> .\n", encoding="utf-8")
    with pytest.raises(DataErrors) as e:
        build(settings, dumps=False)
    msg = str(e.value)
    assert "partner.nq: line " in msg and "<http://example.org/other>" in msg


def test_redefining_a_registry_actor_warns_naming_both_files(data_copy, tmp_path, shared_cache):
    extra = PARTNER + '\n<actor/ifdd> skos:prefLabel "Bundesinstitut"@de .\n'
    (data_copy / "partner.ttl").write_text(extra, encoding="utf-8")
    report = build(make_settings(tmp_path, data_copy, cache_dir=str(shared_cache)), dumps=False)
    hits = [w for w in report.warnings if "actor/ifdd" in w]
    assert hits and "partner.ttl" in hits[0] and "actors.yaml" in hits[0] and "label" in hits[0]


def test_rdf_file_name_clashing_with_a_source_id_is_refused(data_copy, tmp_path):
    (data_copy / "lu-pan2.ttl").write_text(PARTNER, encoding="utf-8")
    with pytest.raises(DataErrors) as e:
        build(make_settings(tmp_path, data_copy), dumps=False)
    assert "lu-pan2.ttl" in str(e.value) and "lu-pan2.yaml" in str(e.value)
