"""The language of a request and the label every page shows, by the one rule of :mod:`kg.labels`.

The language comes from ``?lang=`` (en, fr, nl), else the ``Accept-Language``
header, else none (English, then French, Dutch, German, untagged). Templates
get ``lang``, ``label(pairs)`` (a :class:`kg.labels.Label`: text, language,
whether it is a fallback), ``lang_url(code)`` for the language switch and
``page_url(iri)`` for the purpose-built page of a plan, body, SDG, UNGP part
or instrument (None for anything else). Pages that depend on the language say
``Vary: Accept-Language``.
"""

from __future__ import annotations

from flask import Flask, g, request, url_for

from kg import labels as _labels
from kg.namespaces import SDG


def current_lang() -> str | None:
    """The language asked for by this request (``?lang=``, then ``Accept-Language``), or None."""
    if "napkg_lang" not in g:
        asked = request.args.get("lang")
        g.napkg_lang = _labels.language(asked) if asked else _labels.negotiate(request.headers.get("Accept-Language"))
    return g.napkg_lang


def label(pairs, lang: str | None = None) -> _labels.Label | None:
    """The label to show of ``[(text, language), ...]`` in the request's language."""
    return _labels.pick(pairs or [], lang if lang is not None else current_lang())


def lang_url(code: str) -> str:
    """This page in language ``code`` (its other parameters kept, paging reset)."""
    args = request.args.copy()
    args["lang"] = code
    return request.path + "?" + "&".join(f"{_q(k)}={_q(v)}" for k, vs in args.lists() for v in vs)


def _q(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def page_url(iri: str) -> str | None:
    """The purpose-built page of ``iri``: a plan, a body, an SDG, a UNGP part, an instrument; None otherwise."""
    from .backend import backend

    napid = backend().napid
    if iri.startswith(str(SDG)) and len(iri) > len(str(SDG)):
        return url_for("topic_pages.sdg", notation=iri[len(str(SDG)):], **_keep())
    for kind, endpoint, arg in (("plan/", "plan_pages.plan", "plan_id"), ("actor/", "body_pages.body", "body_id"),
                                ("instrument/", "topic_pages.instrument", "inst_id")):
        if iri.startswith(napid + kind) and len(iri) > len(napid + kind):
            return url_for(endpoint, **{arg: iri[len(napid + kind):]}, **_keep())
    return None


def _keep() -> dict:
    lang = request.args.get("lang")
    return {"lang": lang} if lang and _labels.language(lang) else {}


def link_url(iri: str) -> str:
    """Where a link to ``iri`` goes on a page for people: its purpose-built page, else its linked-data page."""
    from .links import href

    return page_url(iri) or href(iri)


#: Blueprints whose answers change with the language (elsewhere only the header's switch does).
LANGUAGE_BLUEPRINTS = {"pages", "api", "search", "plan_pages", "body_pages", "topic_pages"}


def _vary(resp):
    if "napkg_lang" in g and request.blueprint in LANGUAGE_BLUEPRINTS:
        vary = [v.strip() for v in resp.headers.get("Vary", "").split(",") if v.strip()]
        if "Accept-Language" not in vary:
            resp.headers["Vary"] = ", ".join(vary + ["Accept-Language"])
    return resp


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(label=label, lang_url=lang_url, page_url=page_url, link_url=link_url,
                                 LANGUAGES=_labels.LANGUAGES)
    app.context_processor(lambda: {"lang": current_lang()})
    app.after_request(_vary)


def ref(iri: str | None, labels: dict[str, list], *, text: str | None = None, note: str = ""):
    """A :class:`service.tables.Link` to ``iri`` (its page for people if it has one), labelled by the one rule."""
    from .links import short
    from .tables import Link

    if iri is None:
        return None
    found = label(labels.get(iri, []))
    if text is not None:
        return Link(text, link_url(iri), iri, note=note)
    if found is None:
        return Link(short(iri), link_url(iri), iri, note=note)
    return Link(found.text, link_url(iri), iri, found.lang, found.fallback, note)


def labelled_link(iri: str, title: _labels.Label | None, text: str | None = None):
    """A :class:`service.tables.Link` to ``iri`` (:func:`service.links.href`) shown as ``text``, else by ``title``
    (a label), else as the IRI; in the label's language."""
    from .links import href
    from .tables import Link

    shown = text if text is not None else (title.text if title else iri)
    return Link(shown, href(iri), iri, title.lang if title else "", title.fallback if title else False)


def tail(iri: str, napid: str) -> str:
    """A short, stable filter value for an IRI: its path under ``napid`` or the SDG namespace, else the IRI."""
    for ns in (napid, str(SDG)):
        if iri.startswith(ns):
            return iri[len(ns):]
    return iri
