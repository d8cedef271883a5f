"""Run queries in worker processes with a deadline that really stops them.

Neither pyoxigraph nor rdflib can cancel a running query, and a thread cannot
be stopped, so every query of the service runs in a worker process holding a
read-only handle on the current build's store. At the deadline the worker at
fault is killed (SIGKILL) and a fresh one takes its place; the CPU it was
burning is freed at once. Workers write their answer completely (to bytes or
plain data) before sending it, so a caller gets a whole answer or an error.

A job names a *task*, a function of :mod:`kg.query_tasks` taking the store
and keyword arguments, and the build folder to read; a worker reopens its
store when the build changes, so a new build is served without a restart.

Workers are forked from a ``forkserver`` that has imported the tasks module
once (starting one takes milliseconds, and forking a multi-threaded web server
is avoided). On Linux each worker also dies with the fork server, so no worker
outlives the service.
"""

from __future__ import annotations

import atexit
import importlib
import logging
import multiprocessing
import queue
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import NapkgError, QueryTimeout, WorkerFailed

log = logging.getLogger("napkg.query_pool")

TASKS_MODULE = "kg.query_tasks"

@dataclass
class _Worker:
    process: Any
    conn: Any


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent (the fork server) exits."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _sendable(e: NapkgError) -> NapkgError:
    """The error itself when it pickles (every :class:`~kg.errors.NapkgError` does), else a WorkerFailed."""
    import pickle

    try:
        pickle.dumps(e)
    except Exception:  # an attribute that cannot cross the pipe
        traceback.print_exc(file=sys.stderr)
        return WorkerFailed(f"{type(e).__name__}: {e}")
    return e


def _worker_main(conn, tasks_module: str, settings: dict | None = None) -> None:
    """The worker loop: receive (task, build, time limit, kwargs), answer (``ok``, result) or (``error``, exception).

    ``settings`` (a plain dict) reach the store opener: a remote store's URL and read account.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    tasks = importlib.import_module(tasks_module)
    current: tuple[str, Any] | None = None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        task, build, time_limit_ms, kwargs = job
        try:
            if current is None or current[0] != build:
                if current is not None:
                    current[1].close()
                current = None
                current = (build, tasks.open_build(Path(build), settings))
            current[1].query_timeout_ms = time_limit_ms  # a store that can stop its own work does so too
            reply = ("ok", tasks.TASKS[task](current[1], **kwargs))
        except NapkgError as e:
            reply = ("error", _sendable(e))
        except Exception as e:  # logged here, reported to the caller without details
            traceback.print_exc(file=sys.stderr)
            reply = ("error", WorkerFailed(f"{type(e).__name__} in task {task!r}"))
        try:
            conn.send(reply)
        except (BrokenPipeError, EOFError, OSError):
            return


class QueryPool:
    """A fixed number of worker processes; :meth:`call` runs one job under a deadline.

    >>> pool = QueryPool(workers=1)
    >>> pool.close()
    """

    def __init__(self, *, workers: int = 2, tasks_module: str = TASKS_MODULE, settings: dict | None = None):
        if workers < 1:
            raise NapkgError(f"the query pool needs at least one worker, not {workers}")
        self.size = workers
        self.tasks_module = tasks_module
        self.settings = settings
        self._ctx = multiprocessing.get_context("forkserver")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[int] = set()
        self._workers: dict[int, _Worker] = {}
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self.replaced = 0
        atexit.register(self.close)

    # -------------------------------------------------------------- lifecycle

    def start(self) -> None:
        """Start the workers now (else the first call does)."""
        with self._lock:
            if self._started or self._closed:
                return
            self._ctx.set_forkserver_preload([self.tasks_module])
            for _ in range(self.size):
                self._idle.put(self._spawn())
            self._started = True

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        p = self._ctx.Process(target=_worker_main, args=(child, self.tasks_module, self.settings), daemon=True, name="napkg-query-worker")
        p.start()
        child.close()
        w = _Worker(p, parent)
        self._workers[p.pid] = w
        return w

    def _retire(self, w: _Worker) -> None:
        """Kill a worker (it overran or broke) and start its replacement."""
        try:
            w.process.kill()
        except (OSError, ValueError):
            pass
        w.process.join(timeout=10)
        w.conn.close()
        self._workers.pop(w.process.pid, None)
        with self._lock:
            if self._closed:
                return
            try:
                fresh = self._spawn()
            except OSError as e:  # cannot fork now: the pool shrinks, and the next call says why
                log.error("cannot start a query worker: %s", e)
                return
            self.replaced += 1
        self._idle.put(fresh)

    def worker_pids(self) -> list[int]:
        """Process ids of the live workers (for tests and monitoring)."""
        return [pid for pid, w in list(self._workers.items()) if w.process.is_alive()]

    def close(self) -> None:
        """Stop every worker. Safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        for w in list(self._workers.values()):
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
        for w in list(self._workers.values()):
            w.process.join(timeout=1)
            if w.process.is_alive():
                w.process.kill()
                w.process.join(timeout=5)
            w.conn.close()
        self._workers.clear()

    # -------------------------------------------------------------- jobs

    def call(self, task: str, *, build: Path, time_limit_ms: int, **kwargs: Any) -> Any:
        """Run ``task(store, **kwargs)`` on the store of ``build`` within ``time_limit_ms``.

        The limit covers waiting for a free worker, the work and writing the
        answer. Raises :class:`~kg.errors.QueryTimeout` past the limit (the
        worker is killed and replaced), the worker's own errors
        (any :class:`~kg.errors.NapkgError`, raised here as it was raised there),
        or :class:`~kg.errors.WorkerFailed`.
        """
        if self._closed:
            raise WorkerFailed("the query pool is closed")
        self.start()
        limit_s = time_limit_ms / 1000
        deadline = time.monotonic() + limit_s
        try:
            w = self._idle.get(timeout=max(limit_s, 0.001))
        except queue.Empty:
            raise QueryTimeout(f"all {self.size} query workers stayed busy for the whole time limit "
                               f"({time_limit_ms} ms); try again later") from None
        healthy = False
        try:
            w.conn.send((task, str(build), time_limit_ms, kwargs))
            if not w.conn.poll(max(deadline - time.monotonic(), 0)):
                raise QueryTimeout(f"the query ran past its time limit of {time_limit_ms} ms and was stopped")
            reply = w.conn.recv()
            healthy = True
        except (EOFError, BrokenPipeError, ConnectionResetError) as e:
            raise WorkerFailed(f"the query worker stopped unexpectedly ({type(e).__name__})") from None
        finally:
            if healthy:
                self._idle.put(w)
            else:
                self._retire(w)
        if reply[0] == "ok":
            return reply[1]
        raise reply[1]
