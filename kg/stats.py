"""Counts of a store: per named graph, per class, per plan."""

from __future__ import annotations

from .store import Store

CLASS_COUNTS = """
PREFIX nap: <https://w3id.org/napkg/ontology#>
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/napkg/ontology#") || ?class IN (
    <http://www.w3.org/ns/org#Organization>, <http://xmlns.com/foaf/0.1/Person>, <http://www.w3.org/2004/02/skos/core#Concept>)) }
GROUP BY ?class ORDER BY DESC(?n)
"""

PLAN_COUNTS = """
PREFIX nap: <https://w3id.org/napkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?plan ?label (COUNT(DISTINCT ?a) AS ?actions) (COUNT(DISTINCT ?u) AS ?updates) WHERE {
  ?plan a nap:ActionPlan .
  OPTIONAL { ?plan skos:prefLabel ?label FILTER(LANG(?label) = "en") }
  OPTIONAL { ?a nap:partOfPlan ?plan . OPTIONAL { ?a nap:hasProgressUpdate ?u } }
} GROUP BY ?plan ?label ORDER BY ?plan
"""


def compute(store: Store) -> dict:
    graphs = {str(g): store.count(g) for g in store.graph_names()}
    classes = {str(r["class"]): int(r["n"]) for r in store.query(CLASS_COUNTS).dicts()}
    plans = [{"plan": str(r["plan"]), "label": str(r.get("label", "")), "actions": int(r["actions"]),
              "updates": int(r["updates"])} for r in store.query(PLAN_COUNTS).dicts()]
    return {"triples": sum(graphs.values()), "graphs": graphs, "classes": classes, "plans": plans}
