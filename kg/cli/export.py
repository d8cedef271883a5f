"""``napkg export``: the current build as one dump (TriG, N-Quads, Turtle, JSON-LD)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import handle_errors
from .options import settings_of, store_options


@click.command()
@click.option("-f", "--format", "fmt", type=click.Choice(["trig", "nquads", "ttl", "jsonld"]), required=True, help="Dump format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write [default: standard output].")
@store_options
@click.pass_context
@handle_errors
def export(ctx, fmt, output):
    """Export the current build as TriG, N-Quads, Turtle (the union graph) or JSON-LD."""
    from ..builds import open_current
    from ..export import export as run_export

    settings = settings_of(ctx)
    with open_current(settings) as store:
        if output:
            n = run_export(store, fmt, Path(output))
            click.echo(f"wrote {n} triples to {output}", err=True)
        else:
            run_export(store, fmt, sys.stdout.buffer)
