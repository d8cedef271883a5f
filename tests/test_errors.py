"""One error mapping: each napkg error carries its HTTP status and exit code, and crosses a worker's pipe whole."""

from __future__ import annotations

import pickle

import pytest

from kg import errors
from kg.errors import DataError, NapkgError, QueryError, WorkerFailed
from kg.network import exceptions as network_errors
from kg.network.exceptions import InvalidParameter
from kg.query_pool import QueryPool
from kg.sparql_exec import NoAcceptableFormat


def _all_errors():
    seen, todo = set(), [NapkgError]
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.add(cls)
            todo.extend(cls.__subclasses__())
    return sorted(seen, key=lambda c: c.__qualname__)


def test_every_error_class_says_its_status_title_and_exit_code():
    assert errors.__name__ and network_errors.__name__  # every module of errors imported
    expected = {"QueryError": (400, 2), "UnsafeInput": (400, 2), "QueryTimeout": (503, 2), "StoreError": (503, 2),
                "DataError": (400, 1), "DataErrors": (400, 1), "ValidationFailed": (400, 1),
                "NoAcceptableFormat": (406, 2), "NetworkError": (400, 2), "EmptyProjection": (400, 2),
                "WorkerFailed": (500, 2), "NapkgError": (500, 2)}
    found = {c.__name__: (c.status, c.exit_code) for c in _all_errors() if c.__name__ in expected}
    assert found == expected
    assert NoAcceptableFormat.title == "Not acceptable" and QueryError.title == "Bad query"


@pytest.mark.parametrize("error", [
    DataError("data/lu.yaml", "actions[3] (1.4)", "responsible", "unknown actor id 'x'"),
    errors.DataErrors([DataError("a.yaml", None, "id", "missing")]),
    errors.ValidationFailed("2 violations", [{"focus": "x"}]),
    InvalidParameter("measure", "unknown measure 'fame'", choices=["degree"]),
    NoAcceptableFormat("no format"),
    errors.QueryTimeout("too slow"),
], ids=lambda e: type(e).__name__)
def test_every_error_pickles_whole(error):
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert str(back) == str(error) and back.args == error.args
    assert repr(vars(back)) == repr(vars(error))  # nested errors compare by what they say


@pytest.fixture(scope="module")
def pool():
    p = QueryPool(workers=1, tasks_module="pool_tasks")
    yield p
    p.close()


def test_the_worker_pipe_passes_the_exception_itself(pool, tmp_path):
    with pytest.raises(DataError) as caught:
        pool.call("data_error", build=tmp_path, time_limit_ms=20_000)
    assert (caught.value.file, caught.value.field) == ("a.yaml", "responsible")
    with pytest.raises(InvalidParameter) as caught:
        pool.call("bad_parameter", build=tmp_path, time_limit_ms=20_000)
    assert caught.value.name == "measure" and caught.value.choices == ["degree", "pagerank"]
    assert caught.value.status == 400


def test_what_cannot_cross_the_pipe_is_a_worker_failure(pool, tmp_path):
    with pytest.raises(WorkerFailed, match="cannot cross"):
        pool.call("unpicklable", build=tmp_path, time_limit_ms=20_000)
    with pytest.raises(WorkerFailed, match="ZeroDivisionError in task 'crash'"):
        pool.call("crash", build=tmp_path, time_limit_ms=20_000)
