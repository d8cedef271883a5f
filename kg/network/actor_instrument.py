"""The actor–instrument bipartite graph: which instruments the actions of each actor apply or cite.

An actor is linked to an instrument when an action it takes part in refers
to the instrument (``nap:refersToInstrument``, which includes
``nap:implementsPrinciple``), or when a progress update it reported or is
named in does. Parts of an instrument (a UNGP principle, an OECD chapter)
count for the whole instrument (``dcterms:isPartOf``, up to three levels:
principle, pillar, UNGP) unless ``whole_instruments`` is False.
"""

from __future__ import annotations

import networkx as nx

from ..store import Store
from ._query import DEFAULT_MAX_ROWS, Filters, add_actor, label_of, label_pattern, roll_up, run, text

ACTOR, INSTRUMENT = 0, 1


def _query(*, responsible_only: bool, whole_instruments: bool, filters: Filters) -> str:
    if responsible_only:
        units = "?action nap:partOfPlan ?plan ; nap:responsibleActor ?actor ; nap:refersToInstrument ?cited ."
    else:
        units = ("{ ?action nap:partOfPlan ?plan ; nap:involvedActor ?actor ; nap:refersToInstrument ?cited . }\n"
                 "  UNION { ?action nap:partOfPlan ?plan ; nap:hasProgressUpdate ?update .\n"
                 "          ?update nap:involvedActor ?actor ; nap:refersToInstrument ?cited . }")
    if whole_instruments:
        whole = roll_up("cited", "instrument", "dcterms:isPartOf")
    else:
        whole = "BIND(?cited AS ?instrument)"
    bound = " ".join(f"?{k}" for k in filters.bindings() if k != "plan")
    return f"""SELECT DISTINCT ?actor ?actorLabel ?actorType ?actorCountry
       ?instrument ?instrumentLabel ?instrumentNotation ?instrumentCountry ?action ?plan {bound}
WHERE {{
  {units}
  {"?plan nap:country ?country ." if filters.country is not None else ""}
  {"?action prov:wasDerivedFrom ?source ." if filters.source is not None else ""}
  {whole}
  FILTER(isIRI(?actor) && isIRI(?instrument))
  OPTIONAL {{ ?actor nap:actorType ?actorType }}
  OPTIONAL {{ ?actor nap:country/skos:notation ?actorCountry }}
  OPTIONAL {{ ?instrument skos:notation ?instrumentNotation }}
  OPTIONAL {{ ?instrument nap:country/skos:notation ?instrumentCountry }}
  {label_pattern("actor")}{label_pattern("instrument")}
}}"""


def actor_instrument_graph(store: Store, *, responsible_only: bool = False, whole_instruments: bool = True,
                           plan=None, country=None, source=None,
                           max_rows: int | None = DEFAULT_MAX_ROWS) -> nx.Graph:
    """The bipartite graph of actors and the instruments their actions refer to.

    Parameters
    ----------
    store : kg.store.Store
        A built store.
    responsible_only : bool, optional (default False)
        Only the actors responsible for the actions (progress updates are then left out).
    whole_instruments : bool, optional (default True)
        Count a cited part (UNGP principle 26) for its whole instrument (the UNGP).
    plan, country, source : str or IRI, optional
        Only the actions of one plan, of the plans of one country, or from one source.
    max_rows : int, optional
        Row cap of the query.

    Returns
    -------
    networkx.Graph
        Nodes (IRI strings) with ``iri``, ``label``, ``kind`` (``actor`` or
        ``instrument``), ``type`` (actor type, or ``instrument``), ``country``
        and ``bipartite`` (0 actors, 1 instruments); instruments also
        ``notation``. Each edge has ``weight`` (number of actions linking
        them), ``actions`` (their IRIs: the evidence) and ``plans``.

    Examples
    --------
    >>> from kg.network.sample import example_store, sample_iri
    >>> B = actor_instrument_graph(example_store())
    >>> ilo, p029 = sample_iri("actor", "ilo"), sample_iri("instrument", "ilo-p029")
    >>> B.edges[ilo, p029]["weight"]  # ILO takes part in two actions citing P029
    2
    >>> sorted(B.nodes[n]["label"] for n in B[sample_iri("actor", "justice")])
    ['Protocol of 2014 to the Forced Labour Convention, 1930', 'UN Guiding Principles on Business and Human Rights']

    Without rolling parts up, the principle itself is the node:

    >>> parts = actor_instrument_graph(example_store(), whole_instruments=False)
    >>> sorted(parts.nodes[n]["label"] for n in parts[sample_iri("actor", "justice")])[-1]
    'UNGP principle 26'
    """
    filters = Filters.of(plan=plan, country=country, source=source)
    rows = run(store, _query(responsible_only=responsible_only, whole_instruments=whole_instruments, filters=filters),
               filters=filters, what="actor–instrument", max_rows=max_rows)
    B = nx.Graph(projection="actor-instrument", filters=filters.describe(), responsible_only=responsible_only,
                 whole_instruments=whole_instruments)
    evidence: dict[tuple[str, str], set[str]] = {}
    plans: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        actor, instrument = add_actor(B, row, bipartite=ACTOR), str(row["instrument"])
        if instrument not in B:
            B.add_node(instrument, iri=instrument, label=label_of(row, "instrument"), kind="instrument",
                       type="instrument", country=text(row.get("instrumentCountry")),
                       notation=text(row.get("instrumentNotation")), bipartite=INSTRUMENT)
        evidence.setdefault((actor, instrument), set()).add(str(row["action"]))
        plans.setdefault((actor, instrument), set()).add(str(row["plan"]))
    for (actor, instrument), actions in evidence.items():
        B.add_edge(actor, instrument, weight=len(actions), actions=sorted(actions),
                   plans=sorted(plans[actor, instrument]))
    return B
