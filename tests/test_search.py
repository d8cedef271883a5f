"""The full-text index (kg.search): written by the build, ranked, stemmed in French and English, faceted, paged.

Tests over the fixture data (known labels) and over the real build (the
questions the issue asks: "travail des enfants", "child labour", "justice").
"""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from kg.builds import current_build
from kg.cli import cli
from kg.search import SearchError, index_path, open_index, search
from kg.search.filters import expand


NAPID = "https://w3id.org/napkg/id/"


@pytest.fixture(scope="module")
def fixture_index(fixture_settings):
    with open_index(current_build(fixture_settings)) as con:
        yield con


@pytest.fixture(scope="module")
def real_index(built):
    with open_index(current_build(built)) as con:
        yield con


def _iris(res):
    return [h.iri for h in res.hits]


def test_the_build_writes_the_index_in_its_folder(built):
    assert (index_path(current_build(built)) / "names.json").exists()
    with open_index(current_build(built)) as ix:
        assert ix.searcher.num_docs > 1000
        kinds = {v["value"] for v in search(ix, "a OR the de", limit=1).facets["kind"]} | \
            {v["value"] for v in search(ix, "plan", limit=1).facets["kind"]}
    assert {"plan", "action", "update", "body", "instrument"} <= kinds


@pytest.mark.parametrize("q", ["developpement durable", "DÉVELOPPEMENT", "Federal Institute", "FIDO", "ifdd"])
def test_any_label_in_any_language_ignoring_case_and_accents(fixture_index, q):
    res = search(fixture_index, q, filters={"kind": ["body"]})
    assert _iris(res)[0] == NAPID + "actor/ifdd"


def test_an_exact_acronym_comes_first_and_is_the_match(fixture_index):
    res = search(fixture_index, "pcn")
    assert res.hits[0].iri == NAPID + "actor/be-ncp"
    assert res.hits[0].match == {"label": "PCN", "lang": "fr", "role": "acronym"}


def test_french_and_english_stems(fixture_index):
    # "entreprise" (singular) finds the action titled "Sensibiliser les entreprises"; "companies" its English title
    for q in ("entreprise", "company"):
        assert NAPID + "action/test-nap-bhr/1" in _iris(search(fixture_index, q)), q


def test_matched_words_are_highlighted_in_the_snippet(fixture_index):
    hit = search(fixture_index, "brochure").hits[0]
    assert hit.iri.startswith(NAPID + "update/")
    assert ("brochure", True) in hit.snippet
    assert hit.as_dict()["snippet"] == "Une [brochure] est en préparation."


def test_facets_count_the_matches_and_filters_narrow_them(fixture_index):
    res = search(fixture_index, "pcn")
    kinds = {v["value"]: v["count"] for v in res.facets["kind"]}
    assert sum(kinds.values()) == res.total
    narrowed = search(fixture_index, "pcn", filters={"kind": ["action"]})
    assert narrowed.total == kinds["action"] and all(h.kind == "action" for h in narrowed.hits)
    # the filtered facet still counts its other values, for switching
    assert {v["value"] for v in narrowed.facets["kind"]} == set(kinds)
    sdg8 = search(fixture_index, "pcn", filters={"sdg": [expand("sdg", "8")]})
    assert sdg8.total >= 1 and all(h.kind in ("action", "plan", "update") for h in sdg8.hits)


def test_paging(fixture_index):
    everything = search(fixture_index, "plan", limit=100)
    assert everything.total > 2
    first, second = search(fixture_index, "plan", limit=1), search(fixture_index, "plan", limit=1, offset=1)
    assert _iris(first) + _iris(second) == _iris(everything)[:2]
    with pytest.raises(SearchError):
        search(fixture_index, "plan", limit=0)


@pytest.mark.parametrize("q", ['"', "AND OR NOT", "a*", "NEAR(x y)", "col:x", "^x", "(", "' OR 1=1 --"])
def test_query_syntax_is_only_words(fixture_index, q):
    # queries are built term by term from the words typed: nothing is parsed as query syntax
    from kg.search.text import words

    assert search(fixture_index, q).total == search(fixture_index, " ".join(words(q))).total
    assert search(fixture_index, q + " pcn").total <= search(fixture_index, "pcn").total


def test_unknown_filter_is_an_error(fixture_index):
    with pytest.raises(SearchError, match="unknown filter"):
        search(fixture_index, "x", filters={"colour": ["red"]})


def test_labels_follow_the_language_asked(fixture_index):
    hit = lambda lang: search(fixture_index, "ifdd", lang=lang).hits[0]  # noqa: E731
    assert (hit(None).label, hit(None).fallback) == ("Federal Institute for Sustainable Development", False)
    assert hit("fr").label == "Institut fédéral pour le développement durable"
    assert hit("nl").label == "Federaal Instituut voor Duurzame Ontwikkeling"


# ---------------------------------------------------------------- the real data

def test_child_labour_actions_in_french_and_in_english(real_index):
    fr = search(real_index, "travail des enfants", filters={"kind": ["action"]}, limit=100)
    en = search(real_index, "child labour", filters={"kind": ["action"]}, limit=100)
    assert fr.total >= 1 and en.total >= 1
    for res in (fr, en):
        for h in res.hits:
            assert any(m for _, m in h.snippet), h


def test_justice_finds_spf_justice_first(real_index):
    res = search(real_index, "justice", filters={"kind": ["body"]})
    assert res.hits[0].iri == NAPID + "actor/spf-justice"


def test_diligence_raisonnable_finds_due_diligence_actions(real_index):
    res = search(real_index, "diligence raisonnable", filters={"kind": ["action"]})
    assert res.total >= 3
    assert all(h.kind == "action" for h in res.hits)


# ---------------------------------------------------------------- napkg search

def _run(settings, *args):
    return CliRunner().invoke(cli, ["--store-dir", settings.store_dir, "search", *args])


def test_cli_table_json_and_csv(built):
    r = _run(built, "justice", "--kind", "body", "--limit", "3")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].split()[:2] == ["kind", "label"] and "spf-justice" in lines[2]
    assert "of" in lines[-1] and "'justice'" in lines[-1]
    data = json.loads(_run(built, "justice", "--format", "json", "--lang", "fr").output)
    assert data["total"] >= 1 and data["facets"]["kind"]
    body = [h for h in data["hits"] if h["iri"] == NAPID + "actor/spf-justice"][0]
    assert body["label"] == "SPF Justice"
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(_run(built, "enfants", "--format", "csv").output)))
    assert rows and set(rows[0]) == {"kind", "label", "snippet", "iri"}


@pytest.mark.parametrize("args, message", [
    (["x", "--kind", "nonsense"], "unknown kind 'nonsense'"),
    (["x", "--lang", "de"], "--lang must be en, fr or nl"),
    (["x", "--plan", "<bad>"], "is neither an id nor an IRI"),
])
def test_cli_bad_options_exit_2_with_a_message(built, args, message):
    r = _run(built, *args)
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output


def test_cli_without_an_index_says_how_to_write_one_and_reindex_writes_it(fixture_settings, tmp_path):
    from kg.settings import Settings

    build = current_build(fixture_settings)
    copy = tmp_path / "store"
    shutil.copytree(build.parent.parent, copy, symlinks=True)
    settings = Settings({**fixture_settings.as_dict(), "store_dir": str(copy)})
    shutil.rmtree(index_path(current_build(settings)))
    r = _run(settings, "pcn")
    assert r.exit_code == 2 and "napkg search --reindex" in r.output
    r = _run(settings, "pcn", "--reindex")
    assert r.exit_code == 0 and "be-ncp" in r.output
