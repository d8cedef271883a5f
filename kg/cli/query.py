"""``napkg query``: one SPARQL query against the current build, stopped at the time limit.

Imports nothing heavy before the query runs (a test holds ``napkg query``
free of rdflib, pySHACL, networkx, scipy and Flask).
"""

from __future__ import annotations

import sys

import click

from .errors import handle_errors
from .options import setting_option, settings_of, store_options


@click.command()
@click.argument("query")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld", "rdfxml"]),
              default="table", show_default=True,
              help="Output: table, csv/tsv/json/xml (SPARQL 1.1 results), ttl/nt/jsonld/rdfxml (CONSTRUCT, DESCRIBE).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query variable. Where the query expects an IRI: a bare id (spf-justice), a prefixed "
                   "name (napid:actor/spf-justice) or a full IRI; else an IRI (<...>, http..., prefix:name) or a "
                   "literal. Repeatable.")
@setting_option("--max-rows", setting="max_result_rows", type=int, help="Cut the result after this many rows.")
@store_options
@click.pass_context
@handle_errors
def query(ctx, query, fmt, params, max_rows):
    """Run a SPARQL QUERY: text, @file.rq, or @name of a shipped query (queries/).

    napkg's prefixes (nap:, napid:, skos: ...) are pre-declared, as at /sparql.
    The query is stopped at the time limit (query_time_limit_ms, NAPKG_QUERY_TIME_LIMIT_MS): exit 2.
    Example: napkg query @02-actions-of-actor -p actor=spf-justice
    """
    from ..errors import QueryError
    from ..builds import open_current
    from ..query import resolve_query, run, text_of
    from ..time_limit import call_with_time_limit

    settings = settings_of(ctx)
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
        with open_current(settings) as store:
            a = run(store, text, fmt=fmt, params=values, expects=expects, max_rows=limit)
            return text_of(a, fmt), a.truncated

    body, truncated = call_with_time_limit(answer, settings.query_time_limit_ms)
    sys.stdout.flush()
    sys.stdout.buffer.write(body)  # bytes as written: CSV's CRLF kept, one final line break
    sys.stdout.buffer.flush()
    if truncated:
        click.echo(f"napkg: result cut at {limit} rows", err=True)
