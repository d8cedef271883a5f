"""The workbench pages over HTTP (no browser): /network as a page, its drawing, the weightings, /api for people,
vocabulary links that answer, and the scripts the pages may run. The real-browser checks are in
``test_service_workbench_browser.py``."""

from __future__ import annotations

import html
import re

import pytest

from kg.network.sample import write_sample_build

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A client over the network sample build (five actors, three plans, known weights)."""
    from service import create_app

    app = create_app(write_sample_build(tmp_path_factory.mktemp("workbench") / "store"))
    yield app.test_client()
    app.extensions["napkg"].close()


def _page(resp) -> str:
    assert resp.mimetype == "text/html"
    return resp.get_data(as_text=True)


# ---------------------------------------------------------------- /network

def test_network_is_a_page_for_browsers_and_json_for_clients(sample):
    page = _page(sample.get("/network", headers=BROWSER))
    assert "<h1>The network of bodies</h1>" in page
    # the ranking table is server-rendered (it shows without JavaScript), each body linked to its page
    rows = re.findall(r'<tr data-iri="([^"]+)"><td>(\d+)</td><td><a href="([^"]+)">', page)
    assert len(rows) == 5 and [r[1] for r in rows] == ["1", "2", "3", "4", "5"]
    assert all(href == "/id/" + iri.split("/id/", 1)[1] for iri, _, href in rows)
    # it says which measure and weighting are shown, and what drives them
    assert "<strong>weighted-degree</strong>" in page and "Edge weight: <strong>fractional</strong>" in page
    assert "What drives it:" in page
    # the plans' overlap heatmap: the sample's three plans, six shaded off-diagonal cells
    assert len(re.findall(r'<td class="h\d+" title="', page)) == 6
    for accept in ({}, {"Accept": "application/json"}):
        body = sample.get("/network", headers=accept).get_json()
        assert body["ok"] is True and "co-involvement" in body["data"]["projections"]
        assert set(body["data"]["weightings"]) == {"actions", "fractional", "plans"}


def test_network_page_filters_are_the_api_s(sample):
    page = _page(sample.get("/network?projection=actor-plan&measure=degree&plan=p-be", headers=BROWSER))
    assert "plan does not apply to the actor-plan projection" in page
    assert '<option value="actor-plan" selected>' in page
    r = sample.get("/network?measure=fame", headers=BROWSER)
    assert r.status_code == 400 and "fame" in html.unescape(_page(r))
    r = sample.get("/network?plan=no-such-plan", headers=BROWSER)
    assert r.status_code == 400 and "no-such-plan" in html.unescape(_page(r))
    assert sample.get("/network?nonsense=1", headers=BROWSER).status_code == 400


def test_drawing_has_positions_values_communities_and_links(sample):
    body = sample.get("/network/drawing?measure=pagerank").get_json()
    assert body["meta"]["measure"] == "pagerank" and body["meta"]["drawn"] == len(body["nodes"]) == 5
    assert sum(n["value"] for n in body["nodes"]) == pytest.approx(1.0)
    assert all(n["href"].startswith("/id/actor/") and -1.0 <= n["x"] <= 1.0 for n in body["nodes"])
    ids = {n["id"] for n in body["nodes"]}
    assert body["edges"] and all(e["s"] in ids and e["t"] in ids and e["w"] > 0 for e in body["edges"])
    # the same parameters, the same picture (a fixed seed): the browser draws what the server laid out
    again = sample.get("/network/drawing?measure=pagerank").get_json()
    assert [(n["x"], n["y"]) for n in again["nodes"]] == [(n["x"], n["y"]) for n in body["nodes"]]
    assert sample.get("/network/drawing?measure=fame").status_code == 400


def _strength(client, weighting: str) -> dict[str, float]:
    body = client.get(f"/network/centrality?measure=weighted-degree&weighting={weighting}").get_json()
    assert body["meta"]["weighting"] == weighting
    return {r["label"]: r["value"] for r in body["data"]}


def test_weightings_answer_long_lists_of_bodies(sample):
    graph = sample.get("/network/graph?format=json").get_json()
    n_actions = {n["label"]: n["n_actions"] for n in graph["nodes"]}
    actions, fractional, plans = (_strength(sample, w) for w in ("actions", "fractional", "plans"))
    assert actions["Ministry of Justice"] == 4.0  # the default: shared actions, as before
    for label, value in fractional.items():
        # each action adds at most 1 to a body's strength, however many bodies it names
        assert 0 < value <= n_actions[label] + 1e-9 and value <= actions[label] + 1e-9
    # plans: each partner counts once per plan the two share actions in (the evidence the graph file carries)
    label = {n["id"]: n["label"] for n in graph["nodes"]}
    expected: dict[str, int] = {}
    for link in graph["links"]:
        for end in (link["source"], link["target"]):
            expected[label[end]] = expected.get(label[end], 0) + len(link["plans"])
    assert {k: v for k, v in plans.items() if v} == expected
    assert sample.get("/network/centrality?weighting=heavy").status_code == 400


# ---------------------------------------------------------------- links answer, pages run only their own scripts

def test_vocabulary_terms_link_to_their_own_iris(client, samples):
    page = _page(client.get("/id/" + samples["actor_iri"].split("/id/", 1)[1], headers=BROWSER))
    assert 'href="http://www.w3.org/1999/02/22-rdf-syntax-ns#type"' in page
    assert 'href="http://www.w3.org/2004/02/skos/core#prefLabel"' in page
    assert "/resource?iri=http%3A%2F%2Fwww.w3.org" not in page and "/resource?iri=http://www.w3.org" not in page
    shapes = _page(client.get("/shapes", headers=BROWSER))
    assert "/resource?iri=http%3A%2F%2Fwww.w3.org%2Fns%2Fshacl" not in shapes
    # other IRIs (an SDG, a country) still go to what this graph says about them, and that answers
    for href in sorted(set(re.findall(r'href="(/resource\?iri=[^"]+)"', page)))[:5]:
        assert client.get(html.unescape(href), headers=BROWSER).status_code == 200, href


@pytest.mark.parametrize("path", ["/", "/sparql", "/network", "/api", "/ontology"])
def test_pages_run_only_the_service_s_own_script_files(client, path):
    r = client.get(path, headers=BROWSER)
    page = _page(r)
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S):
        assert re.search(r'src="/static/[^"]+"', attrs) and not body.strip()
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp
    for src in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        with client.get(src) as static:
            assert static.status_code == 200, src


def test_typed_literals_show_as_values_without_javascript(client):
    page = _page(client.get("/sparql", query_string={"query": 'SELECT ?n ?d ?s WHERE { BIND(42 AS ?n) '
                                                              'BIND("2024-01-31"^^xsd:date AS ?d) '
                                                              'BIND("x"^^<http://example.org/t> AS ?s) }'},
                            headers=BROWSER))
    assert '<span class="lit" title="xsd:integer">42</span></td>' in page
    assert '<span class="lit" title="xsd:date">2024-01-31</span></td>' in page
    assert "^^http://example.org/t" in page  # a datatype from elsewhere is still named


# ---------------------------------------------------------------- /api

def test_api_is_the_openapi_document_for_people(client):
    doc = client.get("/openapi.json").get_json()
    page = _page(client.get("/api", headers=BROWSER))
    for path, item in doc["paths"].items():
        for method in item:
            assert f"<code>{method.upper()} {html.escape(path)}</code>" in page, (method, path)
    assert "time_limit_ms" in page and "OpenAPI 3.1.0" in page
    assert client.get("/api").get_json()["data"]["openapi"] == "/openapi.json"
