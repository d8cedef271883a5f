"""The support check (kg/support.py, `napkg check-support`): is every link named in its record's own words?

A small data folder made here exercises folding, whole-word matching, the three
outcomes (supported, explained, unexplained) and stale support entries, the
exit codes and the JSON output. The last test runs the check over the real
data/: it is the fidelity gate of issue 14.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg import records, support
from kg.build import VOCABULARIES_FILE
from kg.cli import cli
from helpers import DATA

# ---------------------------------------------------------------- folding and matching


@pytest.mark.parametrize("a, b", [
    ("l’OIT", "L'OIT"),                       # typographic and straight apostrophes
    ("L'Organisation", "l organisation"),     # apostrophe = a word break
    ("Coopération économique", "COOPERATION ECONOMIQUE"),  # accents and case
    ("SPF Economie :", "spf economie"),       # punctuation
    ("Université d’Anvers", "UNIVERSITE D'ANVERS"),
    ("Œuvre", "œuvre"),                       # a ligature is a letter: it folds by case only
])
def test_fold_makes_spellings_equal(a, b):
    assert support.fold(a) == support.fold(b)


def test_fold_keeps_different_words_apart():
    assert support.fold("SPF Justice") != support.fold("SPF Economie")
    assert support.fold("PCN") != support.fold("PC N")


def test_fold_pads_so_matches_are_whole_words():
    assert support.fold("OIT") == " oit "
    assert support.names_in(support.fold("Le rapport envoyé à l’OIT."), [support.fold("OIT")])
    # "oit" inside "exploitation" is no mention of the ILO
    assert not support.names_in(support.fold("l'exploitation des travailleurs"), [support.fold("OIT")])
    # nor is "SPF Justice" inside "SPF Justices" (a different word)
    assert not support.names_in(support.fold("les SPF Justices"), [support.fold("SPF Justice")])


def test_a_name_of_punctuation_only_is_never_found():
    assert not support.names_in(support.fold("anything at all"), [support.fold(" — ")])


# ---------------------------------------------------------------- a data folder made by the test


def _ev(quote, locator="p. 1"):
    return {"locator": locator, "quote": quote}


def make_data(root: Path, *, broken: bool = False) -> Path:
    """A source, a plan, three actions and a progress entry, with every kind of link outcome."""
    root.mkdir(parents=True, exist_ok=True)
    actors = [
        {"id": "oit", "type": "intergovernmental-organisation", "label": {"fr": "Organisation internationale du Travail"},
         "alt": {"fr": ["OIT"]}, "evidence": [{"source": "t-src", "locator": "p. 1", "quote": "à l’OIT"}]},
        {"id": "spf-justice", "type": "ministry", "label": {"fr": "SPF Justice"},
         "evidence": [{"source": "t-src", "locator": "p. 1", "quote": "SPF Justice"}]},
        {"id": "ifdd", "type": "public-agency", "label": {"fr": "Institut fédéral pour le développement durable"},
         "alt": {"fr": ["IFDD"]}, "evidence": [{"source": "t-src", "locator": "p. 1", "quote": "IFDD"}]},
    ]
    instruments = [
        {"id": "toolbox", "type": "toolbox", "label": {"fr": "Boîte à outils", "en": "Toolbox"},
         "evidence": [{"source": "t-src", "locator": "p. 1", "quote": "la boîte à outils"}]},
    ]
    src = {
        "source": {"id": "t-src", "seed": "t.txt", "title": {"fr": "Rapport"}, "kind": "progress-report",
                   "publishers": ["ifdd"], "evidence": _ev("Rapport de l'IFDD")},
        "plans": [{"id": "t-plan", "kind": "action-plan", "label": {"fr": "Plan", "en": "Plan"},
                   "responsible": ["spf-justice"], "evidence": _ev("Le plan"),
                   "support": {"spf-justice": "named in the plan's colophon"}}],
        "actions": [
            {"plan": "t-plan", "notation": "1", "title": {"fr": "Un", "en": "One"},
             "responsible": ["oit"], "instruments": ["toolbox"],
             "evidence": _ev("Un rapport envoyé à l'OIT avec la Boîte à outils")},
            {"plan": "t-plan", "notation": "2", "title": {"fr": "Deux", "en": "Two"},
             "involved": ["spf-justice"], "evidence": _ev("L'exploitation des travailleurs"),
             "support": {"oit": "left behind after its link was removed"}},
            {"plan": "t-plan", "notation": "3", "title": {"fr": "Trois", "en": "Three"},
             "evidence": _ev("Trois"),
             "progress": [{"period": "2018", "text": "SPF Justice : le rapport est envoyé à l’OIT.",
                           "reporters": ["spf-justice"], "actors": ["oit", "ifdd"], "locator": "action 3, 2018"}]},
        ],
    }
    (root / "actors.yaml").write_text(yaml.safe_dump(actors, allow_unicode=True), encoding="utf-8")
    (root / "instruments.yaml").write_text(yaml.safe_dump(instruments, allow_unicode=True), encoding="utf-8")
    text = yaml.safe_dump(src, allow_unicode=True, sort_keys=False)
    if broken:
        text = text.replace("kind: progress-report", "kind: [unclosed")
    (root / "t-src.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def small(tmp_path) -> Path:
    return make_data(tmp_path / "data")


def test_each_link_gets_its_outcome(small):
    links = support.check(records.load(small), VOCABULARIES_FILE)
    st = {(link.record, link.field, link.target): link.status for link in links}
    # the publisher named in the source's own quote ("l'IFDD" folds to "l ifdd": IFDD as a word)
    assert st[("source", "publishers", "ifdd")] == "supported"
    # the plan's quote does not name SPF Justice, but the record says why
    assert st[("plans (t-plan)", "responsible", "spf-justice")] == "explained"
    # "l'OIT" (straight apostrophe) in the quote, "OIT" an alternative label; the instrument's label
    # in another case ("Boîte à outils")
    assert st[("actions (t-plan 1)", "responsible", "oit")] == "supported"
    assert st[("actions (t-plan 1)", "instruments", "toolbox")] == "supported"
    # nothing in "L'exploitation des travailleurs" names SPF Justice: unexplained
    assert st[("actions (t-plan 2)", "involved", "spf-justice")] == "unexplained"
    # a reason for a link the record does not make any more
    assert st[("actions (t-plan 2)", "support", "oit")] == "stale-support"
    # a progress paragraph is its record's own text: "SPF Justice :" opens it, "l’OIT" is in it
    prog = "actions (t-plan 3) progress[0] (action 3, 2018)"
    assert st[(prog, "reporters", "spf-justice")] == "supported"
    assert st[(prog, "actors", "oit")] == "supported"
    assert st[(prog, "actors", "ifdd")] == "unexplained"
    assert {(link.record, link.target) for link in support.problems(links)} == {
        ("actions (t-plan 2)", "spf-justice"), ("actions (t-plan 2)", "oit"), (prog, "ifdd")}


def test_reference_instruments_are_found_by_their_vocabulary_names(small):
    # the UNGP live in ontology/vocabularies.ttl: its alternative label "UNGP" supports a link
    doc = yaml.safe_load((small / "t-src.yaml").read_text(encoding="utf-8"))
    doc["actions"][2]["instruments"] = ["ungp"]
    doc["actions"][2]["evidence"]["quote"] = "Trois, selon les UNGP"
    (small / "t-src.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    links = support.check(records.load(small), VOCABULARIES_FILE)
    assert any(link.target == "ungp" and link.status == "supported" for link in links)


# ---------------------------------------------------------------- the command


def napkg(data: Path, *args):
    return CliRunner().invoke(cli, ["--data", str(data), "check-support", *args])


def test_command_lists_problems_and_exits_1(small):
    result = napkg(small)
    assert result.exit_code == 1
    assert "t-src: actions (t-plan 2): field 'involved': 'spf-justice' unexplained" in result.output
    assert "stale-support (left behind after its link was removed)" in result.output
    assert "t-src: 5 supported, 1 explained, 2 unexplained, 1 stale" in result.output
    assert "3 link(s) the text does not support" in result.output
    assert "Traceback" not in result.output


def test_command_exits_0_once_every_link_is_supported_or_explained(small):
    doc = yaml.safe_load((small / "t-src.yaml").read_text(encoding="utf-8"))
    doc["actions"][1]["support"] = {"spf-justice": "the action's column of responsible bodies"}
    doc["actions"][2]["progress"][0]["actors"] = ["oit"]
    (small / "t-src.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = napkg(small)
    assert result.exit_code == 0, result.output
    assert "0 unexplained, 0 stale" in result.output


def test_command_json_lists_every_link_with_all(small):
    problems = json.loads(napkg(small, "--json").stdout)
    assert {p["status"] for p in problems} == {"unexplained", "stale-support"}
    every = json.loads(napkg(small, "--json", "--all").stdout)
    assert len(every) == 9
    one = next(p for p in every if p["status"] == "explained")
    assert one == {"source": "t-src", "record": "plans (t-plan)", "field": "responsible", "target": "spf-justice",
                   "status": "explained", "reason": "named in the plan's colophon"}


def test_command_exits_2_when_the_data_cannot_be_read(tmp_path):
    broken = make_data(tmp_path / "data", broken=True)
    result = napkg(broken)
    assert result.exit_code == 2
    assert "t-src.yaml" in result.output and "Traceback" not in result.output
    missing = napkg(tmp_path / "nowhere")
    assert missing.exit_code == 2 and "data folder not found" in missing.output


# ---------------------------------------------------------------- the fidelity gate over the real data

def test_fidelity_gate_every_link_of_the_curated_data_is_supported_or_explained():
    """Issue 14's gate: 0 unexplained links and 0 stale support entries in data/ (`napkg check-support`)."""
    links = support.check(records.load(DATA), VOCABULARIES_FILE)
    sources = {link.source for link in links}
    assert sources >= {"lu-pan2", "dcaf-ffp-vpshr-wg-2020", "be-gcm-trafficking-2022",
                       "be-nap-bhr-2017-progress", "fr-sdg87-2023"}
    bad = [str(link) for link in support.problems(links)]
    assert not bad, f"{len(bad)} link(s) the text does not support:\n" + "\n".join(bad[:40])
