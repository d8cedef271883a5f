"""napkg: a knowledge graph of national action plans on business and human rights.

The library: ``kg.build.build`` turns the curated records into a validated,
reasoned store; ``open_current`` opens the last good build; ``query`` and
``export`` read it. The CLI and the service are thin layers over these.

The names below are imported when first used, so that ``import kg.cli`` (and
``napkg --help``, ``napkg query``) does not load rdflib, pySHACL or networkx.
"""

from .errors import NapkgError
from .settings import Settings

_LAZY = {"build": "build", "prepare": "build", "open_current": "build", "BuildReport": "build"}

__all__ = ["build", "prepare", "open_current", "BuildReport", "Settings", "NapkgError"]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
