"""``napkg build`` and ``napkg validate``: make the graph from data/, or check data against the shapes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import handle_errors
from .options import progress, setting_option, settings_of, store_options


@click.command()
@setting_option("--reasoner", setting="reasoner", type=click.Choice(["reasonable", "owlrl"]))
@setting_option("--validator", setting="validator", type=click.Choice(["pyshacl", "pyrudof"]))
@click.option("--no-dumps", is_flag=True, help="Skip writing the dumps (TriG, N-Quads, Turtle, JSON-LD).")
@setting_option("--workers", setting="build_workers", type=click.IntRange(1))
@click.option("--profile", is_flag=True, help="After the build, print where the time and memory went.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary line (no progress lines, no warnings).")
@store_options
@click.pass_context
@handle_errors
def build(ctx, reasoner, validator, no_dumps, workers, profile, quiet):
    """Build the graph: ingest data/, validate (SHACL), reason, load a new store, write dumps.

    Progress goes to stderr, one line per stage with counts and rates.
    The new store replaces the last good one only if every step passed.
    """
    from ..build import build as run_build
    from ..progress import profile_text

    settings = settings_of(ctx, reasoner=reasoner, validator=validator, build_workers=workers)
    report = run_build(settings, progress=(lambda m: None) if quiet else progress, dumps=not no_dumps)
    for w in report.warnings if not quiet else []:
        click.echo(f"  warning: {w}", err=True)
    secs = ", ".join(f"{k} {v:.2f}s" for k, v in report.seconds.items())
    click.echo(f"built {report.triples} triples in {len(report.graphs)} graphs "
               f"({len(report.units_rebuilt)} units rebuilt, {len(report.units_cached)} cached; "
               f"{len(report.warnings)} warnings; {secs})")
    click.echo(f"store: {report.build_dir}")
    if profile:
        click.echo(profile_text(report))


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.pass_context
@handle_errors
def validate(ctx, files):
    """Check data against the shapes without writing anything.

    With no FILES, checks the curated records of data/ (schema, references,
    shapes). With FILES (Turtle, TriG, N-Triples, JSON-LD, RDF/XML), checks
    each against the shapes with napkg's ontology and vocabularies as
    context. Remote JSON-LD contexts and RDF/XML DTDs are refused; nothing is
    fetched. Exit 0: conforms; 1: does not conform; 2: error.
    """
    from ..build import BuildReport, load_reference, prepare
    from ..safe_parse import parse_file
    from ..validate import results, validate as run_validate

    settings = settings_of(ctx)
    if not files:
        report = BuildReport()
        prepare(settings, report=report)
        for w in report.warnings:
            click.echo(f"  warning: {w}", err=True)
        click.echo(f"conforms: data in {settings.data_dir} ({len(report.warnings)} warnings)")
        return
    ontology, vocab, shapes = load_reference()
    bad = 0
    for f in files:
        data = parse_file(Path(f))
        for t in vocab:
            data.add(t)
        conforms, report_graph, text = run_validate(data, shapes=shapes, ontology=ontology)
        click.echo(f"{f}: {'conforms' if conforms else 'does not conform'}")
        found = results(report_graph)
        for r in found:
            click.echo(f"  {r.line()}")
        bad += not conforms
    sys.exit(1 if bad else 0)
