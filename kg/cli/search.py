"""``napkg search``: the full-text search from the command line (the index of the current build).

Exit codes as for every ``napkg`` command: 0 success (also when nothing
matches), 2 a bad option, no build or no index.
"""

from __future__ import annotations

import csv
import io
import json

import click

from ..namespaces import NAPID
from ..search.documents import FACETS
from .errors import handle_errors
from .options import settings_of


def _filter_option(facet: str):
    helps = {"kind": "Kind of thing: plan, action, update, body, instrument, group, source, sdg.",
             "plan": "Plan id or IRI (be-nap-bhr-2017).", "country": "Country code or IRI (BEL).",
             "source": "Source id or IRI (lu-pan2).", "sdg": "SDG goal number or IRI (8).",
             "pillar": "UNGP pillar: I, II, III (or 1-3, or its IRI)."}
    return click.option(f"--{facet}", f"f_{facet}", multiple=True, help=helps[facet] + " Repeat for any of several.")


@click.command(short_help="Search labels, titles, progress texts and quotes (the build's full-text index).")
@click.argument("query", required=False, default="")
@click.option("--lang", help="Language of the labels shown: en, fr or nl [default: en, then fr, nl].")
@click.option("--limit", type=click.IntRange(1, 100), default=20, show_default=True, help="Matches per page.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True, help="Matches to skip.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Output: a table, CSV rows, or the whole answer as JSON (with facets).")
@click.option("--facets", "show_facets", is_flag=True, help="Also print the facet counts (table output).")
@click.option("--reindex", is_flag=True, help="Write the search index of the current build from its store "
                                                "(for a build made elsewhere, e.g. read from a remote store).")
@_filter_option("kind")
@_filter_option("plan")
@_filter_option("country")
@_filter_option("source")
@_filter_option("sdg")
@_filter_option("pillar")
@click.pass_context
@handle_errors
def search(ctx, query, lang, limit, offset, fmt, show_facets, reindex, **filters):
    """Find plans, actions, progress texts, bodies, instruments and SDGs by words, in French or English.

    Accents and case are ignored and words match by their French or English stem; every word must match.
    Best first: an exact label or acronym, then how much of a name the words cover, then BM25.
    """
    from ..builds import current_build, open_build
    from ..errors import StoreError
    from ..labels import language
    from ..search import open_index, search as run, write_build_index
    from ..search.filters import parse
    from ..search.query import SearchError

    settings = settings_of(ctx)
    build = current_build(settings)
    if build is None:
        raise StoreError("no graph built yet: run 'napkg build' first")
    if reindex:
        with open_build(build, settings) as store:
            counts = write_build_index(store, build)
        click.echo(f"indexed {counts['documents']} documents ({counts['labels']} labels) in {build}", err=True)
        if not query:
            return
    if lang and language(lang) is None:
        raise SearchError(f"--lang must be en, fr or nl, not {lang!r}")
    napid = str(NAPID)  # the fixed base of minted IRIs (kg.namespaces)
    chosen = parse(((f, v) for f in FACETS for v in filters[f"f_{f}"]), napid)
    with open_index(build) as con:
        res = run(con, query, filters=chosen, offset=offset, limit=limit, lang=language(lang))
    if fmt == "json":
        click.echo(json.dumps(res.as_dict(), ensure_ascii=False, indent=2))
        return
    rows = [(h.kind, h.label or "", h.as_dict()["snippet"], h.iri) for h in res.hits]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["kind", "label", "snippet", "iri"])
        w.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
        return
    from ..prefixes import pasteable as _short

    cells = [(k, _cut(lab, 50), _cut(snip, 70), _short(iri)) for k, lab, snip, iri in rows]
    head = ("kind", "label", "snippet ([matched words])", "iri")
    widths = [max([len(head[i])] + [len(r[i]) for r in cells]) for i in range(4)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(head, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for r in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    shown = f"{offset + 1}-{offset + len(res.hits)} of " if res.hits else ""
    click.echo(f"({shown}{res.total} match{'es' if res.total != 1 else ''} for {query!r})")
    if show_facets:
        for facet, values in res.facets.items():
            if values:
                click.echo(f"{facet}: " + "; ".join(f"{v['label']} ({v['count']})" for v in values[:8]))


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
