"""A plan's adoption date, as precise as the source gives it (issue 14: "adoptés en juin 2021")."""

from __future__ import annotations

import pytest
import yaml
from rdflib import DCTERMS, XSD, Graph, Literal

from kg import records
from kg.errors import DataErrors
from kg.ingest import ingest
from kg.namespaces import NAPID, graph_iri
from helpers import DATA

GCM = "be-gcm-trafficking-2022"


def _vocab() -> Graph:
    return Graph().parse(DATA.parent / "ontology" / "vocabularies.ttl")


def test_the_trafficking_plans_were_adopted_in_june_2021():
    g = ingest(records.load(DATA), _vocab())[graph_iri(GCM)]
    for plan in ("be-nap-trafficking-2021-2025", "be-nap-smuggling-2021-2025"):
        assert list(g.objects(NAPID[f"plan/{plan}"], DCTERMS.issued)) == [Literal("2021-06", datatype=XSD.gYearMonth)]


@pytest.mark.slow
def test_a_plan_with_no_adoption_date_has_none():
    g = ingest(records.load(DATA), _vocab())[graph_iri("lu-pan2")]
    assert not list(g.subject_objects(DCTERMS.issued))


@pytest.mark.parametrize("value", ["juin 2021", "2021-13", "21-06"])
def test_an_adoption_date_not_in_iso_form_names_file_record_and_field(data_copy, value):
    p = data_copy / f"{GCM}.yaml"
    doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    doc["plans"][0]["adopted"] = value
    p.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataErrors) as err:
        records.load(data_copy)
    msg = str(err.value)
    assert f"{GCM}.yaml" in msg and "adopted" in msg and value in msg
