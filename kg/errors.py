"""The exceptions napkg raises: one base class, one subclass per kind of failure.

Every message names what a user can act on: the file, record and field of bad
data, the query that failed, the store that could not be opened.
"""

from __future__ import annotations


class NapkgError(Exception):
    """Base class of every error napkg reports to a user."""

    exit_code = 2


class DataError(NapkgError):
    """A curated record breaks the data schema or refers to something unknown.

    >>> str(DataError("data/lu-pan2.yaml", "actions[3] (1.4)", "responsible", "unknown actor id 'x'"))
    "data/lu-pan2.yaml: actions[3] (1.4): field 'responsible': unknown actor id 'x'"
    """

    exit_code = 1

    def __init__(self, file: str, record: str | None, field: str | None, message: str):
        self.file, self.record, self.field, self.message = file, record, field, message
        super().__init__(self.__str__())

    def __str__(self) -> str:
        parts = [self.file]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"field '{self.field}'")
        parts.append(self.message)
        return ": ".join(parts)


class DataErrors(NapkgError):
    """Several data errors, reported together so a curator fixes them in one pass."""

    exit_code = 1

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class ValidationFailed(NapkgError):
    """The built graph breaks one or more SHACL shapes (violations)."""

    exit_code = 1

    def __init__(self, report_text: str, results: list[dict] | None = None):
        self.report_text = report_text
        self.results = results or []
        super().__init__(report_text)


class UnsafeInput(NapkgError):
    """Input that would make napkg read a local file or fetch a URL."""

    exit_code = 2


class QueryError(NapkgError):
    """A SPARQL query that cannot be parsed or evaluated."""

    exit_code = 2


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped."""


class StoreError(NapkgError):
    """A store that cannot be opened, written or found."""

    exit_code = 2
