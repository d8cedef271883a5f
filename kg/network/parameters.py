"""The user-facing parameters of network analysis: one table row each, and their parsing from strings.

The table itself (:data:`kg.network.analysis.PARAMETERS`) lives with the
projections and measures it names; this module says what a parameter is and
turns a command line's or a query string's strings into typed values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .exceptions import InvalidParameter


@dataclass(frozen=True)
class Parameter:
    """One user-facing parameter: ``type`` is ``str``, ``bool``, ``int`` or ``choice``."""

    name: str
    type: str
    default: Any
    help: str
    choices: tuple[str, ...] = ()


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def parse(raw: Mapping[str, Any], table: Mapping[str, Parameter], *, allowed: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Typed values of ``table``'s parameters from strings (or values already typed); unknown names and bad values
    raise :class:`~kg.network.exceptions.InvalidParameter`.

    >>> parse({"n": "3"}, {"n": Parameter("n", "int", None, "how many")})
    {'n': 3}
    """
    out: dict[str, Any] = {}
    names = allowed if allowed is not None else tuple(table)
    for name, value in raw.items():
        if name not in table or name not in names:
            raise InvalidParameter(name, "unknown parameter", choices=list(names))
        if value is None or value == "":
            continue
        p = table[name]
        if p.type == "bool":
            if isinstance(value, bool):
                out[name] = value
            elif str(value).lower() in _TRUE + _FALSE:
                out[name] = str(value).lower() in _TRUE
            else:
                raise InvalidParameter(name, f"must be true or false, not {value!r}")
        elif p.type == "int":
            try:
                n = int(value)
            except (TypeError, ValueError):
                n = None
            least = 0 if name == "seed" else 1
            if n is None or n < least or isinstance(value, bool):
                raise InvalidParameter(name, f"must be a whole number of at least {least}, not {value!r}")
            out[name] = n
        elif p.type == "choice":
            if str(value) not in p.choices:
                raise InvalidParameter(name, f"unknown value {value!r}", choices=list(p.choices))
            out[name] = str(value)
        else:
            out[name] = str(value)
    return out


__all__ = ["Parameter", "parse"]
