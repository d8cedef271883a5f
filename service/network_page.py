"""``/network`` for people: the network drawn, the ranking table, the filters, the plans' overlap heatmap.

The page is server-rendered (the table, the heatmap and the explanations
show without JavaScript); ``static/network.js`` draws the graph from
``/network/drawing`` with the vendored Cytoscape.js. The page's defaults
answer the question the raw ranking raises (one plan with long lists of
bodies dominates co-involvement): weighted degree under ``fractional``
weighting, so each shared action counts for one unit however many bodies it
names. Every choice is a form field, and the page says which is shown.
"""

from __future__ import annotations

from typing import Callable
from urllib.parse import urlencode

from flask import Response, request, url_for
from werkzeug.exceptions import BadRequest

from kg.network import analysis
from kg.network.exceptions import NetworkError
from kg.network.weighting import WEIGHTINGS

from .backend import backend
from .headers import page
from .links import href

#: The page's defaults where they differ from the API's (see the module docstring).
DEFAULTS = {"projection": "co-involvement", "measure": "weighted-degree", "weighting": "fractional", "top": "50"}
FIELDS = ("projection", "measure", "weighting", "plan", "country", "source", "responsible_only", "include_plans",
          "top", "colour")
COLOURS = ("community", "country", "type")
#: Heatmap cell classes h0..h10 by tenths of the Jaccard coefficient.
SHADES = 10

DRIVERS = {
    "degree": "the number of bodies a body shares an action with: one action naming twenty bodies gives each "
              "nineteen ties, so plans with long lists of bodies fill the top. Weighting does not change it.",
    "weighted-degree": "the sum of the edge weights: with 'actions' weighting, long lists count as many times as "
                       "they have bodies; with 'fractional', each action a body shares adds 1 however many bodies "
                       "it names; with 'plans', each plan it shares actions in adds 1 per partner.",
    "betweenness": "bodies that link groups which otherwise would not meet: the few bodies named in several "
                   "plans, or a ministry tying two parts of one plan.",
    "closeness": "how few steps separate a body from the others it can reach; bodies in small isolated groups "
                 "can score high because it counts only what they reach.",
    "eigenvector": "ties to bodies that are themselves well tied: it concentrates on the largest dense group, "
                   "often one plan's long lists.",
    "pagerank": "where a random walk along the ties spends its time; like eigenvector, but every body gets a share.",
    "core": "the densest layer a body belongs to (k-core): the bodies named together on long lists share the "
            "highest core.",
    "community": "groups that work more with each other than with the rest (Louvain); a number, not a score.",
}


def _choices(name: str) -> tuple[str, ...]:
    return analysis.PARAMETERS[name].choices


def read_form(args) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """The form's values (defaults filled), the parameters for the analyses, and notes on what was left out."""
    for key in args:
        if key not in FIELDS and key != "lang":  # lang: the page language (service/i18n.py)
            raise BadRequest(f"unknown parameter {key!r}; the network page takes: {', '.join(FIELDS)}")
    form = {k: (args.get(k) or "").strip() for k in FIELDS}
    for k, v in DEFAULTS.items():
        form[k] = form[k] or v
    form["colour"] = form["colour"] or "community"
    if form["colour"] not in COLOURS:
        raise BadRequest(f"colour {form['colour']!r}: choose {', '.join(COLOURS)}")
    for k in ("responsible_only", "include_plans"):
        form[k] = "true" if form[k] in ("1", "true", "on", "yes") else ""
    spec = analysis.PROJECTIONS.get(form["projection"])
    if spec is None:
        raise BadRequest(f"unknown projection {form['projection']!r}; choose {', '.join(analysis.PROJECTIONS)}")
    takes = set(spec.filters + spec.options)
    params, notes = {}, []
    for k in ("measure", "weighting", "plan", "country", "source", "responsible_only", "include_plans"):
        if not form[k]:
            continue
        if k != "measure" and k not in takes:
            if k != "weighting":
                notes.append(f"{k} does not apply to the {form['projection']} projection and is left out.")
            continue
        params[k] = form[k]
    params["projection"] = form["projection"]
    analysis.parse_parameters({**params, "top": form["top"]})  # a bad value is a 400 now
    return form, params, notes


def _heatmap(run: Callable, form: dict[str, str]) -> dict | None:
    """Plans by plans, the Jaccard coefficient of the bodies they name, as shaded cells."""
    params = {"analysis": "similarity", "on": "actors"}
    for k in ("country", "source", "responsible_only"):
        if form[k]:
            params[k] = form[k]
    answer = run("overlaps", params)
    if answer.get("kind") == "error":
        return None
    rows = answer["table"]["rows"]
    plans: dict[str, str] = {}
    cells: dict[tuple[str, str], dict] = {}
    for r in rows:
        plans[r["plan_a"]], plans[r["plan_b"]] = r["label_a"], r["label_b"]
        cells[(r["plan_a"], r["plan_b"])] = cells[(r["plan_b"], r["plan_a"])] = r
    order = sorted(plans, key=lambda p: plans[p].lower())
    table = []
    for a in order:
        line = []
        for b in order:
            r = cells.get((a, b))
            if a == b or r is None:
                line.append(None)
            else:
                line.append({"jaccard": r["jaccard"], "shared": r["n_shared"],
                             "shade": min(SHADES, round(r["jaccard"] * SHADES)),
                             "title": f"{plans[a]} / {plans[b]}: {r['n_shared']} shared bodies; "
                                      + ", ".join(r["shared_labels"][:12])})
        table.append({"iri": a, "href": href(a), "label": plans[a], "cells": line})
    return {"plans": table}


def render(run: Callable[[str, dict], dict]) -> Response:
    """The page; ``run(op, params)`` answers a network request (cached per build)."""
    form, params, notes = read_form(request.args)
    error, table, meta = None, [], {}
    try:
        answer = run("centrality", params)
        if answer.get("kind") == "error":
            raise NetworkError(answer["message"])
        t = answer["table"]
        meta = t["meta"]
        table = [{**r, "href": href(r["iri"])} for r in t["rows"][:int(form["top"])]]
        meta["rows_total"] = len(t["rows"])
    except NetworkError as e:
        error = str(e)
    heatmap = _heatmap(run, form)
    drawing_url = url_for("network.drawing") + "?" + urlencode(params)
    query = urlencode({k: v for k, v in form.items() if v and k != "colour"})
    plans = backend().cached("plans", napid=backend().napid)
    countries = sorted({p["country"]["code"] for p in plans if p.get("country")})
    m = analysis.MEASURES[form["measure"]] if form["measure"] in analysis.MEASURES else None
    return page("network.html", status=400 if error else 200, form=form, notes=notes, error=error, table=table,
                meta=meta, heatmap=heatmap, drawing_url=drawing_url, plans=plans, countries=countries,
                projections=analysis.PROJECTIONS, measures=analysis.MEASURES, weightings=WEIGHTINGS,
                drivers=DRIVERS, measure=m, colours=COLOURS, shades=SHADES,
                csv_url=url_for("network.centrality") + "?" + urlencode({**params, "format": "csv"}),
                json_url=url_for("network.centrality") + "?" + urlencode({**params, "format": "json"}),
                graph_urls={fmt: url_for("network.graph") + "?" + urlencode(
                    {**{k: v for k, v in params.items() if k != "measure"}, "format": fmt})
                    for fmt in ("json", "graphml", "gexf")},
                share=url_for("network.index") + ("?" + query if query else ""))
