"""The CLI's one error handler: a library error becomes a message and its class's exit code, never a traceback.

Exit codes come from the exceptions (``exit_code`` on each class of
:mod:`kg.errors`): 1 bad data or a graph that does not conform, 2 any other
error; 130 an interrupt. Every command of ``napkg`` (each module of
:mod:`kg.cli`) is wrapped by :func:`handle_errors`.
"""

from __future__ import annotations

import functools
import os
import sys

import click

from ..errors import DataErrors, NapkgError, ValidationFailed


def handle_errors(fn):
    """Turn library errors into a message and an exit code; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DataErrors as e:
            click.echo(f"napkg: {len(e.errors)} problem(s) in the curated data; nothing was changed:", err=True)
            for err in e.errors:
                click.echo(f"  {err}", err=True)
            sys.exit(e.exit_code)
        except ValidationFailed as e:
            click.echo(f"napkg: the graph breaks its shapes; nothing was changed.\n{e.report_text}", err=True)
            sys.exit(e.exit_code)
        except NapkgError as e:
            click.echo(f"napkg: {e}", err=True)
            sys.exit(e.exit_code)
        except BrokenPipeError:  # output piped into head & co.
            sys.stderr.close()
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("napkg: interrupted; the last good graph is untouched", err=True)
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, SystemExit):
            raise
        except Exception as e:  # the last line of defence: a message, not a traceback
            if os.environ.get("NAPKG_DEBUG"):
                raise
            click.echo(f"napkg: internal error: {type(e).__name__}: {e} (set NAPKG_DEBUG=1 for the traceback)", err=True)
            sys.exit(2)

    return wrapper
