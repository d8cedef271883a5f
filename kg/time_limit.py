"""Run one piece of work in a child process and kill it at its time limit (for ``napkg query``).

Neither pyoxigraph nor rdflib can cancel a running query, so the work runs in
a forked child that opens the store itself; past the limit the child is
killed (SIGKILL) and :class:`~kg.errors.QueryTimeout` raised. The child sends
back its value, or its :class:`~kg.errors.NapkgError` itself (they pickle,
:mod:`kg.errors`). The service's long-lived workers are :mod:`kg.query_pool`.

>>> call_with_time_limit(lambda: 6 * 7, 5000)
42
>>> import time
>>> call_with_time_limit(lambda: time.sleep(5), 100)
Traceback (most recent call last):
...
kg.errors.QueryTimeout: the query ran past its time limit of 100 ms and was stopped (query_time_limit_ms)
"""

from __future__ import annotations

import multiprocessing
import sys
import traceback
from typing import Any, Callable

from .errors import NapkgError, QueryTimeout, WorkerFailed


def _child(conn, work: Callable[[], Any]) -> None:
    try:
        reply = ("ok", work())
    except NapkgError as e:
        reply = ("error", e)
    except BaseException as e:  # the child's own traceback on stderr; the parent says it failed
        traceback.print_exc(file=sys.stderr)
        reply = ("error", WorkerFailed(f"{type(e).__name__}: {e}"))
    try:
        conn.send(reply)
    except Exception as e:  # an answer that does not pickle
        conn.send(("error", WorkerFailed(f"cannot send the answer back: {type(e).__name__}: {e}")))
    conn.close()


def call_with_time_limit(work: Callable[[], Any], time_limit_ms: int) -> Any:
    """``work()`` in a forked child; its value, or its error, or QueryTimeout past ``time_limit_ms``."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(child, work), daemon=True, name="napkg-query")
    p.start()
    child.close()
    try:
        if not parent.poll(time_limit_ms / 1000):
            raise QueryTimeout(f"the query ran past its time limit of {time_limit_ms} ms and was stopped "
                               "(query_time_limit_ms)")
        try:
            kind, value = parent.recv()
        except EOFError:
            raise WorkerFailed(f"the query process stopped unexpectedly (exit code {p.exitcode})") from None
    finally:
        if p.is_alive():
            p.kill()
        p.join(timeout=10)
        parent.close()
    if kind == "error":
        raise value
    return value


__all__ = ["call_with_time_limit"]
