"""Network answers as plain, picklable data, for a query worker (:mod:`kg.query_pool`).

:func:`network` is a task of :mod:`kg.query_tasks` (the store first, keyword
arguments after, plain data out): the service runs it in a worker under the
request's time limit. Its errors are raised, and cross the worker's pipe as
themselves (:mod:`kg.errors`).

>>> from kg.network.sample import example_store
>>> out = network(example_store(), op="centrality", params={"measure": "degree", "top": 1})
>>> out["kind"], out["table"]["rows"][0]["label"]
('table', 'International Labour Organization')
>>> network(example_store(), op="graph", params={"projection": "actor-plan"}, fmt="graphml")["kind"]
'bytes'
"""

from __future__ import annotations

from typing import Any, Mapping

from ..store import Store
from . import analysis
from .drawing import drawing
from .exceptions import InvalidParameter

OPS = ("centrality", "overlaps", "graph", "drawing")

CENTRALITY_PARAMETERS = ("projection", "measure", "kind", "top", "weighted", "sample", "seed", "method") \
    + analysis.PROJECTION_PARAMETERS
OVERLAP_PARAMETERS = ("analysis", "by", "on", "min_count", "top", "country", "source", "responsible_only",
                      "whole_instruments", "sdg_goals")
GRAPH_PARAMETERS = ("projection",) + analysis.PROJECTION_PARAMETERS
ALLOWED = {"centrality": CENTRALITY_PARAMETERS, "overlaps": OVERLAP_PARAMETERS, "graph": GRAPH_PARAMETERS,
           "drawing": CENTRALITY_PARAMETERS}


def network(store: Store, *, op: str, params: Mapping[str, Any], fmt: str = "json") -> dict:
    """Run one network request: ``op`` is ``centrality``, ``overlaps``, ``graph`` or ``drawing``.

    ``params`` may be strings (from a query string); they are checked by
    :func:`kg.network.analysis.parse_parameters`. Returns ``{"kind": "table",
    "table": {...}, "display": [...]}``, ``{"kind": "drawing", "data": {...}}``, ``{"kind": "bytes",
    "data": b"...", "format": fmt}``; or raises a :class:`~kg.network.exceptions.NetworkError`
    (bad parameter, empty projection...).

    >>> from kg.network.sample import example_store
    >>> network(example_store(), op="centrality", params={"plan": "no-such-plan"})
    Traceback (most recent call last):
    ...
    kg.network.exceptions.EmptyProjection: nothing to project: no actor–action links (plan no-such-plan); ...
    """
    if op not in OPS:
        raise InvalidParameter("op", f"unknown network operation {op!r}", choices=list(OPS))
    p = analysis.parse_parameters(params, allowed=ALLOWED[op])
    if op == "centrality":
        t = analysis.centrality(store, **p)
    elif op == "overlaps":
        t = analysis.overlaps(store, **p)
    elif op == "drawing":
        return {"kind": "drawing", "data": drawing(store, **p)}
    else:
        return {"kind": "bytes", "data": analysis.export(store, format=fmt, **p), "format": fmt}
    return {"kind": "table", "table": t.as_json(), "display": t.display}
