"""One settings table for the library, the CLI and the service.

Each setting has a name (units in the name), a default and a help text. Values
come, in order of precedence, from an explicit mapping, then from environment
variables ``NAPKG_<NAME>`` (upper case), then from the default.

>>> s = Settings.from_env({"NAPKG_MAX_RESULT_ROWS": "10"})
>>> s.max_result_rows
10
>>> s.query_time_limit_ms
10000
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .errors import NapkgError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    secret: bool = False


ROOT = Path(__file__).resolve().parent.parent

SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "data", "Folder of curated YAML records (one file per source, actors.yaml, instruments.yaml)."),
    Setting("store_dir", "var/store", "Folder holding the built stores; 'current' points at the last good build."),
    Setting("cache_dir", "var/cache", "Folder of per-source build results (validated and reasoned graphs), keyed by content hash."),
    Setting("store_backend", "oxigraph", "Store backend: 'oxigraph' (on disk), 'memory' (rdflib, for tests) or 'sparql' (a remote store over the SPARQL 1.1 protocols, e.g. Virtuoso)."),
    Setting("build_workers", 2, "Worker processes that ingest, validate and reason changed units in a build (groups of sources in parallel)."),
    Setting("validator", "pyshacl", "SHACL engine of the build: 'pyshacl' (the reference) or 'pyrudof' (Rust, faster; a test holds the two equal on napkg's shapes)."),
    Setting("reasoner", "reasonable", "Reasoning engine: 'reasonable' (Rust, fast) or 'owlrl' (the reference)."),
    Setting("query_time_limit_ms", 10000, "Time limit of every query, in milliseconds; a request may lower it, never raise it."),
    Setting("max_result_rows", 10000, "Largest number of rows a query returns; a result cut there says so."),
    Setting("max_request_body_bytes", 1_000_000, "Largest request body the service accepts, in bytes."),
    Setting("sparql_query_url", "", "sparql backend: the store's SPARQL 1.1 query endpoint (read with the read account, never with the write one)."),
    Setting("sparql_update_url", "", "sparql backend: the store's SPARQL 1.1 Update endpoint (used by builds, with sparql_user)."),
    Setting("sparql_graph_store_url", "", "sparql backend: the store's Graph Store HTTP Protocol endpoint, for loading graphs in chunks; empty: INSERT DATA over sparql_update_url."),
    Setting("sparql_user", "", "sparql backend: the account that writes (HTTP Digest or Basic, as the store asks)."),
    Setting("sparql_password", "", "sparql backend: sparql_user's password; from the environment (NAPKG_SPARQL_PASSWORD) or sparql_password_file only, never a command-line argument.", secret=True),
    Setting("sparql_password_file", "", "sparql backend: a file holding sparql_user's password (first line)."),
    Setting("sparql_read_user", "", "sparql backend: the read-only account that answers queries; empty: anonymous."),
    Setting("sparql_read_password", "", "sparql backend: sparql_read_user's password (environment or sparql_read_password_file only).", secret=True),
    Setting("sparql_read_password_file", "", "sparql backend: a file holding sparql_read_user's password (first line)."),
    Setting("sparql_timeout_s", 300, "sparql backend: seconds to wait for the store on a write or a build step before giving up."),
    Setting("sparql_chunk_triples", 50000, "sparql backend: triples per request when a build loads a graph."),
    Setting("sparql_timeout_parameter", "timeout", "sparql backend: name of the store's own query time-limit parameter in milliseconds (Virtuoso: timeout); empty: send none."),
    Setting("query_workers", 2, "Worker processes that evaluate SPARQL queries in the service (killed and replaced at the deadline)."),
)

BY_NAME = {s.name: s for s in SETTINGS}

# Settings that went, and why: given one (or its NAPKG_ variable), Settings says this instead of ignoring it.
REMOVED = {
    "base_iri": "every IRI napkg mints is under the fixed, persistent base https://w3id.org/napkg/ "
                "(kg.namespaces.BASE, part of the vocabulary's contract), and the service answers for those IRIs "
                "at its own host (/id/..., /graph/...), whatever the host; another base broke every /id/ lookup",
}


class Settings:
    """Resolved settings: attribute access, typed like the defaults."""

    def __init__(self, values: Mapping[str, Any] | None = None):
        values = dict(values or {})
        for name in sorted(set(values) & set(REMOVED)):
            raise NapkgError(f"setting {name} was removed: {REMOVED[name]}; leave it out")
        unknown = set(values) - set(BY_NAME)
        if unknown:
            raise NapkgError(f"unknown setting(s): {', '.join(sorted(unknown))}; known: {', '.join(BY_NAME)}")
        self._values = {}
        for s in SETTINGS:
            v = values.get(s.name, s.default)
            self._values[s.name] = _coerce(s, v)
        for name in ("sparql_password", "sparql_read_password"):
            if not self._values[name] and self._values[name + "_file"]:
                self._values[name] = _read_secret(name + "_file", self._values[name + "_file"])

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        """Settings from ``NAPKG_*`` environment variables, then ``overrides`` (not None)."""
        environ = os.environ if environ is None else environ
        for name in REMOVED:
            if "NAPKG_" + name.upper() in environ:
                raise NapkgError(f"environment variable NAPKG_{name.upper()} is set, but setting {name} was removed: "
                                 f"{REMOVED[name]}; unset NAPKG_{name.upper()}")
        values: dict[str, Any] = {}
        for s in SETTINGS:
            key = "NAPKG_" + s.name.upper()
            if key in environ:
                values[s.name] = environ[key]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def replace(self, **changes: Any) -> "Settings":
        return Settings({**self._values, **changes})

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def __repr__(self) -> str:
        shown = {k: ("***" if BY_NAME[k].secret and v else v) for k, v in self._values.items()}
        return f"Settings({shown!r})"

    def path(self, name: str) -> Path:
        """A path setting, resolved against the current directory."""
        return Path(self._values[name]).expanduser().resolve()


def _read_secret(setting: str, path: str) -> str:
    try:
        lines = Path(path).expanduser().read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise NapkgError(f"setting {setting}: cannot read {path}: {e.strerror}") from None
    return lines[0].strip() if lines else ""


def _coerce(setting: Setting, value: Any) -> Any:
    if isinstance(setting.default, bool):
        return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
    if isinstance(setting.default, int):
        try:
            return int(value)
        except (TypeError, ValueError):
            raise NapkgError(f"setting {setting.name} must be a whole number, got {value!r}") from None
    return str(value)
