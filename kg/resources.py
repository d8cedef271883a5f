"""Where napkg's own files are: the ontology, the shapes and the shipped queries.

In a source checkout (or an editable install) they are the folders
``ontology/``, ``shapes/`` and ``queries/`` at the top of the tree; a
non-editable install (``pip install .``) puts them inside the package
(``kg/ontology/`` ... in site-packages, ``pyproject.toml``), read through
:mod:`importlib.resources`. Code that reads them asks :func:`resource_dir`
rather than joining paths to the source tree.

>>> (resource_dir("ontology") / "napkg.ttl").is_file()
True
>>> resource_dir("data")
Traceback (most recent call last):
...
ValueError: napkg ships ontology, queries, shapes, not 'data'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SHIPPED = ("ontology", "queries", "shapes")
_SOURCE_TREE = Path(__file__).resolve().parent.parent


def resource_dir(name: str) -> Path:
    """The folder of shipped files ``name`` (``ontology``, ``shapes`` or ``queries``)."""
    if name not in SHIPPED:
        raise ValueError(f"napkg ships {', '.join(SHIPPED)}, not {name!r}")
    installed = Path(str(resources.files("kg"))) / name
    if installed.is_dir():
        return installed
    return _SOURCE_TREE / name


__all__ = ["resource_dir", "SHIPPED"]
