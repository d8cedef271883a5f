"""Document-level guesses: the title line, the kind of source and plan, the country, role labels.

Keyword rules over the opening of a document, never one document's words;
every guess is flagged for review by the caller.
"""

from __future__ import annotations

import re

from .normalise import fold

KIND_WORDS = [
    ("practice-entry", r"inventaire des pratiques|type de pratique|bonne pratique|practice inventory"),
    ("guide", r"\bguide\b|liste recapitulative|recommandations aux"),
    ("progress-report", r"progres|etat d'avancement|rapport d'avancement|bilan|rapport annuel|tableau de suivi|progress report"),
]
PLAN_KINDS = [("roadmap", r"feuille de route|roadmap"), ("strategy", r"strategie|strategy"), ("guide", r"\bguide\b")]
_COUNTRIES = {
    "belgique": "BEL", "luxembourg": "LUX", "france": "FRA", "pays-bas": "NLD", "allemagne": "DEU", "suisse": "CHE",
    "espagne": "ESP", "italie": "ITA", "irlande": "IRL", "royaume-uni": "GBR", "danemark": "DNK", "suede": "SWE",
    "finlande": "FIN", "norvege": "NOR", "pologne": "POL", "portugal": "PRT", "autriche": "AUT", "grece": "GRC",
    "tchequie": "CZE", "lituanie": "LTU", "slovenie": "SVN", "canada": "CAN", "maroc": "MAR", "senegal": "SEN",
    "cote d'ivoire": "CIV", "tunisie": "TUN", "cameroun": "CMR", "madagascar": "MDG", "burkina faso": "BFA",
}


# A line that only labels the names after it: "Lead :", "Maître d'œuvre principal", "Partenaires impliqués".
ROLE_LABELS = [
    ("responsible", r"(?im)^[ \t*]*(?:lead(?: organi[sz]ation)?|chef de file|pilote|responsables?|coordination|"
                    r"ma[iî]tre d'(?:œ|oe|\u0153)uvre(?: principal)?|porteur|entite responsable)\s*:?[ \t*]*$"),
    ("involved", r"(?im)^[ \t*]*(?:partenaires?(?: impliques?)?|partners?|acteurs? impliques?|"
                 r"autres acteurs|organisations? partenaires?)\s*:?[ \t*]*$"),
]


def first_line(text: str) -> tuple[int, int]:
    """The title: the first line with letters that is not boilerplate, as a span."""
    pos = 0
    for raw in text.split("\n"):
        s = raw.strip(" \t*#")
        letters = sum(c.isalpha() for c in s)
        if letters >= 4 and not re.match(r"(?i)(aller au contenu|table des mati|sommaire|contents)", s):
            start = pos + raw.index(s[0])
            return start, start + len(s)
        pos += len(raw) + 1
    return 0, min(len(text), 80)


def first_match(table: list[tuple[str, str]], text: str) -> str | None:
    """The name of the first (name, pattern) whose pattern occurs in the folded text, or None."""
    f = fold(text)
    return next((name for name, pat in table if re.search(pat, f)), None)


def country_of(text: str) -> str | None:
    f = fold(text[:20000])
    counts = {iso: len(re.findall(rf"\b{re.escape(n)}\b", f)) for n, iso in _COUNTRIES.items()}
    best = max(counts.items(), key=lambda kv: kv[1])
    return best[0] if best[1] >= 2 else None
