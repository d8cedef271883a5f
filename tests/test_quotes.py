"""Every curated quote and progress text appears in its source document.

Reads ../shared/seeds (CI has it beside the checkout); skips with the reason
where it is absent. The comparison folds whitespace and drops the export's
``**`` bold markers; nothing else may differ.
"""

from __future__ import annotations

import re

import pytest
import yaml

from kg import records
from helpers import DATA


def norm(text: str) -> str:
    return " ".join(text.replace("**", "").split())


@pytest.fixture(scope="module")
def seed_texts(seeds_dir):
    index = (seeds_dir / "README.md").read_text(encoding="utf-8")
    ids = dict(re.findall(r"\|\s*(\d{3}_[0-9a-f]+\.txt)\s*\|\s*`([a-z0-9-]+)`", index))
    return {sid: norm((seeds_dir / f).read_text(encoding="utf-8")) for f, sid in ids.items()}


def quotes():
    cur = records.load(DATA)
    for sf in cur.sources:
        sid = sf.id
        yield sid, "source", sf.data["source"]["evidence"]["quote"]
        for kind in ("plans", "groups", "actions"):
            for rec in sf.data.get(kind) or []:
                name = rec.get("id") or rec.get("notation")
                yield sid, f"{kind} {name}", rec["evidence"]["quote"]
                for k, u in enumerate(rec.get("progress") or []):
                    yield sid, f"{kind} {name} progress[{k}]", u["text"]
    for kind, recs in (("actor", cur.actors), ("instrument", cur.instruments)):
        for rec in recs:
            for ev in rec["evidence"]:
                yield ev["source"], f"{kind} {rec['id']}", ev["quote"]


def test_every_quote_is_in_its_source(seed_texts):
    missing = []
    n = 0
    for sid, where, quote in quotes():
        n += 1
        if norm(quote) not in seed_texts[sid]:
            missing.append(f"{sid}: {where}: {quote[:90]!r}")
    assert n > 500
    assert not missing, f"{len(missing)} of {n} quotes not found:\n" + "\n".join(missing[:40])


def test_seed_index_names_every_source(seed_texts):
    assert {sf.id for sf in records.load(DATA).sources} == set(seed_texts)


def test_every_label_no_source_gives_says_where_it_comes_from(seeds_dir):
    """Issue 14: a user can tell the text's names from translations (label_sources, data/README.md)."""
    from kg.support import fold

    index = (seeds_dir / "README.md").read_text(encoding="utf-8")
    files = re.findall(r"\|\s*(\d{3}_[0-9a-f]+\.txt)\s*\|", index)
    texts = " ".join(fold((seeds_dir / f).read_text(encoding="utf-8").replace("**", "")) for f in files)
    cur = records.load(DATA)
    missing = []
    for rec in list(cur.actors) + list(cur.instruments):
        for lang, label in rec["label"].items():
            if fold(label) not in texts and lang not in (rec.get("label_sources") or {}):
                missing.append(f"{rec['id']}: label {lang} {label!r}")
    assert not missing, f"{len(missing)} label(s) no source gives and no label_sources explains:\n" + "\n".join(missing)
