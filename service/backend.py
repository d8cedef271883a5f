"""The app's link to the ``kg`` library: settings, the query worker pool, the current build.

One :class:`Backend` per app (``app.extensions["napkg"]``), made by
:func:`init_app` from the settings given to ``create_app``. Every read of the
graph goes through :meth:`Backend.call`, which runs a task of
:mod:`kg.query_tasks` in a worker under the request's time limit. Answers
that only change with a new build (counts, the ontology page, the VoID
figures) are memoised per build folder; a new build is picked up by the next
request, without a restart.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from werkzeug.exceptions import BadRequest, NotFound

from kg.builds import current_build, store_root
from kg.errors import NapkgError, StoreError
from kg.query_pool import QueryPool
from kg.settings import Settings
from kg.store import backend as store_class, capabilities


log = logging.getLogger("napkg.service")

REMOTE_CHECK_S = 2.0


class Backend:
    """Settings, worker pool and per-build memo of one app."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.remote = "remote" in capabilities(settings.store_backend)  # the build lives in a server: ask it
        self.pool = QueryPool(workers=settings.query_workers, settings=_worker_settings(settings))
        self._remote_checked: tuple[float, Path | None] = (0.0, None)
        self._dump_threads: dict[str, threading.Thread] = {}
        self._memo: dict[tuple, Any] = {}
        self._lock = threading.Lock()
        self._resolved: tuple[str, Path] | None = None  # (the 'current' link's target as read, the build it names)
        self._link = str(store_root(settings) / "current")

    # ------------------------------------------------------------ the build

    def build(self) -> Path:
        """The folder of the last good build; StoreError (503) before the first.

        A remote store is asked which build it holds at most every ``REMOTE_CHECK_S`` seconds.
        """
        if self.remote:
            checked, build = self._remote_checked
            if build is None or time.monotonic() - checked > REMOTE_CHECK_S:
                build = current_build(self.settings)
                self._remote_checked = (time.monotonic(), build)
        else:
            build = self._local_build()
        if build is None or not (build is self._checked or (build / "manifest.json").exists()):
            where = store_class(self.settings.store_backend).location(store_root(self.settings), self.settings)
            raise StoreError(f"no graph built yet in {where}: run 'napkg build' first")
        return build

    _checked: Path | None = None

    def _local_build(self) -> Path | None:
        """The build the ``current`` link names, resolved once per change of the link (one readlink a request)."""
        try:
            target = os.readlink(self._link)
        except OSError:  # no link yet, or not a link: resolve it the long way
            return current_build(self.settings)
        resolved = self._resolved
        if resolved is not None and resolved[0] == target:
            return resolved[1]
        build = current_build(self.settings)
        if build is not None and (build / "manifest.json").exists():
            self._resolved, self._checked = (target, build), build
        return build

    def manifest(self) -> dict:
        return self._per_build("manifest", lambda b: json.loads((b / "manifest.json").read_text(encoding="utf-8")))

    def dumps(self) -> list[dict]:
        """The dumps of the current build as ``dumps.json`` lists them (empty if it was built without).

        A build read from a remote store that this host did not build has no
        dumps here: they are written from the store in the background, and
        listed once complete (:meth:`dumps_pending` says so meanwhile).
        """
        def read(b: Path) -> list[dict] | None:
            listing = b / "dumps" / "dumps.json"
            return json.loads(listing.read_text(encoding="utf-8")) if listing.exists() else None

        found = self._per_build("dumps", read)
        if found is None:
            build = self.build()
            if self.remote:
                self._write_remote_dumps(build)
            listing = read(build)
            if listing is not None:
                with self._lock:
                    self._memo[(str(build), "dumps")] = listing
            return listing or []
        return found

    def dumps_pending(self) -> bool:
        """True while this host writes the dumps of a remote build."""
        thread = self._dump_threads.get(str(self.build()))
        return thread is not None and thread.is_alive()

    def _write_remote_dumps(self, build: Path) -> None:
        from kg.builds import open_build
        from kg.export import write_dumps

        def run() -> None:
            tmp = build / f"dumps.tmp-{os.getpid()}"
            try:
                with open_build(build, Settings(_worker_settings(self.settings))) as store:
                    write_dumps(store, tmp)
                os.replace(tmp, build / "dumps")
            except (NapkgError, OSError) as e:
                log.error("could not write the dumps of %s from the store: %s", build.name, e)
                shutil.rmtree(tmp, ignore_errors=True)

        with self._lock:
            if str(build) in self._dump_threads:
                return
            thread = threading.Thread(target=run, name="napkg-dumps", daemon=True)
            self._dump_threads[str(build)] = thread
        thread.start()

    def dumps_dir(self) -> Path:
        return self.build() / "dumps"

    def graphs(self) -> dict[str, int]:
        """Named graphs of the current build and their sizes (from its manifest)."""
        return dict(self.manifest().get("graphs", {}))

    def _per_build(self, key: str, compute) -> Any:
        build = self.build()
        memo_key = (str(build), key)
        with self._lock:
            if memo_key in self._memo:
                return self._memo[memo_key]
        value = compute(build)
        with self._lock:
            for k in [k for k in self._memo if k[0] != str(build)]:
                del self._memo[k]
            self._memo[memo_key] = value
        return value

    # ------------------------------------------------------------ queries

    @property
    def napid(self) -> str:
        """Base of minted resource IRIs: ``<BASE>id/`` (``kg.namespaces.NAPID``, fixed: no setting changes it)."""
        from kg.namespaces import NAPID

        return str(NAPID)

    def time_limit_ms(self, requested: str | None = None) -> int:
        """The request's time limit: the setting, or lower if the request asks (never higher)."""
        limit = int(self.settings.query_time_limit_ms)
        if requested is None or requested == "":
            return limit
        try:
            value = int(requested)
        except ValueError:
            raise BadRequest(f"time_limit_ms must be a whole number of milliseconds, not {requested!r}") from None
        if value <= 0:
            raise BadRequest("time_limit_ms must be positive")
        return min(value, limit)

    def call(self, task: str, *, time_limit_ms: int | None = None, **kwargs: Any) -> Any:
        """Run a :mod:`kg.query_tasks` task on the current build, under the time limit."""
        return self.pool.call(task, build=self.build(), time_limit_ms=time_limit_ms or self.time_limit_ms(), **kwargs)

    def cached(self, task: str, **kwargs: Any) -> Any:
        """A task's answer memoised for the current build (for answers that only a rebuild changes)."""
        key = task + json.dumps(kwargs, sort_keys=True)
        return self._per_build(key, lambda _b: self.call(task, **kwargs))

    def start(self) -> None:
        """Check a build exists and start the workers now (the server does this before listening)."""
        self.build()
        self.pool.start()
        if self.remote:
            self.dumps()  # a remote build this host did not make: start writing its dumps

    def close(self) -> None:
        self.pool.close()


def _worker_settings(settings: Settings) -> dict:
    """What query workers need to open the store: everything but the write account."""
    values = settings.as_dict()
    for name in ("sparql_user", "sparql_password", "sparql_password_file", "sparql_update_url", "sparql_graph_store_url"):
        values[name] = ""
    return values


def init_app(app: Flask, settings: Settings) -> Backend:
    backend = Backend(settings)
    app.extensions["napkg"] = backend
    return backend


def backend() -> Backend:
    """The current app's backend."""
    return current_app.extensions["napkg"]


def page_data(kind: str, task: str, ident: str) -> dict:
    """What the page task ``task`` reads for the resource of ``kind`` with id ``ident`` (NotFound if none)."""
    b = backend()
    if not ident or any(c in ident for c in "<>\"' ") or ".." in ident:
        raise NotFound(f"no {kind} with id {ident!r}")
    found = b.call(task, iri=f"{b.napid}{kind}/{ident}")
    if found is None:
        raise NotFound(f"no {kind} with id {ident!r}")
    return found
