"""The errors of network analysis: one base class, one subclass per kind of failure.

Each is a :class:`kg.errors.NapkgError`, so the CLI turns it into a message
and an exit code (2) and the service into a JSON error (400), never a
traceback.

>>> from kg.errors import NapkgError
>>> issubclass(EmptyProjection, NetworkError) and issubclass(NetworkError, NapkgError)
True
"""

from __future__ import annotations

from ..errors import NapkgError


class NetworkError(NapkgError):
    """Base class of the errors of :mod:`kg.network`: the request's fault, so a 400."""

    status, title = 400, "Bad request"


class InvalidParameter(NetworkError):
    """A projection, measure, filter or option that does not exist or has a bad value.

    ``name`` is the parameter at fault, ``choices`` the accepted values when
    there is a closed list.
    """

    def __init__(self, name: str, message: str, *, choices: list[str] | None = None):
        self.name = name
        self.choices = list(choices or [])
        text = f"{name}: {message}"
        if self.choices:
            text += f" (choose from: {', '.join(self.choices)})"
        super().__init__(text)


class EmptyProjection(NetworkError):
    """A projection with no nodes: an empty graph, or filters that match nothing."""


class EmptyGraph(NetworkError):
    """A measure asked of a graph it cannot be computed for (the null graph, no edges)."""


class MeasureFailed(NetworkError):
    """A measure that did not converge or cannot be computed on this graph."""


class ProjectionTooLarge(NetworkError):
    """The projection's query returned more rows than the row cap allows."""


__all__ = ["NetworkError", "InvalidParameter", "EmptyProjection", "EmptyGraph", "MeasureFailed", "ProjectionTooLarge"]
