"""/search, /api/search, the actor API's ranking, the plan, body, SDG, UNGP and instrument pages, and languages.

Against the real build when data/ builds (the session's ``app``), and the
fixture store (``known``) for exact expectations.
"""

from __future__ import annotations

import csv
import io
import re

import pytest


NAPID = "https://w3id.org/napkg/id/"
HTML = {"Accept": "text/html"}


def _csv(resp) -> list[dict]:
    assert resp.status_code == 200 and resp.mimetype == "text/csv", resp.data[:300]
    return list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))


# ---------------------------------------------------------------- search

def test_api_search_answers_ranked_matches_with_facets_and_paging(client):
    r = client.get("/api/search", query_string={"q": "travail des enfants", "limit": 5})
    body = r.get_json()
    assert r.status_code == 200 and body["ok"] is True
    assert body["total"] >= body["count"] == 5 and body["truncated"] is True
    assert {"kind", "plan", "country", "source", "sdg", "pillar"} == set(body["facets"])
    assert all("[" in h["snippet"] for h in body["data"])
    nxt = client.get("/api/search", query_string={"q": "travail des enfants", "limit": 5, "offset": 5}).get_json()
    assert not {h["iri"] for h in nxt["data"]} & {h["iri"] for h in body["data"]}


def test_api_search_filters_by_facet_ids(client):
    body = client.get("/api/search", query_string={"q": "diligence", "kind": "action", "country": "LUX"}).get_json()
    assert body["total"] >= 1
    assert all(h["kind"] == "action" and "/lu-" in h["iri"] for h in body["data"])
    assert [v for v in body["facets"]["country"] if v["selected"]][0]["label"] == "Luxembourg"


def test_api_search_as_csv_parses(client):
    rows = _csv(client.get("/api/search", query_string={"q": "child labour", "format": "csv"}))
    assert rows and set(rows[0]) == {"kind", "label", "label_lang", "snippet", "iri"}


@pytest.mark.parametrize("qs, status", [
    ({"q": "x" * 201}, 400), ({"q": "x", "limit": "0"}, 400), ({"q": "x", "limit": "y"}, 400),
    ({"q": "x", "offset": "-1"}, 400), ({"q": "x", "kind": "nonsense"}, 400), ({"q": "x", "format": "xml"}, 400),
    ({"q": "x", "plan": "<script>"}, 400),
])
def test_api_search_bad_input_is_a_4xx_in_the_envelope(client, qs, status):
    r = client.get("/api/search", query_string=qs)
    assert r.status_code == status
    assert r.get_json()["ok"] is False and r.get_json()["error"]["detail"]


def test_search_page_highlights_and_links_to_pages(client):
    r = client.get("/search", query_string={"q": "justice"}, headers=HTML)
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "<mark>Justice</mark>" in html or "<mark>justice</mark>" in html
    assert 'href="/body/spf-justice' in html and "all statements" in html
    assert re.search(r'<label for="search-q">', html) and 'id="search-q"' in html


def test_search_page_escapes_the_query(client):
    html = client.get("/search", query_string={"q": "<script>alert(1)</script>"}, headers=HTML).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_every_page_has_a_labelled_search_box(client):
    html = client.get("/", headers=HTML).get_data(as_text=True)
    assert '<label for="site-search"' in html and 'action="/search"' in html


def test_actor_api_ranks_spf_justice_first_for_justice(client):
    data = client.get("/api/actors", query_string={"q": "justice"}).get_json()["data"]
    assert data[0]["id"] == "spf-justice", [a["id"] for a in data[:3]]
    assert data[0]["match"]["property"] == "skos:prefLabel"


def test_actor_api_matches_a_name_as_it_is_typed(known):
    data = known.get("/api/actors", query_string={"q": "spf econ"}).get_json()["data"]
    assert data[0]["id"] == "spf-economie"


def test_search_without_an_index_is_503_saying_how_to_write_one(fixture_settings, tmp_path):
    import shutil

    from kg.builds import current_build
    from kg.search import index_path
    from kg.settings import Settings
    from service import create_app

    copy = tmp_path / "store"
    shutil.copytree(current_build(fixture_settings).parent.parent, copy, symlinks=True)
    settings = Settings({**fixture_settings.as_dict(), "store_dir": str(copy)})
    shutil.rmtree(index_path(current_build(settings)))
    app_ = create_app(settings)
    try:
        c = app_.test_client()
        r = c.get("/api/search", query_string={"q": "pcn"})
        assert r.status_code == 503 and "napkg search --reindex" in r.get_json()["error"]["detail"]
        # the actor API still answers, by SPARQL
        assert c.get("/api/actors", query_string={"q": "pcn"}).get_json()["data"][0]["id"] == "be-ncp"
    finally:
        app_.extensions["napkg"].close()


# ---------------------------------------------------------------- the plan page

def test_plan_page_lists_the_belgian_plans_33_actions_in_order(client):
    r = client.get("/plan/be-nap-bhr-2017", headers=HTML)
    assert r.status_code == 200
    rows = _csv(client.get("/plan/be-nap-bhr-2017", query_string={"download": "actions", "format": "csv"}))
    assert [row["notation"] for row in rows] == [str(n) for n in range(1, 34)]
    first = rows[0]
    assert first["sdgs"].startswith("SDG 5") and "SDG 16" in first["sdgs"]
    assert "Federal Institute for Sustainable Development" in first["responsible"]
    assert NAPID + "actor/ifdd" in first["responsible_iri"]
    assert "2017: planned" in first["progress"]
    html = r.get_data(as_text=True)
    assert html.count("source and quote") >= 33 and "all statements" in html


def test_plan_page_filters_sorts_and_answers_json(client):
    sdg8 = _csv(client.get("/plan/be-nap-bhr-2017", query_string={"sdg": "8", "download": "actions", "format": "csv"}))
    assert 0 < len(sdg8) < 33 and all("SDG 8" in r["sdgs"].split("; ") or "SDG 8 " in r["sdgs"] for r in sdg8)
    desc = client.get("/plan/be-nap-bhr-2017", query_string={"actions_sort": "notation", "actions_order": "desc",
                                                             "download": "actions", "format": "json"}).get_json()
    assert desc["count"] == 33 and [r["notation"] for r in desc["data"]][:2] == ["33", "32"]
    body = _csv(client.get("/plan/be-nap-bhr-2017", query_string={"body": "actor/spf-justice", "download": "actions",
                                                                  "format": "csv"}))
    assert body and all("spf-justice" in r["responsible_iri"] + r["involved_iri"] for r in body)


@pytest.mark.parametrize("qs", [{"actions_sort": "nope"}, {"actions_order": "sideways"}, {"actions_page": "9"},
                                {"download": "nope"}, {"download": "actions", "format": "xls"}])
def test_plan_page_bad_table_parameters_are_400(client, qs):
    assert client.get("/plan/be-nap-bhr-2017", query_string=qs).status_code == 400


def test_unknown_pages_are_404(client):
    for url in ("/plan/no-such-plan", "/body/no-such-body", "/sdg/99", "/instrument/no-such", "/plan/a%20b"):
        assert client.get(url).status_code == 404, url


# ---------------------------------------------------------------- body, SDG, UNGP, instrument pages

def test_body_page_lists_actions_by_plan_names_and_partners(client):
    r = client.get("/body/spf-justice", headers=HTML)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "FOD Justitie" in html and "Works with" in html
    rows = _csv(client.get("/body/spf-justice", query_string={"download": "actions", "format": "csv"}))
    assert {"plan", "country", "notation", "action", "roles"} <= set(rows[0])
    assert {r["plan_iri"] for r in rows} >= {NAPID + "plan/be-nap-bhr-2017"}
    assert len(rows) == len({r["action_iri"] for r in rows})  # each action once
    plans = client.get("/body/spf-justice", query_string={"download": "plans", "format": "json"}).get_json()
    assert plans["count"] >= 2


def test_sdg_and_ungp_and_instrument_pages_list_what_addresses_them(client):
    goal = _csv(client.get("/sdg/8", query_string={"download": "linked", "format": "csv"}))
    target = _csv(client.get("/sdg/8.7", query_string={"download": "linked", "format": "csv"}))
    assert len(goal) > len(target) >= 1  # a goal gathers its targets' actions too
    pillar = _csv(client.get("/instrument/ungp/pillar/2", query_string={"download": "linked", "format": "csv"}))
    principle = _csv(client.get("/instrument/ungp/principle/3", query_string={"download": "linked", "format": "csv"}))
    assert pillar and principle and all(r["country"] for r in pillar)
    oecd = client.get("/instrument/oecd-guidelines", headers=HTML)
    assert oecd.status_code == 200 and "Where it is addressed or cited" in oecd.get_data(as_text=True)


# ---------------------------------------------------------------- languages

def test_lang_parameter_and_accept_language_change_labels(known):
    fr = known.get("/body/ifdd", query_string={"lang": "fr"}, headers=HTML).get_data(as_text=True)
    nl = known.get("/body/ifdd", headers={**HTML, "Accept-Language": "nl-BE,nl;q=0.9"})
    en = known.get("/body/ifdd", headers=HTML).get_data(as_text=True)
    assert "<h1 lang=\"fr\">Institut fédéral pour le développement durable" in fr
    assert "<h1 lang=\"nl\">Federaal Instituut voor Duurzame Ontwikkeling" in nl.get_data(as_text=True)
    assert "Accept-Language" in nl.headers.get("Vary", "")
    assert "<h1 lang=\"en\">Federal Institute for Sustainable Development" in en
    assert '<html lang="fr">' in fr


def test_a_missing_label_falls_back_visibly(known):
    # the test toolbox has no Dutch label: shown in another language, marked as such
    html = known.get("/plan/test-nap-bhr", query_string={"lang": "nl"}, headers=HTML).get_data(as_text=True)
    assert 'class="fallback"' in html


def test_api_search_labels_follow_lang(known):
    fr = known.get("/api/search", query_string={"q": "ncp", "lang": "fr"}).get_json()["data"][0]
    en = known.get("/api/search", query_string={"q": "ncp"}, headers={"Accept-Language": "en"}).get_json()["data"][0]
    assert (fr["label"], fr["label_lang"]) == ("Point de contact national belge", "fr")
    assert en["label"] == "Belgian National Contact Point"


def test_api_labels_follow_lang(known):
    fr = known.get("/api/plans/test-nap-bhr", query_string={"lang": "fr"}).get_json()["data"]
    en = known.get("/api/plans/test-nap-bhr").get_json()["data"]
    assert (fr["label"], fr["label_lang"]) == ("Plan d'action national d'essai", "fr")
    assert en["label"] == "Test national action plan"
    nl = known.get("/api/actors/ifdd", headers={"Accept-Language": "nl"}).get_json()["data"]
    assert nl["label"] == "Federaal Instituut voor Duurzame Ontwikkeling"


def test_home_page_links_plans_to_their_pages_in_the_language_asked(known):
    html = known.get("/", query_string={"lang": "fr"}, headers=HTML).get_data(as_text=True)
    assert 'href="/plan/test-nap-bhr?lang=fr" lang="fr">Plan d&#39;action national d&#39;essai</a>' in html


def test_plan_actions_api_titles_follow_lang(known):
    fr = known.get("/api/plans/test-nap-bhr/actions", query_string={"lang": "fr"}).get_json()
    en = known.get("/api/plans/test-nap-bhr/actions").get_json()
    assert [a["title"] for a in fr["data"]][:2] == ["Sensibiliser les entreprises", "Renforcer le PCN"]
    assert fr["plan"]["label"] == "Plan d'action national d'essai" and fr["data"][0]["title_lang"] == "fr"
    assert en["data"][0]["title"] == "Raise awareness among companies"
