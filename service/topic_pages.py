"""``/sdg/<notation>`` and ``/instrument/<id>``: what addresses an SDG goal or target, a UNGP pillar or principle
(``/instrument/ungp/pillar/2``, ``/instrument/ungp/principle/3``), or cites an instrument.

Every action, plan and progress update linked to it or to one of its parts
(a goal's targets, a pillar's principles, an instrument's parts), by plan and
country. Tables sort, page past 100 rows and download as CSV or JSON.
"""

from __future__ import annotations

from flask import Blueprint
from werkzeug.exceptions import NotFound

from kg.namespaces import SDG

from .backend import backend
from .headers import page
from .i18n import label, labelled_link, ref
from .tables import Column, Table, download_or_arrange, page_openapi

bp = Blueprint("topic_pages", __name__)

KINDS = {"plan": "the plan itself", "action": "action", "update": "progress update"}


def _page(iri: str, what: str):
    if any(c in iri for c in "<>\"' ") or ".." in iri:
        raise NotFound(f"no {what} {iri!r}")
    d = backend().call("page_topic", iri=iri)
    if d is None:
        raise NotFound(f"no {what} {iri!r}")
    labels, notations = d["labels"], d["notations"]
    rows = []
    for r in d["linked"]:
        t = label(r["labels"])
        target = r["iri"] if r["kind"] != "update" else r["action"]
        tl = label(labels.get(r["action"], [])) if r["kind"] == "update" else t
        text = tl.text if tl else (target or r["iri"])
        if r["kind"] == "update":
            text = f"{text} ({r['period'] or 'progress'})"
        rows.append({"plan": ref(r["plan"], labels), "country": ref(r["country"], labels) if r["country"] else "",
                     "kind": KINDS[r["kind"]], "notation": r["notation"] or "",
                     "item": labelled_link(r["iri"], tl, text),
                     "via": [_noted(ref(x, labels), notations.get(x)) for x in r["via"] if x != iri] or ""})
    linked = Table("linked", [Column("plan", "Plan"), Column("country", "Country"), Column("kind", "What"),
                              Column("notation", "№"), Column("item", "Action or text"),
                              Column("via", "Through")], rows, caption="Where it is addressed or cited")
    parts = Table("parts", [Column("notation", "№"), Column("part", "Part")],
                  [{"notation": notations.get(p, ""), "part": ref(p, labels)} for p in d["parts"]],
                  caption="Its parts")
    tables = [linked, parts]
    file = download_or_arrange(tables)
    if file is not None:
        return file
    info = d["topic"]
    plans = sorted({r["plan"] for r in d["linked"]})
    countries = sorted({r["country"] for r in d["linked"] if r["country"]})
    return page("topic.html", info=info, what=what, title=label(info["labels"]), labels=labels, linked=linked,
                parts=parts, parents=[ref(p, labels) for p in info["part_of"]],
                definition=label(info["definition"]), plan_count=len(plans), country_count=len(countries))


def _noted(r, notation):
    if r is not None and notation:
        r.note = notation
    return r


@bp.get("/sdg/<notation>")
def sdg(notation: str):
    """An SDG goal (``/sdg/8``) or target (``/sdg/8.7``): every action and plan addressing it."""
    return _page(str(SDG) + notation, "SDG target" if "." in notation else "SDG goal")


@bp.get("/instrument/<path:inst_id>")
def instrument(inst_id: str):
    """An instrument, or a UNGP pillar or principle: which plans, actions and progress texts cite it, where."""
    what = "UNGP pillar" if inst_id.startswith("ungp/pillar/") else \
        "UNGP principle" if inst_id.startswith("ungp/principle/") else "instrument"
    return _page(backend().napid + "instrument/" + inst_id, what)


OPENAPI_PATHS = {**page_openapi("/sdg/{notation}", "An SDG goal or target's page (HTML): every action addressing it",
                                "notation", "8.7", ["linked", "parts"]),
                 **page_openapi("/instrument/{inst_id}", "An instrument's page (HTML), UNGP pillars and principles included: "
                                "which plans and actions cite it", "inst_id", "ungp/principle/3", ["linked", "parts"])}
