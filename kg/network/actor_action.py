"""The actor–action bipartite graph: who takes part in which action.

Edges come from ``nap:involvedActor`` (which includes what reasoning adds:
responsible actors, the reporters of an action's progress updates and the
actors they name) or, with ``responsible_only``, from
``nap:responsibleActor``. Nothing else becomes an edge: classes, labels and
other literals are node attributes, never nodes.
"""

from __future__ import annotations

import networkx as nx

from ..store import Store
from ._query import DEFAULT_MAX_ROWS, Filters, add_actor, is_true, label_of, label_pattern, local_name, run, text

ACTOR, ACTION = 0, 1  # the ``bipartite`` attribute of each side (networkx's convention)

_ACTION_KINDS = ("Axis", "Objective", "GuidanceItem", "NextStep")


def _query(*, responsible_only: bool, include_plans: bool, filters: Filters) -> str:
    prop = "nap:responsibleActor" if responsible_only else "nap:involvedActor"
    unit = f"{{ ?action nap:partOfPlan ?plan ; {prop} ?actor . }}"
    if include_plans:
        unit += f"\n  UNION {{ ?plan a nap:ActionPlan ; {prop} ?actor . BIND(?plan AS ?action) }}"
    bound = " ".join(f"?{k}" for k in filters.bindings() if k != "plan")
    kinds = ", ".join(f"nap:{k}" for k in _ACTION_KINDS)
    return f"""SELECT DISTINCT ?action ?actionLabel ?actionNotation ?actionKind ?plan ?planCountry
       ?actor ?actorLabel ?actorType ?actorCountry ?responsible {bound}
WHERE {{
  {unit}
  FILTER(isIRI(?actor))
  {"?plan nap:country ?country ." if filters.country is not None else ""}
  {"?action prov:wasDerivedFrom ?source ." if filters.source is not None else ""}
  BIND(EXISTS {{ ?action nap:responsibleActor ?actor }} AS ?responsible)
  OPTIONAL {{ ?action skos:notation ?actionNotation }}
  OPTIONAL {{ ?action a ?actionKind FILTER(?actionKind IN ({kinds})) }}
  OPTIONAL {{ ?plan nap:country/skos:notation ?planCountry }}
  OPTIONAL {{ ?actor nap:actorType ?actorType }}
  OPTIONAL {{ ?actor nap:country/skos:notation ?actorCountry }}
  {label_pattern("action")}{label_pattern("actor")}
}}"""


def _action_type(row: dict) -> str:
    if str(row["action"]) == str(row["plan"]):
        return "plan"
    kind = row.get("actionKind")
    return {"GuidanceItem": "guidance-item", "NextStep": "next-step"}.get(local_name(kind), local_name(kind).lower()) \
        if kind is not None else "action"


def actor_action_graph(store: Store, *, responsible_only: bool = False, include_plans: bool = False,
                       plan=None, country=None, source=None, max_rows: int | None = DEFAULT_MAX_ROWS) -> nx.Graph:
    """The bipartite graph of actors and the actions they take part in.

    Parameters
    ----------
    store : kg.store.Store
        A built store (or any store holding napkg data).
    responsible_only : bool, optional (default False)
        Only ``nap:responsibleActor`` links; else every ``nap:involvedActor``.
    include_plans : bool, optional (default False)
        Also count a plan's own actor list (lead, partners named for the whole
        plan) as one unit of work, as if it were an action of the plan.
    plan, country, source : str or IRI, optional
        Keep the actions of one plan (id or IRI), of the plans of one country
        (``BEL`` or IRI), or derived from one source document (source id or IRI).
    max_rows : int, optional
        Refuse (:class:`~kg.network.exceptions.ProjectionTooLarge`) a query
        answer longer than this.

    Returns
    -------
    networkx.Graph
        Nodes are IRIs (strings). Every node has ``iri``, ``label``, ``kind``
        (``actor``, ``action`` or ``plan``), ``type`` (the actor type, or the
        kind of action), ``country`` (ISO alpha-3 or ``""``) and ``bipartite``
        (0 actors, 1 actions); actions also ``plan`` and ``notation``. Every
        edge has ``role`` (``responsible`` or ``involved``) and ``weight`` 1.

    Raises
    ------
    EmptyProjection
        Nothing matches (an unknown plan, a country without plans...).

    Examples
    --------
    >>> from kg.network.sample import example_store, sample_iri
    >>> B = actor_action_graph(example_store())
    >>> sorted(label for n, label in B.nodes(data="label") if B.nodes[n]["kind"] == "actor")[:2]
    ['International Labour Organization', 'Luxembourg Ministry of Foreign Affairs']
    >>> B.degree(sample_iri("actor", "justice"))  # takes part in three actions
    3
    >>> B.edges[sample_iri("actor", "justice"), sample_iri("action", "p-be2/1")]["role"]
    'involved'
    >>> len(actor_action_graph(example_store(), country="LUX"))  # one actor, one action... and ILO
    4
    """
    filters = Filters.of(plan=plan, country=country, source=source)
    rows = run(store, _query(responsible_only=responsible_only, include_plans=include_plans, filters=filters),
               filters=filters, what="actor–action", max_rows=max_rows)
    B = nx.Graph(projection="actor-action", filters=filters.describe(), responsible_only=responsible_only,
                 include_plans=include_plans)
    for row in rows:
        actor, action = add_actor(B, row, bipartite=ACTOR), str(row["action"])
        if action not in B:
            typ = _action_type(row)
            B.add_node(action, iri=action, label=label_of(row, "action"), kind="plan" if typ == "plan" else "action",
                       type=typ, country=text(row.get("planCountry")), plan=str(row["plan"]),
                       notation=text(row.get("actionNotation")), bipartite=ACTION)
        role = "responsible" if is_true(row.get("responsible")) else "involved"
        if B.has_edge(actor, action) and B.edges[actor, action]["role"] == "responsible":
            continue
        B.add_edge(actor, action, role=role, weight=1)
    return B


def actors(B: nx.Graph) -> list[str]:
    """The actor nodes of a bipartite projection, sorted."""
    return sorted(n for n, k in B.nodes(data="kind") if k == "actor")
