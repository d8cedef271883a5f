"""Codes and names found generically, each with the span it came from."""

from __future__ import annotations

import pytest

from kg.draft.codes import find_codes, pillar_cell, sdg_cell
from kg.draft.normalise import fold


def kinds(text):
    return [(c.kind, c.value) for c in find_codes(text)]


@pytest.mark.parametrize("text,expected", [
    ("PO 26 & 27", [("principle", "26"), ("principle", "27")]),
    ("principe 15", [("principle", "15")]),
    ("Principes 3, 18 et 21", [("principle", "3"), ("principle", "18"), ("principle", "21")]),
    ("OP 3C", [("principle-code", "OP 3C")]),
    ("ODD 8.7", [("sdg", "8.7")]),
    ("la cible 8.7 des ODD", [("sdg", "8.7")]),
    ("objectif de développement durable n° 5", [("sdg", "5")]),
    ("Conventions n°189 et n°156", [("ilo", "c189"), ("ilo", "c156")]),
    ("les conventions de l'OIT C029 et C105", [("ilo", "c029"), ("ilo", "c105")]),
    ("Protocole (P29) à la Convention", [("ilo", "p029")]),
    ("la directive (UE) 2019/1937 sur les lanceurs d'alerte", [("eu", "2019/1937")]),
    ("Règlement (UE) 2017/821", [("eu", "2017/821")]),
    ("la loi n° 2017-399 du 27 mars 2017", [("law", "2017-399")]),
    ("pilier II", [("pillar", "II")]),
])
def test_codes_written_in_many_ways_are_parsed(text, expected):
    assert kinds(text) == expected


def test_each_code_points_at_its_own_characters():
    text = "Voir PO 26 & 27 et la cible 8.7."
    for c in find_codes(text):
        assert text[c.start:c.end] in {"26", "27", "8.7"}


def test_year_numbers_and_prose_are_not_codes():
    assert kinds("En 2017, 12 entreprises ont signé la charte.") == []
    assert sdg_cell("2018") is None and sdg_cell("5-8-12-16") == ["5", "8", "12", "16"]
    assert sdg_cell("5-8-19") is None
    assert pillar_cell("I & III") == ["I", "III"] and pillar_cell("Information") is None


def test_fold_keeps_every_offset():
    s = "Région d’Économie « Œuvre » – SPF"
    assert len(fold(s)) == len(s)
    assert fold(s).index("economie") == s.index("Économie")
