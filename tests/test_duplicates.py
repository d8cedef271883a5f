"""One body, one IRI: the registry has no likely duplicates but the homonyms data/homonyms.yaml explains.

kg/duplicates.py: two actors (or two instruments) sharing a label or an
alternative label after folding accents, case and apostrophes, or citing the
same quote of the same source without the quote telling them apart.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg import duplicates, records
from kg.build import VOCABULARIES_FILE
from helpers import DATA


def _actor(id_, label, *, alt=None, country=None, quote=None):
    rec = {"id": id_, "type": "academic", "label": label,
           "evidence": [{"source": "t-src", "locator": "p. 1", "quote": quote or label.get("fr") or id_}]}
    if alt:
        rec["alt"] = alt
    if country:
        rec["country"] = country
    return rec


def make_data(root: Path, actors: list, instruments: list | None = None, homonyms: list | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "actors.yaml").write_text(yaml.safe_dump(actors, allow_unicode=True), encoding="utf-8")
    (root / "instruments.yaml").write_text(yaml.safe_dump(instruments or [], allow_unicode=True), encoding="utf-8")
    (root / "t-src.yaml").write_text(yaml.safe_dump({"source": {
        "id": "t-src", "seed": "t.txt", "title": {"fr": "T"}, "kind": "guide",
        "evidence": {"locator": "title", "quote": "Titre"}}}), encoding="utf-8")
    if homonyms is not None:
        (root / "homonyms.yaml").write_text(yaml.safe_dump(homonyms, allow_unicode=True), encoding="utf-8")
    return root


def found(root: Path):
    return duplicates.find(records.load(root), VOCABULARIES_FILE)


def test_a_shared_name_after_folding_is_a_likely_duplicate(tmp_path):
    # issue 14: uantwerpen and university-of-antwerp
    root = make_data(tmp_path, [
        _actor("uantwerpen", {"fr": "Université d’Anvers"}),
        _actor("university-of-antwerp", {"en": "University of Antwerp"}, alt={"fr": ["UNIVERSITE D'ANVERS"]}),
        _actor("ulb", {"fr": "Université libre de Bruxelles"}),
    ])
    (d,) = found(root)
    assert (d.kind, d.ids, d.why, d.shared) == ("actor", ("uantwerpen", "university-of-antwerp"), "name",
                                                 "Université d’Anvers")


def test_a_shared_quote_that_does_not_tell_two_records_apart(tmp_path):
    quote = "Cet projet a été confié à l’University of Antwerp"
    root = make_data(tmp_path, [
        _actor("uantwerpen", {"fr": "UAntwerpen"}, quote=quote),
        _actor("antwerp-university", {"en": "University of Antwerp"}, quote=quote),
    ])
    # one of them is named in the quote, the other is not: the quote cannot be evidence for both
    assert [d.why for d in found(root)] == ["quote"]


def test_a_quote_naming_several_bodies_is_evidence_for_each(tmp_path):
    quote = "Microsoft, Amazon, Google et Meta"
    root = make_data(tmp_path, [_actor(n.lower(), {"en": n}, quote=quote) for n in ("Amazon", "Google", "Meta")])
    assert found(root) == []


def test_bodies_of_two_countries_are_not_one_body_even_on_one_quote(tmp_path):
    quote = "Des Groupes de travail ont été mis en place dans plusieurs pays (Colombie, Ghana)"
    root = make_data(tmp_path, [
        _actor("wg-col", {"fr": "Groupe de travail — Colombie"}, country="COL", quote=quote),
        _actor("wg-gha", {"fr": "Groupe de travail — Ghana"}, country="GHA", quote=quote),
    ])
    assert found(root) == []


def test_a_registry_instrument_repeating_a_reference_instrument(tmp_path):
    root = make_data(tmp_path, [], instruments=[
        {"id": "guiding-principles", "type": "guide", "label": {"en": "UNGPs"},
         "evidence": [{"source": "t-src", "locator": "p. 1", "quote": "UNGPs"}]}])
    (d,) = found(root)
    assert (d.kind, d.ids, d.shared) == ("instrument", ("guiding-principles", "ungp"), "UNGPs")


def test_the_allow_list_explains_a_homonym_for_that_name_only(tmp_path):
    actors = [_actor("be-ncp", {"fr": "PCN belge"}, alt={"fr": ["PCN", "NCP"]}, country="BEL"),
              _actor("lu-ncp", {"fr": "PCN luxembourgeois"}, alt={"fr": ["PCN", "NCP"]}, country="LUX")]
    homonyms = [{"ids": ["lu-ncp", "be-ncp"], "name": "pcn", "reason": "each country's contact point is its PCN"},
                {"ids": ["be-ncp", "ulb"], "name": "ULB", "reason": "left behind: matches nothing any more"}]
    root = make_data(tmp_path, actors, homonyms=homonyms)
    every = found(root)
    allowed = duplicates.load_homonyms(root / "homonyms.yaml")
    assert [d.shared for d in duplicates.unexplained(every, allowed)] == ["NCP"]
    assert [h.shared for h in duplicates.stale(every, allowed)] == ["ULB"]


@pytest.mark.parametrize("entry", [
    {"ids": ["a"], "name": "x", "reason": "a reason long enough"},
    {"ids": ["a", "b"], "reason": "a reason long enough"},
    {"ids": ["a", "b"], "name": "x", "reason": "short"},
    "just a string",
])
def test_a_malformed_allow_list_entry_is_named(tmp_path, entry):
    root = make_data(tmp_path, [], homonyms=[entry])
    with pytest.raises(ValueError, match=r"homonyms\.yaml: entry 0: needs ids"):
        duplicates.load_homonyms(root / "homonyms.yaml")


def test_the_allow_list_is_not_read_as_a_source_file(tmp_path):
    root = make_data(tmp_path, [], homonyms=[])
    assert [sf.id for sf in records.load(root).sources] == ["t-src"]


# ---------------------------------------------------------------- the real registry



def test_the_registry_has_no_unexplained_likely_duplicate():
    every = duplicates.find(records.load(DATA), VOCABULARIES_FILE)
    allowed = duplicates.load_homonyms(DATA / records.HOMONYMS_FILE)
    left = duplicates.unexplained(every, allowed)
    bad = [str(d) for d in left]
    assert not bad, ("likely duplicates: merge the records, or list true homonyms in data/homonyms.yaml "
                     "with a reason:\n" + "\n".join(bad))
    assert not duplicates.stale(every, allowed), "data/homonyms.yaml lists pairs that share nothing any more"
