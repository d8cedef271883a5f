"""``napkg check-support``: is every link to an actor or instrument named in its record's own text?"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import DataErrors
from .errors import handle_errors
from .options import settings_of


@click.command("check-support")
@click.option("--all", "show_all", is_flag=True, help="List supported and explained links too, not only the problems.")
@click.option("--json", "as_json", is_flag=True, help="Print the links as JSON.")
@click.pass_context
@handle_errors
def check_support(ctx, show_all, as_json):
    """Check that every link to an actor or instrument is named in its record's own text.

    A link is supported when the target's label, an alternative label or a
    notation appears in the record's quote (or progress paragraph), or explained
    when the record's ``support`` map says why not. Exit 1 when any link is
    neither (or a support entry names nothing linked); exit 2 when the data
    cannot be read (the check did not run).
    """
    from collections import Counter

    from .. import records, support
    from ..build import VOCABULARIES_FILE

    settings = settings_of(ctx)
    try:
        cur = records.load(Path(settings.data_dir))
    except DataErrors as e:
        click.echo(f"napkg: cannot check support: {len(e.errors)} problem(s) in the curated data:", err=True)
        for err in e.errors:
            click.echo(f"  {err}", err=True)
        sys.exit(2)
    links = support.check(cur, VOCABULARIES_FILE)
    bad = support.problems(links)
    shown = links if show_all else bad
    if as_json:
        click.echo(json.dumps([vars(link) for link in shown], ensure_ascii=False, indent=2))
    else:
        for link in shown:
            click.echo(str(link))
        per_source: dict[str, Counter] = {}
        for link in links:
            per_source.setdefault(link.source, Counter())[link.status] += 1
        for sid, c in sorted(per_source.items()):
            click.echo(f"{sid}: {c['supported']} supported, {c['explained']} explained, "
                       f"{c['unexplained']} unexplained, {c['stale-support']} stale", err=True)
    if bad:
        click.echo(f"napkg: {len(bad)} link(s) the text does not support and no record explains", err=True)
        sys.exit(1)
