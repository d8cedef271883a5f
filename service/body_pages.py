"""``/body/<id>``: a body's page: every plan and action it appears in, by role, across countries.

Also the bodies it works with most (shared actions), its centrality ranks
(degree and PageRank over the co-involvement network of :mod:`kg.network`,
memoised per build) and its names in every language. Tables sort, page past
100 rows and download as CSV or JSON. "All statements" links the generic view.
"""

from __future__ import annotations

from flask import Blueprint

from kg.errors import NapkgError

from .backend import backend, page_data
from .headers import page
from .i18n import label, labelled_link, ref
from .tables import Column, Table, download_or_arrange, page_openapi

bp = Blueprint("body_pages", __name__)

RANKED_BY = (("degree", "degree"), ("pagerank", "PageRank"))


def _ranks(iri: str) -> list[dict]:
    """This body's rank in each centrality measure (empty when the network cannot be computed)."""
    b = backend()
    out = []
    for measure, title in RANKED_BY:
        try:
            answer = b.cached("network", op="centrality", params={"measure": measure, "kind": "actor"})
        except NapkgError:
            continue
        rows = (answer.get("table") or {}).get("rows") or []
        for r in rows:
            if r.get("iri") == iri:
                out.append({"measure": title, "rank": r["rank"], "of": len(rows), "value": r["value"]})
    return out


@bp.get("/body/<body_id>")
def body(body_id: str):
    """A body: its plans and actions by role, partners, ranks, names."""
    d = page_data("actor", "page_body", body_id)
    labels = d["labels"]
    info = d["body"]
    plans = Table("plans", [Column("plan", "Plan"), Column("country", "Country"), Column("roles", "Roles"),
                            Column("actions", "Actions", numeric=True)],
                  [{"plan": ref(p["iri"], labels), "country": ref(p["country"], labels) if p["country"] else "",
                    "roles": ", ".join(p["roles"]), "actions": p["actions"]} for p in d["plans"]],
                  caption="Plans it appears in")
    rows = []
    for a in d["actions"]:
        rows.append({"plan": ref(a["plan"], labels), "country": ref(a["country"], labels) if a["country"] else "",
                     "notation": a["notation"] or "",
                     "action": labelled_link(a["iri"], label(a["labels"])),
                     "roles": ", ".join(a["roles"])})
    actions = Table("actions", [Column("plan", "Plan"), Column("country", "Country"), Column("notation", "№"),
                                Column("action", "Action"), Column("roles", "Role")], rows,
                    caption="Actions by plan")
    partners = Table("partners", [Column("body", "Body"), Column("actions", "Shared actions", numeric=True)],
                     [{"body": ref(p["iri"], labels), "actions": p["actions"]} for p in d["works_with"]],
                     caption="The bodies it works with most")
    names = Table("names", [Column("lang", "Language"), Column("kind", "Kind"), Column("name", "Name")],
                  [{"lang": lg or "—", "kind": "preferred", "name": t} for t, lg in info["labels"]] +
                  [{"lang": lg or "—", "kind": "alternative", "name": t} for t, lg in info["alt_labels"]],
                  caption="Its names")
    tables = [actions, plans, partners, names]
    file = download_or_arrange(tables)
    if file is not None:
        return file
    return page("body.html", info=info, title=label(info["labels"]), labels=labels, plans=plans, actions=actions,
                partners=partners, names=names, ranks=_ranks(info["iri"]),
                parents=[ref(p, labels) for p in info["part_of"]], units=[ref(u, labels) for u in d["units"]],
                country=ref(info["country"], labels) if info["country"] else None,
                api=f"/api/actors/{body_id}")


OPENAPI_PATHS = page_openapi("/body/{body_id}", "A body's page (HTML): its plans and actions by role, partners, centrality ranks, names",
                             "body_id", "spf-justice", ["actions", "plans", "partners", "names"])
