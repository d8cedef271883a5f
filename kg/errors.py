"""The exceptions napkg raises: one base class, one subclass per kind of failure.

Every message names what a user can act on: the file, record and field of bad
data, the query that failed, the store that could not be opened.

Each class carries how it is reported, read by the one handler of the service
(:mod:`service.errors`) and the one of the CLI (:mod:`kg.cli.errors`):
``status`` (HTTP), ``title`` (the envelope's title) and ``exit_code``. A
subclass states only what differs. Every error pickles whole (its class and
attributes), so a query worker (:mod:`kg.query_pool`) sends the exception
itself back through its pipe.

>>> import pickle
>>> e = pickle.loads(pickle.dumps(DataError("a.yaml", "actions[1]", "responsible", "unknown actor id 'x'")))
>>> type(e).__name__, e.field, e.status, e.exit_code
('DataError', 'responsible', 400, 1)
>>> QueryTimeout("too slow").status, StoreError("gone").status, WorkerFailed("broke").status
(503, 503, 500)
"""

from __future__ import annotations


def _restore(cls, args, state):
    """Rebuild an error from its class, ``args`` and attributes (whatever its ``__init__`` takes)."""
    e = cls.__new__(cls, *args)
    e.args = args
    e.__dict__.update(state)
    return e


class NapkgError(Exception):
    """Base class of every error napkg reports to a user."""

    status = 500
    title = "Internal error"
    exit_code = 2

    def __reduce__(self):
        return _restore, (type(self), self.args, self.__dict__)


class DataError(NapkgError):
    """A curated record (or uploaded RDF) breaks the data schema or refers to something unknown.

    >>> str(DataError("data/lu-pan2.yaml", "actions[3] (1.4)", "responsible", "unknown actor id 'x'"))
    "data/lu-pan2.yaml: actions[3] (1.4): field 'responsible': unknown actor id 'x'"
    """

    status, title, exit_code = 400, "Bad data", 1

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

    status, title, exit_code = 400, "Bad data", 1

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class ValidationFailed(NapkgError):
    """The built graph breaks one or more SHACL shapes (violations)."""

    status, title, exit_code = 400, "Shapes violated", 1

    def __init__(self, report_text: str, results: list[dict] | None = None):
        self.report_text = report_text
        self.results = results or []
        super().__init__(report_text)


class UnsafeInput(NapkgError):
    """Input that would make napkg read a local file or fetch a URL."""

    status, title = 400, "Refused"


class QueryError(NapkgError):
    """A SPARQL query that cannot be parsed or evaluated."""

    status, title = 400, "Bad query"


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped, or every worker stayed busy for the whole limit."""

    status, title = 503, "Query time limit reached"


class StoreError(NapkgError):
    """A store that cannot be opened, written or found."""

    status, title = 503, "No graph available"


class WorkerFailed(NapkgError):
    """A job failed inside its query worker for a reason that is not the query's fault (logged by the worker)."""
