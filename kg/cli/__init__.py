"""The ``napkg`` command: a thin layer over the ``kg`` library.

Exit codes (as the README says): 0 success / conforms, 1 bad data or does not
conform, 2 any other error (bad arguments, unsafe input, missing store).

This module holds the ``napkg`` group and its registrations only; each command
group lives in a module of its own (:mod:`kg.cli.build`, :mod:`kg.cli.query`
...), imported when that command runs (:class:`~kg.cli.lazy.LazyGroup`), so
that ``napkg --help`` and ``napkg query`` load neither rdflib, pySHACL,
networkx, scipy nor Flask. Options tied to a setting take their help from the
settings table (:mod:`kg.cli.options`). No module of ``kg`` outside this
package imports it.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import NapkgError
from ..settings import Settings
from .lazy import LazyGroup
from .options import STORE_CHOICES, setting_option


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@setting_option("--data", "data_dir", setting="data_dir", type=click.Path(file_okay=False))
@setting_option("--store-dir", setting="store_dir", type=click.Path(file_okay=False))
@setting_option("--store", "store_backend", setting="store_backend", type=click.Choice(STORE_CHOICES))
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


COMMANDS = (  # name, module:attribute, the short help --help lists (a test holds it equal to the command's)
    ("build", "kg.cli.build:build", "Build the graph: ingest data/, validate (SHACL), reason, load a new store, write dumps."),
    ("validate", "kg.cli.build:validate", "Check data against the shapes without writing anything."),
    ("query", "kg.cli.query:query", "Run a SPARQL QUERY: text, @file.rq, or @name of a shipped query (queries/)."),
    ("stats", "kg.cli.stats:stats", "Counts of the current build: triples per named graph, resources per class, "
                                    "actions and progress updates per plan."),
    ("export", "kg.cli.export:export", "Export the current build as TriG, N-Quads, Turtle (the union graph) or JSON-LD."),
    ("serve", "kg.cli.serve:serve", "Serve the current build over HTTP: SPARQL endpoint, linked data, pages, JSON API, dumps."),
    ("check-support", "kg.cli.support:check_support",
     "Check that every link to an actor or instrument is named in its record's own text."),
    ("network", "kg.cli.network:network",
     "Network analysis: who recurs across plans, who carries and brokers, how plans overlap."),
    ("draft", "kg.cli.draft:draft", "Draft records from a plan document (text, PDF, DOCX, HTML) for a person to review."),
    ("search", "kg.cli.search:search", "Search labels, titles, progress texts and quotes (the build's full-text index)."),
)
for _name, _target, _short_help in COMMANDS:
    cli.add_lazy_command(_name, _target, _short_help)


def main() -> None:
    cli(prog_name="napkg")
