"""Linking to the registries: exact names in any form, acronyms, codes, fuzzy with a score, never a new id."""

from __future__ import annotations

import pytest

from kg.draft.link import Linker, residue
from kg.draft.pipeline import load_nlp
from kg.draft.registry import load_registry
from draft_helpers import DATA


@pytest.fixture(scope="module")
def linker():
    pytest.importorskip("spacy", reason="the draft extra is not installed")
    return Linker(load_registry(DATA), load_nlp())


def ids(linker, text, kind=None):
    return [m.ids[0] for m in linker.find(text) if kind is None or m.kind == kind]


def test_names_match_whatever_their_accents_case_and_apostrophes(linker):
    assert "spf-economie" in ids(linker, "Le SPF Économie a organisé")
    assert "spf-economie" in ids(linker, "le spf economie a organisé")
    assert ids(linker, "SPF Affaires étrangères") == ids(linker, "SPF Affaires Etrangères")


def test_a_match_is_a_span_of_the_original_text(linker):
    text = "En concertation avec l’Institut Fédéral pour le Développement Durable, la Région Wallonne a..."
    for m in linker.find(text):
        assert text[m.start:m.end].strip() == text[m.start:m.end]
        assert len(text[m.start:m.end]) >= 2


def test_codes_link_to_the_reference_instruments(linker):
    from kg.draft.codes import find_codes

    text = "la directive (UE) 2019/1937 et la loi n° 2017-399 ; Convention n°187"
    got = {m.ids[0] for m in linker.codes(find_codes(text))}
    assert {"eu-whistleblowing", "fr-duty-of-vigilance", "ilo-c187"} <= got


def test_fuzzy_match_says_its_score_and_refuses_far_names(linker):
    rid, score, _ = linker.fuzzy("Ministere de la Justic")
    assert rid == "fr-ministere-justice" and 88 <= score < 100
    assert linker.fuzzy("Association des Amis du Patrimoine Lunaire") is None


def test_unmatched_names_are_left_over_for_proposals(linker):
    text = "SPF Economie & Agence Imaginaire des Essais"
    left = residue(text, 0, len(text), linker.find(text))
    assert [text[a:b] for a, b in left] == ["Agence Imaginaire des Essais"]
