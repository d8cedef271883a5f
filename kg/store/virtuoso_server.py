"""A throwaway Virtuoso Open Source server, for tests, benchmarks and trying the ``sparql`` backend.

It runs Debian's ``virtuoso-t`` (package ``virtuoso-opensource-7-bin``) with
its own ini and database in a folder of yours, bound to 127.0.0.1 on free
ports, and replaces the default ``dba`` password before anything else can use
it. Stop it with :meth:`VirtuosoServer.stop` (shutdown over SQL, then its
process id) or use it as a context manager.

>>> available() is None or available().endswith("virtuoso-t")
True

Usage (needs ``virtuoso-t``)::

    with VirtuosoServer(tmp_path, dba_password="s3cret") as v:
        v.query_url        # http://127.0.0.1:<port>/sparql (anonymous, read-only)
        v.update_url       # .../sparql-auth (HTTP Digest, dba)
        v.graph_store_url  # .../sparql-graph-crud-auth
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from ..errors import StoreError

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 20
CheckpointInterval = 60
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = ., {dirs}
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {www}
MaxClientConnections = 20
ServerThreads = 20
EnabledDavVSP = 0
HTTPProxyEnabled = 0

[SPARQL]
ResultSetMaxRows = {result_rows}
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
DefaultGraph =
"""


def available() -> str | None:
    """Path of ``virtuoso-t``, or None when it is not installed (``NAPKG_VIRTUOSO_T`` overrides)."""
    return os.environ.get("NAPKG_VIRTUOSO_T") or shutil.which("virtuoso-t")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VirtuosoServer:
    """One Virtuoso process with its database under ``folder``.

    ``memory_mb`` sizes its page buffers (Virtuoso's guide: about 2/3 of the
    memory it may use); ``bulk_dir`` is a folder the bulk loader may read;
    ``result_rows`` is Virtuoso's own cap on the rows of an answer (``ResultSetMaxRows``).
    """

    def __init__(self, folder: Path, *, dba_password: str, memory_mb: int = 512, bulk_dir: Path | None = None,
                 result_rows: int = 1_000_000):
        self.folder = Path(folder)
        self.dba_password = dba_password
        self.http_port = free_port()
        self.sql_port = free_port()
        self.buffers = max(memory_mb * 1024 // 8 * 2 // 3, 2000)
        self.bulk_dir = Path(bulk_dir) if bulk_dir else self.folder / "bulk"
        self.result_rows = result_rows
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        return self.base + "/sparql"

    @property
    def update_url(self) -> str:
        return self.base + "/sparql-auth"

    @property
    def graph_store_url(self) -> str:
        return self.base + "/sparql-graph-crud-auth"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self, timeout_s: float = 60) -> "VirtuosoServer":
        exe = available()
        if exe is None:
            raise StoreError("virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource-7-bin)")
        db, www = self.folder / "db", self.folder / "www"
        for d in (db, www, self.bulk_dir):
            d.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(INI.format(db=db, www=www, sql_port=self.sql_port, http_port=self.http_port,
                                  buffers=self.buffers, dirty=self.buffers * 3 // 4, dirs=self.bulk_dir,
                                  result_rows=self.result_rows))
        log = open(self.folder / "virtuoso.out", "ab")
        self.process = subprocess.Popen([exe, "+configfile", str(ini), "+foreground"], cwd=self.folder,
                                        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout_s
        while not self._answers():
            if self.process.poll() is not None:
                raise StoreError(f"virtuoso-t exited with {self.process.returncode}; see {self.folder}/db/virtuoso.log")
            if time.monotonic() > deadline:
                self.stop()
                raise StoreError(f"virtuoso-t did not answer on {self.query_url} within {timeout_s:.0f} s")
            time.sleep(0.2)
        self._set_password()
        return self

    def _answers(self) -> bool:
        req = urllib.request.Request(self.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"}),
                                     headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(req, timeout=2) as r:
                return r.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def isql(self, sql: str, *, password: str | None = None, timeout_s: float = 3600) -> str:
        """Run SQL (several statements, ``;``-separated) through ``isql-vt`` as ``dba``; its output."""
        isql = shutil.which("isql-vt") or str(Path(available() or "").with_name("isql-vt"))
        out = subprocess.run([isql, f"127.0.0.1:{self.sql_port}", "dba", password or self.dba_password,
                              f"exec={sql}"], capture_output=True, text=True, timeout=timeout_s)
        if out.returncode != 0 or "*** Error" in out.stdout + out.stderr:
            raise StoreError(f"isql-vt failed: {(out.stdout + out.stderr).strip()[-500:]}")
        return out.stdout

    def _set_password(self) -> None:
        try:
            self.isql(f"USER_CHANGE_PASSWORD('dba', 'dba', '{self.dba_password}');", password="dba")
        except StoreError:  # an existing database already has it
            self.isql("select 1;")

    def stop(self) -> None:
        """Shut down over SQL (a checkpoint), then make sure by process id."""
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                self.isql("shutdown;", timeout_s=60)
            except (StoreError, subprocess.TimeoutExpired, OSError):
                pass
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        self.process = None

    def __enter__(self) -> "VirtuosoServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
