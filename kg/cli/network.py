"""``napkg network``: centrality, overlaps and graph exports from the command line.

A thin layer over :mod:`kg.network.analysis`; option help comes from its
parameter table. Imported only when ``napkg network`` runs (its tables load
the network package). Exit codes as for every ``napkg`` command: 0 success, 2 a
bad parameter, an empty projection or no store built yet.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..network.analysis import MEASURES, NODE_KINDS, OVERLAPS, PARAMETERS, PROJECTIONS
from ..network.communities import METHODS
from ..network.readwrite import FORMATS as GRAPH_FORMATS
from .errors import handle_errors
from .options import settings_of


def _help(name: str) -> str:
    p = PARAMETERS[name]
    default = "" if p.default in (None, False) else f" [default: {p.default}]"
    return p.help[0].upper() + p.help[1:] + "." + default


def _filters(fn):
    for opt in reversed([
        click.option("--plan", metavar="ID", help=_help("plan")),
        click.option("--country", metavar="CODE", help=_help("country")),
        click.option("--source", metavar="ID", help=_help("source")),
        click.option("--responsible-only", is_flag=True, default=None, help=_help("responsible_only")),
        click.option("--include-plans", is_flag=True, default=None, help=_help("include_plans")),
        click.option("--instrument-parts", is_flag=True, default=None,
                     help="Keep cited parts (UNGP principle 26) as their own nodes instead of counting the whole instrument."),
        click.option("--sdg-targets", is_flag=True, default=None,
                     help="Keep SDG targets (8.7) as their own nodes instead of counting their goal."),
    ]):
        fn = opt(fn)
    return fn


def _projection_params(plan, country, source, responsible_only, include_plans, instrument_parts, sdg_targets) -> dict:
    return {"plan": plan, "country": country, "source": source, "responsible_only": responsible_only,
            "include_plans": include_plans, "whole_instruments": False if instrument_parts else None,
            "sdg_goals": False if sdg_targets else None}


def _emit(table, fmt: str) -> None:
    if fmt == "csv":
        click.echo(table.to_csv(), nl=False)
    elif fmt == "json":
        click.echo(table.to_json())
    else:
        click.echo(table.to_text())


_FORMAT = click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
                       show_default=True, help="Output: an aligned table, CSV (lists joined by ' | '), or JSON with meta.")


@click.group()
def network():
    """Network analysis: who recurs across plans, who carries and brokers, how plans overlap.

    Projections (--projection): """


network.help += "; ".join(f"{p.name} ({p.help})" for p in PROJECTIONS.values()) + "."


@network.command()
@click.option("--projection", type=click.Choice(list(PROJECTIONS)), default="co-involvement", show_default=True,
              help="The graph to rank the nodes of.")
@click.option("--measure", type=click.Choice(list(MEASURES)), default="degree", show_default=True,
              help="; ".join(f"{m.name}: {m.normalisation}" for m in MEASURES.values()) + ".")
@_filters
@click.option("--kind", type=click.Choice(list(NODE_KINDS)), help=_help("kind"))
@click.option("--top", type=click.IntRange(min=1), help=_help("top"))
@click.option("--unweighted", is_flag=True, help="Ignore edge weights (hops for paths, every tie alike).")
@click.option("--weighting", type=click.Choice(list(PARAMETERS["weighting"].choices)), default="actions",
              show_default=True, help=_help("weighting"))
@click.option("--sample", type=click.IntRange(min=2), help=_help("sample"))
@click.option("--seed", type=click.IntRange(min=0), default=PARAMETERS["seed"].default, show_default=True,
              help="Seed of sampled betweenness and Louvain.")
@click.option("--method", type=click.Choice(list(METHODS)), default="louvain", show_default=True,
              help="Community detection method (measure community).")
@_FORMAT
@click.pass_context
@handle_errors
def centrality(ctx, projection, measure, plan, country, source, responsible_only, include_plans, instrument_parts,
               sdg_targets, kind, top, unweighted, weighting, sample, seed, method, fmt):
    """Rank the nodes of a projection by a centrality measure.

    Example: napkg network centrality --measure betweenness --country BEL --top 10
    """
    from ..builds import open_current
    from ..network.analysis import centrality as run

    params = _projection_params(plan, country, source, responsible_only, include_plans, instrument_parts, sdg_targets)
    with open_current(settings_of(ctx)) as store:
        table = run(store, projection=projection, measure=measure, top=top, kind=kind, weighted=not unweighted,
                    sample=sample, seed=seed, method=method, weighting=weighting, **params)
    _emit(table, fmt)


@network.command()
@click.option("--analysis", type=click.Choice(list(OVERLAPS)), default="recurring-actors", show_default=True,
              help="; ".join(f"{k}: {v}" for k, v in OVERLAPS.items()) + ".")
@click.option("--by", type=click.Choice(["plan", "country"]), default="plan", show_default=True, help=_help("by"))
@click.option("--on", type=click.Choice(["actors", "instruments", "sdgs"]),
              help="similarity: the items compared [default: actors].")
@click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True, help=_help("min_count"))
@click.option("--country", metavar="CODE", help=_help("country"))
@click.option("--source", metavar="ID", help=_help("source"))
@click.option("--responsible-only", is_flag=True, help=_help("responsible_only"))
@click.option("--instrument-parts", is_flag=True, help="similarity on instruments: compare cited parts, not whole instruments.")
@click.option("--sdg-targets", is_flag=True, help="similarity on SDGs: compare targets, not goals.")
@click.option("--top", type=click.IntRange(min=1), help=_help("top"))
@_FORMAT
@click.pass_context
@handle_errors
def overlaps(ctx, analysis, by, on, min_count, country, source, responsible_only, instrument_parts, sdg_targets, top,
             fmt):
    """Institutional overlap: recurring actors, plan similarity, brokers.

    Example: napkg network overlaps --analysis similarity --on instruments
    """
    from ..builds import open_current
    from ..network.analysis import overlaps as run

    with open_current(settings_of(ctx)) as store:
        table = run(store, analysis=analysis, by=by, on=on, min_count=min_count, top=top,
                    responsible_only=responsible_only, whole_instruments=not instrument_parts,
                    sdg_goals=not sdg_targets, country=country, source=source)
    _emit(table, fmt)


@network.command()
@click.option("--projection", type=click.Choice(list(PROJECTIONS)), default="co-involvement", show_default=True,
              help="The graph to write.")
@_filters
@click.option("--on", type=click.Choice(["actors", "instruments", "sdgs"]), multiple=True,
              help="plan-overlap: the items that link plans (repeatable) [default: all three].")
@click.option("-f", "--format", "fmt", type=click.Choice(list(GRAPH_FORMATS)), default="json", show_default=True,
              help="json (node-link, edges under 'links'), graphml, or gexf (Gephi); lists become space-separated IRIs "
                   "in GraphML and GEXF.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write [default: standard output].")
@click.pass_context
@handle_errors
def export(ctx, projection, plan, country, source, responsible_only, include_plans, instrument_parts, sdg_targets,
           on, fmt, output):
    """Write a projection as a graph file (node-link JSON, GraphML, GEXF).

    Example: napkg network export --projection plan-overlap -f gexf -o plans.gexf
    """
    from ..builds import open_current
    from ..network.analysis import export as run

    params = _projection_params(plan, country, source, responsible_only, include_plans, instrument_parts, sdg_targets)
    if on:
        params["on"] = list(on)
    with open_current(settings_of(ctx)) as store:
        data = run(store, projection=projection, format=fmt, **params)
    if output:
        Path(output).write_bytes(data)
        click.echo(f"wrote the {projection} graph ({fmt}, {len(data)} bytes) to {output}", err=True)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


@network.command()
def measures():
    """List the projections and measures, with how each measure is normalised."""
    click.echo("projections:")
    for p in PROJECTIONS.values():
        click.echo(f"  {p.name:<17} {p.help} (filters: {', '.join(p.filters)})")
    click.echo("\nmeasures:")
    for m in MEASURES.values():
        click.echo(f"  {m.name:<17} {m.help}\n  {'':<17} normalisation: {m.normalisation}")
    click.echo("\noverlap analyses:")
    for k, v in OVERLAPS.items():
        click.echo(f"  {k:<17} {v}")
