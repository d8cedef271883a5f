"""``napkg stats``: counts of the current build, as text or JSON."""

from __future__ import annotations

import json

import click

from .errors import handle_errors
from .options import settings_of, store_options


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@store_options
@click.pass_context
@handle_errors
def stats(ctx, as_json):
    """Counts of the current build: triples per named graph, resources per class, actions and progress updates per plan.

    Reads the last good build (see 'napkg build'); --json gives the same counts
    as one JSON object for scripts.
    """
    from ..builds import open_current
    from ..stats import compute

    settings = settings_of(ctx)
    with open_current(settings) as store:
        s = compute(store)
    if as_json:
        click.echo(json.dumps(s, indent=2))
        return
    click.echo(f"{s['triples']} triples")
    click.echo("\nper named graph:")
    for g, n in s["graphs"].items():
        click.echo(f"  {n:>7}  {g}")
    click.echo("\nper class:")
    for c, n in s["classes"].items():
        click.echo(f"  {n:>7}  {c}")
    click.echo("\nper plan (actions, progress updates):")
    for p in s["plans"]:
        click.echo(f"  {p['actions']:>4} {p['updates']:>4}  {p['plan']}  {p['label']}")
