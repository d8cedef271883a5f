"""The one rule for which label is shown, in every page, API answer and CLI table.

A label is picked from a resource's labels (``(text, language)`` pairs, or
rdflib literals): the asked language first, then English, French, Dutch,
German, untagged, then any. When a language was asked and the label shown is
in another, it is a *fallback*, and pages mark it as such.

>>> labs = [("SPF Justice", "fr"), ("FPS Justice", "en"), ("FOD Justitie", "nl")]
>>> pick(labs, "nl")
Label(text='FOD Justitie', lang='nl', fallback=False)
>>> pick(labs)
Label(text='FPS Justice', lang='en', fallback=False)
>>> pick({"fr": "SPF Justice", "nl": "FOD Justitie"}, "nl").text
'FOD Justitie'
>>> pick([("ministère", "fr")], "en")
Label(text='ministère', lang='fr', fallback=True)
>>> negotiate("nl-BE,nl;q=0.9,en;q=0.5"), negotiate("de, *;q=0.1"), language("FR")
('nl', None, 'fr')
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

ORDER = ("en", "fr", "nl", "de", "")
LANGUAGES = {"en": "English", "fr": "Français", "nl": "Nederlands"}


class Label(NamedTuple):
    text: str
    lang: str
    fallback: bool


def _pairs(labels: Iterable) -> list[tuple[str, str]]:
    if isinstance(labels, dict):  # {language: text}, as the JSON API writes labels
        return [(str(t), (lang or "").lower()) for lang, t in labels.items()]
    out = []
    for lab in labels:
        if isinstance(lab, tuple):
            out.append((str(lab[0]), (lab[1] or "").lower()))
        elif lab is not None:
            out.append((str(lab), (getattr(lab, "language", None) or "").lower()))
    return out


def pick(labels: Iterable, lang: str | None = None) -> Label | None:
    """The label to show in ``lang`` (None: the default order), or None when there is none."""
    pairs = _pairs(labels)
    if not pairs:
        return None
    order = ((lang,) if lang else ()) + ORDER
    for want in order:
        for text, tag in pairs:
            if tag == want or (want and tag.split("-")[0] == want):
                return Label(text, tag, bool(lang) and tag.split("-")[0] != lang)
    text, tag = pairs[0]
    return Label(text, tag, bool(lang))


def text(labels: Iterable, lang: str | None = None) -> str | None:
    """Only the text of :func:`pick`."""
    found = pick(labels, lang)
    return found.text if found else None


def language(value: str | None) -> str | None:
    """A language napkg offers (``en``, ``fr``, ``nl``) from a ``?lang=`` value, else None."""
    value = (value or "").strip().lower().split("-")[0]
    return value if value in LANGUAGES else None


def negotiate(accept_language: str | None) -> str | None:
    """The offered language an ``Accept-Language`` header prefers most, or None."""
    best, best_q = None, 0.0
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        lang = language(tag)
        if lang and q > best_q:
            best, best_q = lang, q
    return best
