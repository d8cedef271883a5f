"""The page readers as query-worker tasks (:mod:`kg.query_tasks` adds them to its table)."""

from __future__ import annotations

from rdflib import URIRef

from ..store import Store
from .body import body_page
from .plan import plan_page
from .topic import topic_page


def page_plan(store: Store, *, iri: str) -> dict | None:
    return plan_page(store, URIRef(iri))


def page_body(store: Store, *, iri: str) -> dict | None:
    return body_page(store, URIRef(iri))


def page_topic(store: Store, *, iri: str) -> dict | None:
    return topic_page(store, URIRef(iri))


TASKS = {f.__name__: f for f in (page_plan, page_body, page_topic)}
