"""``napkg serve``: the service over the current build (waitress, or gunicorn's workers)."""

from __future__ import annotations

import click

from .errors import handle_errors
from .options import setting_option, settings_of, store_options


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default, 127.0.0.1, accepts connections from this machine only: "
                   "the service is not exposed to the network unless you ask (e.g. --host 0.0.0.0).")
@click.option("--port", type=int, default=8000, show_default=True,
              help="Port to listen on; 0 picks a free one (the address is printed).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Server processes: 1 runs waitress; more run gunicorn's pre-forked workers, each with its "
                   "own threads and query workers, all over one store (docs/scaling.md).")
@setting_option("--query-workers", setting="query_workers", type=click.IntRange(min=1),
                help="Query worker processes per server process (each holds a read-only store handle; one running "
                     "past the time limit is killed and replaced).")
@click.option("--threads", type=click.IntRange(min=1), default=8, show_default=True,
              help="Threads per server process answering requests; requests beyond the query workers wait "
                   "for one, within their time limit.")
@store_options
@click.pass_context
@handle_errors
def serve(ctx, host, port, workers, query_workers, threads):
    """Serve the current build over HTTP: SPARQL endpoint, linked data, pages, JSON API, dumps.

    Every query runs in a worker process with the time limit (query_time_limit_ms), row cap
    (max_result_rows) and body cap (max_request_body_bytes) settings. Stop with Ctrl-C.
    """
    from service.server import serve as run

    settings = settings_of(ctx, query_workers=query_workers)
    try:
        run(settings, host=host, port=port, workers=workers, threads=threads, say=click.echo)
    except KeyboardInterrupt:
        pass
    click.echo("napkg: stopped", err=True)
