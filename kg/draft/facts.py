"""What a draft knows about each fact: its value, its span, how it was found, what a reviewer must decide."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .guess import first_match
from .normalise import fold, squash


@dataclass
class Fact:
    record: str              # "action 2.3", "plan", "group cat-2", "proposal spf-x"
    field: str               # title, responsible, sdgs, progress ...
    value: str
    start: int
    end: int
    method: str              # heading | cell | name | acronym | code | fuzzy | keyword | column | proposal
    score: float = 1.0       # 0..1 confidence
    review: str | None = None


@dataclass
class Proposal:
    id: str
    name: str
    type: str
    start: int
    end: int
    role: str
    where: str
    fuzzy: tuple[str, float] | None = None


@dataclass
class Draft:
    source_id: str
    text: str
    data: dict
    facts: list[Fact] = field(default_factory=list)
    flags: dict[str, list[str]] = field(default_factory=dict)     # record key -> review notes
    proposals: list[Proposal] = field(default_factory=list)

    def flag(self, record: str, note: str) -> None:
        self.flags.setdefault(record, [])
        if note not in self.flags[record]:
            self.flags[record].append(note)


def slug(text: str, taken: set[str]) -> str:
    """A new lowercase ASCII id from a name, unique against ``taken``.

    >>> slug("Région Bruxelles-Capitale", set())
    'region-bruxelles-capitale'
    """
    base = re.sub(r"[^a-z0-9]+", "-", fold(squash(text))).strip("-")[:50].strip("-") or "x"
    out, i = base, 2
    while out in taken:
        out, i = f"{base}-{i}", i + 1
    return out


_STATUS = [
    ("not-reported", r"information non communiqu|non communiqu|pas d'information|not reported"),
    ("postponed", r"\breport[ée]e?s?\b|\bsuspendu|\bajourn"),
    ("ongoing", r"\ben cours\b|se poursui|\bcontinue|\bpoursuivi"),
    ("planned", r"\bsera\b|\bseront\b|\bpr[ée]vue?s?\b|\benvisag|\bplanifi"),
    ("done", r"\br[ée]alis[ée]e?s?\b|\bfinalis[ée]|mise? en ligne|\badopt[ée]e?s?\b|\bpubli[ée]e?s?\b|\blanc[ée]e?s?\b|\borganis[ée]e?s?\b"),
]


def status_of(text: str) -> str | None:
    """The status a progress paragraph states, by keyword, or None.

    >>> status_of("Information non communiquée"), status_of("Le guide a été mis en ligne."), status_of("Rien.")
    ('not-reported', 'done', None)
    """
    return first_match(_STATUS, text)


_ACTOR_TYPES = [
    ("ministry", r"\bspf\b|\bfod\b|minist|cabinet|\bsecretariat d'etat"),
    ("regional-government", r"\bregion\b|communaute|\bgouvernement (wallon|flamand)"),
    ("national-contact-point", r"point de contact national|\bpcn\b|\bncp\b"),
    ("working-group", r"\bgt\b|groupe de travail|working group|\bcellule\b|comite|commission interdep"),
    ("academic", r"universit|institut de recherche|\bcentre de recherche|ecole|academ"),
    ("trade-union", r"syndic|\bcgt\b|\bcfdt\b|confederation (generale|syndicale)"),
    ("business-association", r"federation|chambre de commerce|association des entreprises|\bmedef\b|\bfeb\b"),
    ("ngo", r"\bong\b|\bngo\b|association|fondation|\basbl\b"),
    ("intergovernmental-organisation", r"nations unies|\bonu\b|\boit\b|\bocde\b|\boecd\b|union europeenne|\bcommission europeenne"),
    ("company", r"\bs\.?a\.?\b|\bsarl\b|\bnv\b|\bgroup\b|entreprise \w+"),
    ("public-agency", r"office|agence|institut|\bservice\b|police|inspection|tribunal|parquet|conseil|autorite|\bfonds\b"),
]


def actor_type(name: str) -> tuple[str, bool]:
    """A guessed actor type for a proposed name, and whether a keyword backed the guess."""
    found = first_match(_ACTOR_TYPES, name)
    return (found, True) if found else ("public-agency", False)
