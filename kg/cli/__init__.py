"""The ``napkg`` command: a thin layer over the ``kg`` library.

Exit codes (as the README says): 0 success / conforms, 1 bad data or does not
conform, 2 any other error (bad arguments, unsafe input, missing store).

Every command imports what it needs when it runs, and command groups of other
modules are registered lazily (:meth:`LazyGroup.add_lazy_command`), so that
``napkg --help`` and ``napkg query`` load neither rdflib, pySHACL, networkx,
scipy nor Flask.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from .cli_errors import handle_errors
from .errors import DataErrors, NapkgError
from .settings import Settings


def _progress(msg: str) -> None:
    click.echo(f"  … {msg}", err=True)


def _settings(ctx: click.Context, **overrides) -> Settings:
    base: Settings = ctx.obj
    changes = {k: v for k, v in overrides.items() if v is not None}
    return base.replace(**changes) if changes else base


STORE_CHOICES = ["oxigraph", "memory", "sparql"]
_STORE_OPTIONS = (
    ("--store", "store_backend", "Store backend: oxigraph, memory or sparql (a remote store) [NAPKG_STORE_BACKEND]."),
    ("--sparql-query-url", "sparql_query_url", "sparql: the store's query endpoint [NAPKG_SPARQL_QUERY_URL]."),
    ("--sparql-update-url", "sparql_update_url", "sparql: the store's update endpoint [NAPKG_SPARQL_UPDATE_URL]."),
    ("--sparql-graph-store-url", "sparql_graph_store_url",
     "sparql: the store's Graph Store Protocol endpoint [NAPKG_SPARQL_GRAPH_STORE_URL]."),
    ("--sparql-user", "sparql_user", "sparql: the writing account; its password only from NAPKG_SPARQL_PASSWORD "
                                     "or NAPKG_SPARQL_PASSWORD_FILE [NAPKG_SPARQL_USER]."),
    ("--sparql-read-user", "sparql_read_user", "sparql: the read-only account (default anonymous); its password "
                                               "only from NAPKG_SPARQL_READ_PASSWORD(_FILE) [NAPKG_SPARQL_READ_USER]."),
)


def store_options(fn):
    """``--store`` and the remote store's URLs and accounts on a subcommand (never a password: see the README)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        changes = {dest: kwargs.pop(dest) for _, dest, _ in _STORE_OPTIONS if kwargs.get(dest) is not None}
        kwargs = {k: v for k, v in kwargs.items() if k not in {d for _, d, _ in _STORE_OPTIONS}}
        ctx = click.get_current_context()
        if changes:
            ctx.obj = ctx.obj.replace(**changes)
        return fn(*args, **kwargs)

    for flag, dest, help_ in reversed(_STORE_OPTIONS):
        kind = click.Choice(STORE_CHOICES) if dest == "store_backend" else str
        wrapper = click.option(flag, dest, type=kind, help=help_)(wrapper)
    return wrapper


class LazyGroup(click.Group):
    """A click group whose subcommands may live in modules imported only when the subcommand runs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, tuple[str, str]] = {}

    def add_lazy_command(self, name: str, target: str, short_help: str) -> None:
        """Register ``module:attribute`` as the command ``name``; ``short_help`` is what ``--help`` lists."""
        self.lazy[name] = (target, short_help)

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx, name):
        if name in self.lazy and name not in self.commands:
            import importlib

            module, _, attribute = self.lazy[name][0].partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx, formatter):
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            if name in self.lazy and name not in self.commands:
                rows.append((name, click.utils.make_default_short_help(self.lazy[name][1], limit)))
                continue
            cmd = super().get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data", "data_dir", type=click.Path(file_okay=False), help="Folder of curated YAML records [NAPKG_DATA_DIR; default: data].")
@click.option("--store-dir", type=click.Path(file_okay=False), help="Folder of built stores [NAPKG_STORE_DIR; default: var/store].")
@click.option("--store", "store_backend", type=click.Choice(STORE_CHOICES), help="Store backend [NAPKG_STORE_BACKEND; default: oxigraph].")
@click.version_option(package_name="napkg")
@click.pass_context
def cli(ctx: click.Context, data_dir, store_dir, store_backend):
    """napkg: a knowledge graph of national action plans on business and human rights.

    Build the graph from data/, query it with SPARQL, check RDF against its
    shapes, export dumps. Every setting can also be given as NAPKG_<NAME>.
    """
    try:
        ctx.obj = Settings.from_env(data_dir=data_dir, store_dir=store_dir, store_backend=store_backend,
                                    cache_dir=str(Path(store_dir) / "cache") if store_dir and "NAPKG_CACHE_DIR" not in os.environ else None)
    except NapkgError as e:
        raise click.UsageError(str(e)) from None


@cli.command()
@click.option("--reasoner", type=click.Choice(["reasonable", "owlrl"]), help="Reasoning engine [default: reasonable; owlrl is the slower reference].")
@click.option("--validator", type=click.Choice(["pyshacl", "pyrudof"]), help="SHACL engine [NAPKG_VALIDATOR; default: pyshacl, the reference; pyrudof is faster].")
@click.option("--no-dumps", is_flag=True, help="Skip writing the dumps (TriG, N-Quads, Turtle, JSON-LD).")
@click.option("--workers", type=click.IntRange(1), help="Processes validating and reasoning changed units [NAPKG_BUILD_WORKERS; default 2].")
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
    from .build import build as run_build
    from .progress import profile_text

    settings = _settings(ctx, reasoner=reasoner, validator=validator, build_workers=workers)
    report = run_build(settings, progress=(lambda m: None) if quiet else _progress, dumps=not no_dumps)
    for w in report.warnings if not quiet else []:
        click.echo(f"  warning: {w}", err=True)
    secs = ", ".join(f"{k} {v:.2f}s" for k, v in report.seconds.items())
    click.echo(f"built {report.triples} triples in {len(report.graphs)} graphs "
               f"({len(report.units_rebuilt)} units rebuilt, {len(report.units_cached)} cached; "
               f"{len(report.warnings)} warnings; {secs})")
    click.echo(f"store: {report.build_dir}")
    if profile:
        click.echo(profile_text(report))


@cli.command()
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
    from .build import BuildReport, load_reference, prepare
    from .safe_parse import parse_file
    from .validate import results, validate as run_validate

    settings = _settings(ctx)
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


@cli.command()
@click.argument("query")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld", "rdfxml"]),
              default="table", show_default=True,
              help="Output: table, csv/tsv/json/xml (SPARQL 1.1 results), ttl/nt/jsonld/rdfxml (CONSTRUCT, DESCRIBE).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query variable. Where the query expects an IRI: a bare id (spf-justice), a prefixed "
                   "name (napid:actor/spf-justice) or a full IRI; else an IRI (<...>, http..., prefix:name) or a "
                   "literal. Repeatable.")
@click.option("--max-rows", type=int, help="Cut the result after this many rows [default: the max_result_rows setting].")
@store_options
@click.pass_context
@handle_errors
def query(ctx, query, fmt, params, max_rows):
    """Run a SPARQL QUERY: text, @file.rq, or @name of a shipped query (queries/).

    napkg's prefixes (nap:, napid:, skos: ...) are pre-declared, as at /sparql.
    The query is stopped at the time limit (query_time_limit_ms, NAPKG_QUERY_TIME_LIMIT_MS): exit 2.
    Example: napkg query @02-actions-of-actor -p actor=spf-justice
    """
    from .errors import QueryError
    from .query import open_native, resolve_query, run, text_of
    from .time_limit import call_with_time_limit

    settings = _settings(ctx)
    text, named = resolve_query(query)
    values = {}
    for spec in params:
        name, sep, value = spec.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"parameter {spec!r} is not NAME=VALUE")
        values[name.strip().lstrip("?$")] = value
    expects = named.expects if named is not None else {}
    if named is not None and named.params:
        unknown = [n for n in values if n not in named.params]
        if unknown:
            raise QueryError(f"query {named.name} has no parameter {unknown[0]!r} (its parameters: {', '.join(named.params)})")
    limit = max_rows or settings.max_result_rows

    def answer() -> tuple[bytes, bool]:  # in a child process, killed at the time limit
        store, close = open_native(settings)
        try:
            a = run(store, text, fmt=fmt, params=values, expects=expects, max_rows=limit)
            return text_of(a, fmt), a.truncated
        finally:
            close()

    body, truncated = call_with_time_limit(answer, settings.query_time_limit_ms)
    sys.stdout.flush()
    sys.stdout.buffer.write(body)  # bytes as written: CSV's CRLF kept, one final line break
    sys.stdout.buffer.flush()
    if truncated:
        click.echo(f"napkg: result cut at {limit} rows", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@store_options
@click.pass_context
@handle_errors
def stats(ctx, as_json):
    """Counts of the current build: triples per named graph, resources per class, actions and progress updates per plan.

    Reads the last good build (see 'napkg build'); --json gives the same counts
    as one JSON object for scripts.
    """
    from .build import open_current
    from .stats import compute

    settings = _settings(ctx)
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


@cli.command()
@click.option("-f", "--format", "fmt", type=click.Choice(["trig", "nquads", "ttl", "jsonld"]), required=True, help="Dump format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write [default: standard output].")
@store_options
@click.pass_context
@handle_errors
def export(ctx, fmt, output):
    """Export the current build as TriG, N-Quads, Turtle (the union graph) or JSON-LD."""
    from .build import open_current
    from .export import export as run_export

    settings = _settings(ctx)
    with open_current(settings) as store:
        if output:
            n = run_export(store, fmt, Path(output))
            click.echo(f"wrote {n} triples to {output}", err=True)
        else:
            run_export(store, fmt, sys.stdout.buffer)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default, 127.0.0.1, accepts connections from this machine only: "
                   "the service is not exposed to the network unless you ask (e.g. --host 0.0.0.0).")
@click.option("--port", type=int, default=8000, show_default=True,
              help="Port to listen on; 0 picks a free one (the address is printed).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Server processes: 1 runs waitress; more run gunicorn's pre-forked workers, each with its "
                   "own threads and query workers, all over one store (docs/scaling.md).")
@click.option("--query-workers", type=click.IntRange(min=1),
              help="Query worker processes per server process (each holds a read-only store handle; one running "
                   "past the time limit is killed and replaced) [NAPKG_QUERY_WORKERS; default: 2].")
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

    settings = _settings(ctx, query_workers=query_workers)
    try:
        run(settings, host=host, port=port, workers=workers, threads=threads, say=click.echo)
    except KeyboardInterrupt:
        pass
    click.echo("napkg: stopped", err=True)


@cli.command("check-support")
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

    from . import records, support
    from .build import VOCABULARIES_FILE

    settings: Settings = ctx.obj
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


cli.add_lazy_command("network", "kg.network.cli:network",
                     "Network analysis: who recurs across plans, who carries and brokers, how plans overlap.")
cli.add_lazy_command("draft", "kg.draft.command:draft",
                     "Draft records from a plan document (text, PDF, DOCX, HTML) for a person to review.")
cli.add_lazy_command("search", "kg.search.cli:search",
                     "Search labels, titles, progress texts and quotes (the build's full-text index).")


def main() -> None:
    cli(prog_name="napkg")


if __name__ == "__main__":
    main()
