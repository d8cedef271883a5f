"""``/plan/<id>``: a plan's page for people, its actions in order with everything the plan says about them.

Groups and actions in notation order; for each action its responsible and
involved bodies, SDGs, UNGP principles, instruments, progress by year and
reporter with status, and the source quote a click away (a ``<details>``,
no script). Filters by group, SDG, principle and body (``?group=``,
``?sdg=``, ``?principle=``, ``?body=``, values as the filter form writes
them); every table sorts, pages past 100 rows and downloads as CSV or JSON.
The generic resource view (``/id/plan/<id>``) is linked as "all statements".
"""

from __future__ import annotations

from flask import Blueprint, request

from .backend import backend, page_data
from .headers import page
from .i18n import label, labelled_link, ref, tail
from .tables import Column, Table, download_or_arrange, page_openapi

bp = Blueprint("plan_pages", __name__)

STATUSES = ("done", "ongoing", "planned", "postponed", "not-reported")
FILTERS = (("group", "groups", "Group"), ("sdg", "sdgs", "SDG"), ("principle", "principles", "UNGP principle"),
           ("body", "bodies", "Body"))


@bp.get("/plan/<plan_id>")
def plan(plan_id: str):
    """A plan: groups and actions in order, bodies, SDGs, principles, instruments, progress; filters; downloads."""
    d = page_data("plan", "page_plan", plan_id)
    napid = backend().napid
    labels, notations = d["labels"], d["notations"]

    def note_ref(iri: str, prefix: str = ""):
        """A link shown by its notation ("SDG 8"), its label beside it unless the label only repeats it."""
        n = notations.get(iri)
        r = ref(iri, labels)
        if n:
            r.note = "" if r.text.endswith(" " + n) else r.text
            r.text = f"{prefix}{n}"
        return r

    chosen = {key: request.args.get(key) or None for key, _, _ in FILTERS}
    options: dict[str, dict[str, object]] = {key: {} for key, _, _ in FILTERS}
    rows, progress_rows = [], []
    counts: dict[str, dict[str, int]] = {}
    for a in d["actions"]:
        bodies = a["responsible"] + a["involved"]
        for key, field, _ in FILTERS:
            for iri in (bodies if key == "body" else a[field]):
                options[key].setdefault(tail(iri, napid), iri)
        keep = all(v is None or v in {tail(i, napid) for i in (bodies if k == "body" else a[f])}
                   for (k, f, _), v in zip(FILTERS, chosen.values()))
        if not keep:
            continue
        title = label(a["labels"])
        action_link = labelled_link(a["iri"], title)
        progress = []
        for u in a["progress"]:
            status = u["status"] or "not stated"
            progress.append(f"{u['period']}: {status}")
            counts.setdefault(u["period"], {}).setdefault(status, 0)
            counts[u["period"]][status] += 1
            progress_rows.append({"notation": a["notation"] or "", "action": action_link, "period": u["period"],
                                  "status": status, "reporters": [ref(r, labels) for r in u["reporters"]],
                                  "text": u["text"][0] if u["text"] else ""})
        rows.append({"notation": a["notation"] or "", "title": action_link, "_quote": _evidence(a, labels),
                     "group": [note_ref(g) for g in a["groups"]],
                     "responsible": sorted((ref(x, labels) for x in a["responsible"]), key=lambda r: r.text.casefold()),
                     "involved": sorted((ref(x, labels) for x in a["involved"]), key=lambda r: r.text.casefold()),
                     "sdgs": [note_ref(x, "SDG ") for x in a["sdgs"]],
                     "principles": [note_ref(x, "UNGP ") for x in a["principles"]] + list(a["principle_codes"]),
                     "instruments": [ref(x, labels) for x in a["instruments"]],
                     "progress": progress})
    group_column = [Column("group", "Group")] if any(a["groups"] for a in d["actions"]) else []
    actions = Table("actions", [Column("notation", "№"), Column("title", "Action"), *group_column,
                                Column("responsible", "Responsible"), Column("involved", "Also involved"),
                                Column("sdgs", "SDGs"), Column("principles", "UNGP"),
                                Column("instruments", "Instruments"), Column("progress", "Progress")],
                    rows, caption="Actions, in the plan's order")
    progress_table = Table("progress", [Column("notation", "№"), Column("action", "Action"),
                                        Column("period", "Year"), Column("status", "Status"),
                                        Column("reporters", "Reported by"), Column("text", "What was reported")],
                           progress_rows, caption="Progress by year and reporter")
    years = sorted(counts)
    statuses = [s for s in STATUSES if any(s in counts[y] for y in years)] + \
        sorted({s for y in years for s in counts[y]} - set(STATUSES))
    status_table = Table("status", [Column("period", "Year")] + [Column(s, s.replace("-", " "), numeric=True)
                                                                  for s in statuses],
                         [{"period": y, **{s: counts[y].get(s, 0) for s in statuses}} for y in years],
                         caption="Progress updates by year and status")
    tables = [actions, progress_table, status_table]
    file = download_or_arrange(tables)
    if file is not None:
        return file
    info = d["plan"]
    filter_options = {key: sorted(((v, _option_text(ref(iri, labels), notations.get(iri), key))
                                   for v, iri in opts.items()), key=_order)
                      for key, opts in options.items()}
    groups = [{"ref": ref(g["iri"], labels if labels.get(g["iri"]) else {g["iri"]: g["labels"]}),
               "notation": g["notation"], "value": tail(g["iri"], napid),
               "count": sum(g["iri"] in a["groups"] for a in d["actions"])} for g in d["groups"]]
    return page("plan.html", info=info, title=label(info["labels"]), labels=labels, tables=tables,
                actions=actions, progress=progress_table, status_table=status_table, groups=groups,
                filters=FILTERS, chosen=chosen, filter_options=filter_options, total=len(d["actions"]),
                api=f"/api/plans/{plan_id}/actions")


def _option_text(r, notation: str | None, key: str) -> str:
    if key == "sdg" and notation:
        return f"SDG {notation} — {r.text}"
    if key == "principle" and notation:
        return f"UNGP {notation} — {r.text}"
    if notation:
        return f"{notation} — {r.text}"
    return r.text


def _order(option):
    from kg.pages.common import natural_key

    return natural_key(option[1].casefold())


def _evidence(a: dict, labels: dict) -> list[dict]:
    out = []
    for e in a["evidence"]:
        src = label(labels.get(e["source"], [])) if e["source"] else None
        out.append({**e, "source_label": src.text if src else None})
    return out


OPENAPI_PATHS = page_openapi("/plan/{plan_id}", "A plan's page (HTML): its actions in order with bodies, SDGs, principles, instruments, progress",
                             "plan_id", "be-nap-bhr-2017", ["actions", "progress", "status"])
