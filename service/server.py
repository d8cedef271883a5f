"""Run the service under a production WSGI server: waitress (one process) or gunicorn (several).

One process (``workers=1``) is waitress with ``threads`` threads. Several
(``workers=N``) are gunicorn's pre-forked worker processes, each with
``threads`` threads (``gthread``), its own app and its own query worker pool,
all reading one store: the read-only Oxigraph build (every process opens it
read-only) or the remote store. The listening socket is bound here first, so
port 0 works and the address printed is the real one.
"""

from __future__ import annotations

import errno
import signal
import socket
import sys
from typing import Callable

from kg.errors import NapkgError
from kg.settings import Settings


def _address(host: str, port: int) -> str:
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


def _cannot_listen(e: OSError, host: str, port: int) -> NapkgError:
    """A bind failure said in words: a busy port names ``--port`` (and ``make serve PORT=...``)."""
    if e.errno == errno.EADDRINUSE:
        return NapkgError(f"port {port} on {host} is already in use (another napkg serve, or another server); "
                          f"pick another with --port, e.g. --port {port + 1} (make serve PORT={port + 1}), "
                          "or --port 0 for any free port")
    if e.errno == errno.EACCES:
        return NapkgError(f"not allowed to listen on port {port} of {host} (ports below 1024 need privileges); "
                          "pick another with --port")
    if e.errno in (errno.EADDRNOTAVAIL, socket.EAI_NONAME) or isinstance(e, socket.gaierror):
        return NapkgError(f"cannot listen on {host}: not an address of this machine; pick another with --host")
    return NapkgError(f"cannot listen on {host}:{port}: {e.strerror or e}")


def serve(settings: Settings, *, host: str, port: int, workers: int = 1, threads: int = 8,
          say: Callable[[str], None] = print) -> None:
    """Serve until stopped (Ctrl-C or SIGTERM). Raises StoreError before listening if nothing is built."""
    from . import create_app

    app = create_app(settings)
    backend = app.extensions["napkg"]
    if workers <= 1:
        _waitress(app, backend, settings, host=host, port=port, threads=threads, say=say)
        return
    backend.build()  # fails here, with exit code 2, if nothing is built yet
    backend.close()
    _gunicorn(settings, host=host, port=port, workers=workers, threads=threads, say=say)


def _waitress(app, backend, settings: Settings, *, host: str, port: int, threads: int, say) -> None:
    from waitress import create_server

    backend.start()
    # The app answers a body over max_request_body_bytes with its own 413 (the JSON envelope); waitress
    # itself stops reading at twice that, so no client can make the server buffer more.
    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="napkg",
                               max_request_body_size=2 * settings.max_request_body_bytes + 65536)
    except OSError as e:
        backend.close()
        raise _cannot_listen(e, host, port) from None
    say(f"napkg: serving on {_address(host, server.effective_port)} "
        f"(1 process under waitress, {settings.query_workers} query workers, {threads} threads; Ctrl-C to stop)")
    sys.stdout.flush()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        backend.close()


def _gunicorn(settings: Settings, *, host: str, port: int, workers: int, threads: int, say) -> None:
    from gunicorn.app.base import BaseApplication

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        raise _cannot_listen(e, host, port) from None
    sock.listen(2048)
    sock.set_inheritable(True)
    bound = sock.getsockname()[1]

    class App(BaseApplication):
        def load_config(self):
            for key, value in {"bind": [f"fd://{sock.fileno()}"], "workers": workers, "threads": threads,
                               "worker_class": "gthread", "proc_name": "napkg", "timeout": 120,
                               "graceful_timeout": 5, "accesslog": None, "errorlog": "-",
                               "loglevel": "warning"}.items():
                self.cfg.set(key, value)

        def load(self):
            from . import create_app

            app = create_app(settings)
            app.extensions["napkg"].start()
            return app

    say(f"napkg: serving on {_address(host, bound)} ({workers} processes under gunicorn, "
        f"{settings.query_workers} query workers and {threads} threads each; Ctrl-C to stop)")
    sys.stdout.flush()
    App().run()
