"""``/network/...``: JSON and CSV, graph files, the error envelope, caching per build, OpenAPI paths."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from kg.network.sample import sample_iri, write_sample_build

from service_helpers import assert_error_envelope


@pytest.fixture(scope="module")
def sample_app(tmp_path_factory):
    from service import create_app

    root = tmp_path_factory.mktemp("network-service") / "store"
    app = create_app(write_sample_build(root))
    app.config["sample_root"] = root
    yield app
    app.extensions["napkg"].close()


@pytest.fixture
def client(sample_app):
    return sample_app.test_client()


def test_index_lists_what_is_on_offer(client):
    data = client.get("/network").get_json()["data"]
    assert "co-involvement" in data["projections"] and "betweenness" in data["measures"]
    assert data["measures"]["pagerank"]["normalisation"].endswith("sums to 1")


def test_centrality_json(client):
    resp = client.get("/network/centrality?measure=weighted-degree&top=2")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["ok"] is True and body["count"] == 2 and body["meta"]["rows_total"] == 5
    assert [(r["label"], r["value"]) for r in body["data"]] == [("Ministry of Justice", 4.0),
                                                                ("International Labour Organization", 3.0)]
    assert body["columns"][:2] == ["rank", "label"]


def test_centrality_csv_by_format_and_by_accept(client):
    for resp in (client.get("/network/centrality?measure=pagerank&format=csv"),
                 client.get("/network/centrality?measure=pagerank", headers={"Accept": "text/csv"})):
        assert resp.status_code == 200 and resp.mimetype == "text/csv"
        rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))
        assert len(rows) == 5 and sum(float(r["value"]) for r in rows) == pytest.approx(1.0)


def test_filters(client):
    body = client.get("/network/centrality?country=LUX&measure=degree").get_json()
    assert {r["iri"] for r in body["data"]} == {sample_iri("actor", "lux"), sample_iri("actor", "ilo")}


def test_overlaps(client):
    body = client.get("/network/overlaps?analysis=brokers&by=country").get_json()
    assert body["data"][0]["actor"] == sample_iri("actor", "ilo")
    body = client.get("/network/overlaps?analysis=similarity&on=instruments").get_json()
    assert body["meta"]["on"] == "instruments" and len(body["data"]) == 3
    resp = client.get("/network/overlaps?analysis=recurring-actors&format=csv")
    assert len(list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))) == 4


@pytest.mark.parametrize("fmt, media, reader", [
    ("json", "application/json", lambda b: nx.node_link_graph(json.loads(b), edges="links")),
    ("graphml", "application/graphml+xml", lambda b: nx.read_graphml(io.BytesIO(b))),
    ("gexf", "application/gexf+xml", lambda b: nx.read_gexf(io.BytesIO(b))),
])
def test_graph_files_parse_back(client, fmt, media, reader):
    resp = client.get(f"/network/graph?projection=plan-overlap&format={fmt}")
    assert resp.status_code == 200 and resp.mimetype == media
    G = reader(resp.get_data())
    assert sorted(G) == sorted(sample_iri("plan", p) for p in ("p-be", "p-be2", "p-lu"))
    by_accept = client.get("/network/graph?projection=plan-overlap", headers={"Accept": media})
    assert by_accept.mimetype == media


@pytest.mark.parametrize("url, fragment", [
    ("/network/centrality?measure=nope", "choose from"),
    ("/network/centrality?projection=actor-budget", "choose from"),
    ("/network/centrality?contry=BEL", "unknown parameter 'contry'"),
    ("/network/centrality?top=0", "at least 1"),
    ("/network/centrality?top=x", "whole number"),
    ("/network/centrality?top=1&top=2", "given 2 times"),
    ("/network/centrality?plan=no-such-plan", "no data matches the filter"),
    ("/network/centrality?country=Belgium", "three-letter"),
    ("/network/centrality?projection=plan-overlap&plan=p-be", "does not take plan"),
    ("/network/centrality?responsible_only=perhaps", "true or false"),
    ("/network/centrality?format=xml", "json or csv"),
    ("/network/overlaps?analysis=brokers&on=sdgs", "'on' is for similarity"),
    ("/network/graph?format=png", "json, graphml, gexf"),
])
def test_bad_parameters_are_400_in_the_envelope(client, url, fragment):
    assert_error_envelope(client.get(url), 400, fragment)


def test_unacceptable_accept_is_406(client):
    assert_error_envelope(client.get("/network/centrality", headers={"Accept": "image/png"}), 406, "json or text/csv")


def test_answers_are_cached_per_build(sample_app, client):
    url = "/network/centrality?measure=closeness&kind=all"
    first, second = client.get(url), client.get(url + "&top=3")
    assert first.headers["X-Napkg-Cache"] == "miss" and second.headers["X-Napkg-Cache"] == "hit"
    assert second.get_json()["data"] == first.get_json()["data"][:3]
    old = first.headers["X-Napkg-Build"]
    write_sample_build(sample_app.config["sample_root"], name="sample-2")  # a new build becomes current
    third = client.get(url)
    assert third.headers["X-Napkg-Build"] == "sample-2" != old
    assert third.headers["X-Napkg-Cache"] == "miss"


def test_openapi_paths_are_documented():
    from service.network import OPENAPI_PATHS, bp

    assert set(OPENAPI_PATHS) == {"/network", "/network/centrality", "/network/overlaps", "/network/graph",
                                  "/network/drawing"}
    params = {p["name"] for p in OPENAPI_PATHS["/network/centrality"]["get"]["parameters"]}
    assert {"projection", "measure", "plan", "country", "top", "format"} <= params
    assert bp.name == "network" and bp.url_prefix == "/network"


def test_openapi_document_merges_the_network_paths(client):
    doc = client.get("/openapi.json").get_json()
    assert "/network/centrality" in doc["paths"]
