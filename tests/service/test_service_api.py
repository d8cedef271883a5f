"""The JSON API, the one error envelope on every error, and the OpenAPI document against the routes."""

from __future__ import annotations

import re

import jsonschema
import pytest

from service_helpers import assert_error_envelope


def _ok(resp) -> dict:
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    body = resp.get_json()
    assert body["ok"] is True
    return body


# ---------------------------------------------------------------- plans and actions

def test_plans_match_sparql(client):
    plans = _ok(client.get("/api/plans"))
    r = client.get("/sparql", query_string={"query": "SELECT DISTINCT ?p WHERE { ?p a nap:ActionPlan }"})
    assert {p["iri"] for p in plans["data"]} == {b["p"]["value"] for b in r.get_json()["results"]["bindings"]}
    assert plans["count"] == len(plans["data"]) and plans["truncated"] is False


def test_plan_and_its_actions(known):
    plan = _ok(known.get("/api/plans/test-nap-bhr"))["data"]
    assert plan["labels"] == {"en": "Test national action plan", "fr": "Plan d'action national d'essai"}
    assert plan["country"]["code"] == "BEL" and plan["actions"] == 3 and plan["period"] == "2017/2020"
    body = _ok(known.get("/api/plans/test-nap-bhr/actions"))
    assert [a["notation"] for a in body["data"]] == ["1", "2", "3"]
    second = body["data"][1]
    assert {a["id"] for a in second["responsible"]} == {"be-ncp", "spf-economie"}
    assert {s["notation"] for s in second["sdgs"]} == {"8.7", "16"}
    assert "https://w3id.org/napkg/id/instrument/oecd-guidelines" in {i["iri"] for i in second["instruments"]}
    assert second["labels"]["fr"] == "Renforcer le PCN"


def test_actions_agree_with_competency_query_1(client, samples):
    body = _ok(client.get(f"/api/plans/{samples['plan_id']}/actions"))
    r = client.get("/api/queries/01-actions-of-plan", query_string={"plan": f"<{samples['plan_iri']}>"})
    rows = r.get_json()["results"]["bindings"]
    assert {a["iri"] for a in body["data"]} == {b["action"]["value"] for b in rows}


def test_actor(known):
    a = _ok(known.get("/api/actors/be-ncp"))["data"]
    assert a["labels"]["fr"] == "Point de contact national belge"
    assert a["alt_labels"] == {"fr": ["PCN"], "en": ["NCP"]}
    assert [p["id"] for p in a["part_of"]] == ["spf-economie"]
    assert [p["id"] for p in a["plans"]] == ["test-nap-bhr"]
    assert a["actions"][0]["roles"] == ["involved", "responsible"]
    assert a["evidence"][0]["quote"] == "le PCN"


@pytest.mark.parametrize("q, expected", [
    ("economie", "spf-economie"), ("ÉCONOMIE", "spf-economie"), ("Économie", "spf-economie"),
    ("pcn", "be-ncp"), ("ncp", "be-ncp"), ("FIDO", "ifdd"), ("developpement durable", "ifdd"),
    ("Développement", "ifdd"),
])
def test_search_any_label_ignoring_case_and_accents(known, q, expected):
    found = _ok(known.get("/api/actors", query_string={"q": q}))["data"]
    assert found and found[0]["id"] == expected, found


def test_search_on_the_real_store_finds_an_accented_label_without_accents(client, samples):
    if not samples["accented_label"]:
        pytest.skip("no accented actor label in this store")
    from kg.lookup import normalise

    q = normalise(samples["accented_label"]).upper()
    found = _ok(client.get("/api/actors", query_string={"q": q}))["data"]
    assert samples["accented_actor"] in {a["iri"] for a in found}


def test_search_without_q_lists_actors_and_limit_caps(known):
    all_ = _ok(known.get("/api/actors"))
    assert all_["count"] == 3
    one = _ok(known.get("/api/actors", query_string={"limit": 1}))
    assert one["count"] == 1 and one["truncated"] is True
    assert _ok(known.get("/api/actors", query_string={"q": "<script>alert(1)</script>"}))["data"] == []


def test_queries_listing_and_running(client):
    listing = _ok(client.get("/api/queries"))["data"]
    assert "01-actions-of-plan" in {q["name"] for q in listing}
    for q in listing:
        r = client.get(q["url"])
        assert r.status_code == 200 and r.mimetype == "application/sparql-results+json", q["name"]
    assert_error_envelope(client.get("/api/queries/01-actions-of-plan", query_string={"nope": "x"}), 400)
    assert_error_envelope(client.get("/api/queries/01-actions-of-plan", query_string={"plan": "<not an iri>"}), 400)
    assert_error_envelope(client.get("/api/queries/01-actions-of-plan", query_string={"plan": ["a", "b"]}), 400)
    assert_error_envelope(client.get("/api/queries/no-such-query"), 404)


def test_validate_rdf(known):
    good = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    <https://w3id.org/napkg/id/actor/x> a <http://www.w3.org/ns/org#Organization> ;
        skos:prefLabel "X"@fr , "X"@en ."""
    r = _ok(known.post("/api/validate", data=good.encode(), content_type="text/turtle"))["data"]
    assert r["conforms"] is False and r["violations"] >= 1   # no evidence, no source: the shapes say so
    assert all(res["focus"] == "https://w3id.org/napkg/id/actor/x" for res in r["results"])
    assert_error_envelope(known.post("/api/validate", data=b"not turtle <", content_type="text/turtle"), 400)
    assert_error_envelope(known.post("/api/validate", data=good.encode(), content_type="text/plain"), 415)


# ---------------------------------------------------------------- one envelope on every error

@pytest.fixture(scope="module")
def unbuilt_app(tmp_path_factory):
    from kg.settings import Settings
    from service import create_app

    tmp = tmp_path_factory.mktemp("empty")
    return create_app(Settings({"store_dir": str(tmp / "store"), "query_workers": 1}))


@pytest.fixture(scope="module")
def tiny_app(service_settings):
    from service import create_app

    app = create_app(service_settings.replace(max_request_body_bytes=1000, query_time_limit_ms=400, query_workers=1))

    @app.get("/boom")   # a route that fails unexpectedly, to see what a client gets
    def boom():
        raise ZeroDivisionError("secret internal detail /etc/passwd")

    yield app
    app.extensions["napkg"].close()


ERROR_CASES = [
    ("get", "/api/plans/no-such-plan", {}, 404), ("get", "/api/plans/no-such-plan/actions", {}, 404),
    ("get", "/api/actors/no-such-actor", {}, 404), ("get", "/api/actors/a%20b", {}, 404),
    ("get", "/api/actors?limit=0", {}, 400), ("get", "/api/actors?limit=x", {}, 400),
    ("get", "/api/actors?q=" + "x" * 300, {}, 400),
    ("get", "/nothing/here", {}, 404), ("get", "/id/actor/nobody", {}, 404), ("get", "/dumps/secret.txt", {}, 404),
    ("get", "/dumps/../manifest.json", {}, 404),
    ("delete", "/api/plans", {}, 405), ("post", "/api/plans", {}, 405), ("put", "/sparql", {}, 405),
    ("get", "/sparql?query=SELEC", {}, 400), ("get", "/sparql?query=SELECT+*+{}&format=bogus", {}, 400),
    ("post", "/sparql", {"data": b"x", "content_type": "text/plain"}, 415),
    ("get", "/sparql?query=SELECT+*+{}", {"headers": {"Accept": "image/png"}}, 406),
    ("get", "/.well-known/void", {"headers": {"Accept": "image/png"}}, 406),
    ("get", "/dumps/", {"headers": {"Accept": "image/png"}}, 406),
    ("post", "/api/validate", {"data": b"x", "content_type": "application/pdf"}, 415),
    ("post", "/api/validate", {"data": b"", "content_type": "text/turtle"}, 400),
]


@pytest.mark.parametrize("method, path, kw, status", ERROR_CASES)
def test_every_error_has_the_one_envelope(client, method, path, kw, status):
    from service.openapi import COMPONENTS

    r = getattr(client, method)(path, **kw)
    err = assert_error_envelope(r, status)
    jsonschema.validate(r.get_json(), COMPONENTS["schemas"]["Error"])
    assert err["title"]


def test_413_503_and_500_have_the_envelope_too(tiny_app, unbuilt_app):
    c = tiny_app.test_client()
    assert_error_envelope(c.post("/sparql", data={"query": "ASK {} #" + "x" * 2000}), 413)
    assert_error_envelope(c.post("/api/validate", data=b"#" * 2000, content_type="text/turtle"), 413)
    assert_error_envelope(c.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}), 503)
    err = assert_error_envelope(c.get("/boom"), 500)
    assert "secret" not in err["detail"] and "ZeroDivision" not in err["detail"]
    u = unbuilt_app.test_client()
    for path in ("/api/plans", "/sparql?query=ASK%7B%7D", "/dumps/", "/id/actor/x"):
        e = assert_error_envelope(u.get(path), 503)
        assert "built" in e["detail"] and "/" + "tmp" not in e["detail"]   # no server paths leak


def test_html_error_page_for_browsers_but_json_under_api(client):
    r = client.get("/nothing/here", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.mimetype == "text/html"
    assert_error_envelope(client.get("/api/nothing", headers={"Accept": "text/html"}), 404)


# ---------------------------------------------------------------- OpenAPI

def _normalise(path: str) -> str:
    return re.sub(r"<(?:[^:>]+:)?[^>]+>", "{}", re.sub(r"\{[^}]+\}", "{}", path))


def test_openapi_document_is_valid_3_1(client):
    from openapi_spec_validator import validate

    doc = client.get("/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    validate(doc)


def test_every_route_is_documented_and_every_documented_path_is_a_route(app, client):
    import service.network as network

    doc = client.get("/openapi.json").get_json()
    documented = {(_normalise(p), m.upper()) for p, ops in doc["paths"].items() for m in ops}
    routes = set()
    network_documented = hasattr(network, "OPENAPI_PATHS")
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        if rule.endpoint.startswith("network.") and not network_documented:
            continue   # the network blueprint documents its own routes once it has OPENAPI_PATHS
        for m in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            routes.add((_normalise(rule.rule), m))
    assert routes - documented == set(), "routes missing from /openapi.json"
    assert documented - routes == set(), "documented paths that are no route"


def test_openapi_examples_answer_as_documented(known):
    doc = known.get("/openapi.json").get_json()
    plans = known.get("/api/plans").get_json()
    schema = {**doc["paths"]["/api/plans"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
              "components": doc["components"]}
    resolver_doc = {"components": doc["components"], **schema}
    jsonschema.validate(plans, resolver_doc)
    actor = known.get("/api/actors/ifdd").get_json()
    jsonschema.validate(actor, {**doc["paths"]["/api/actors/{actor_id}"]["get"]["responses"]["200"]["content"]
                                ["application/json"]["schema"], "components": doc["components"]})


def test_api_parameters_take_the_forms_napkg_query_takes(client):
    """As ``napkg query -p`` (tests/test_cli_query.py): a bare id, a prefixed name or an IRI; a bad one is a 400."""
    actor = "https://w3id.org/napkg/id/actor/spf-justice"
    for value in ("spf-justice", "napid:actor/spf-justice", f"<{actor}>"):
        r = client.get("/api/queries/02-actions-of-actor", query_string={"actor": value})
        assert r.status_code == 200, r.get_data(as_text=True)
        assert {b["actor"]["value"] for b in r.get_json()["results"]["bindings"]} == {actor}
    for value, words in (("spf justice", "takes an IRI of an actor"), ("spf-justic", "is not in the graph")):
        r = client.get("/api/queries/02-actions-of-actor", query_string={"actor": value})
        assert_error_envelope(r, 400, words)
