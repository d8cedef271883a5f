"""A tasks module for :class:`kg.query_pool.QueryPool` in tests: each task raises one kind of error.

Not a test module (no ``test_`` prefix); :mod:`tests.test_errors` names it as the pool's ``tasks_module``.
"""

from __future__ import annotations

from kg.errors import DataError, QueryTimeout
from kg.network.exceptions import InvalidParameter


class _NoStore:
    def close(self):
        pass


def open_build(build, settings=None):
    return _NoStore()


class _Unpicklable(QueryTimeout):
    def __init__(self, message):
        super().__init__(message)
        self.handle = lambda: None  # a lambda does not pickle


def data_error(store):
    raise DataError("a.yaml", "actions[2]", "responsible", "unknown actor id 'x'")


def bad_parameter(store):
    raise InvalidParameter("measure", "unknown measure 'fame'", choices=["degree", "pagerank"])


def unpicklable(store):
    raise _Unpicklable("cannot cross")


def crash(store):
    return 1 / 0


TASKS = {f.__name__: f for f in (data_error, bad_parameter, unpicklable, crash)}
