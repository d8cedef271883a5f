"""Stores behind one interface, backends registered by name.

>>> sorted(backends())
['memory', 'oxigraph', 'sparql']
>>> s = open_store("memory")
>>> s.count()
0
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from ..errors import StoreError
from .base import QueryResult, Store

_REGISTRY: dict[str, str | Callable[..., Store]] = {
    "oxigraph": "kg.store.oxigraph:OxigraphStore",
    "memory": "kg.store.memory:MemoryStore",
    "sparql": "kg.store.sparql:SparqlStore",
}


def register(name: str, factory: str | Callable[..., Store]) -> None:
    """Register a backend: a class, or ``"module:Class"`` imported when first used."""
    _REGISTRY[name] = factory


def backends() -> list[str]:
    return list(_REGISTRY)


def backend(name: str) -> Callable[..., Store]:
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise StoreError(f"unknown store backend {name!r}; known: {', '.join(_REGISTRY)}") from None
    if isinstance(factory, str):
        module, _, cls = factory.partition(":")
        factory = getattr(importlib.import_module(module), cls)
        _REGISTRY[name] = factory
    return factory


def capabilities(name: str) -> frozenset[str]:
    """What backend ``name`` can do (:data:`kg.store.base.CAPABILITIES`), without opening a store.

    >>> "remote" in capabilities("sparql"), "remote" in capabilities("oxigraph")
    (True, False)
    """
    return backend(name).capabilities


def open_store(name: str, path: Path | None = None, *, read_only: bool = False, settings=None) -> Store:
    """Open (or create) a store of backend ``name`` at ``path`` (``None``: in memory).

    ``settings`` (:class:`kg.settings.Settings`) configure backends that need
    more than a folder: the ``sparql`` backend's URLs and accounts.
    """
    return backend(name)(path, read_only=read_only, settings=settings)


__all__ = ["Store", "QueryResult", "register", "backends", "backend", "capabilities", "open_store"]
