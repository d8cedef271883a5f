"""Helpers of the drafting tests: documents made from a seed (PDF, DOCX), the CLI run in-process.

The spaCy model is loaded once per process (kg.draft.pipeline caches it), so
every test after the first drafts in about a second.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli
from kg.settings import ROOT

DATA = ROOT / "data"
LU_SEED = "001_e7ca9fcfdb27691b.txt"


def run(*args, data: Path | None = None):
    argv = (["--data", str(data)] if data else []) + [str(a) for a in args]
    return CliRunner().invoke(cli, argv, catch_exceptions=False)


def data_without(tmp: Path, *names: str) -> Path:
    target = tmp / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("staging"))
    for n in names:
        (target / n).unlink()
    return target


def _font() -> str:
    import matplotlib

    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")


def make_pdf(text: str, path: Path, lines_per_page: int = 14) -> Path:
    """A PDF with a text layer, one seed line per line, a new page every ``lines_per_page`` lines."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dejavu", fname=_font())
    pdf.set_font("dejavu", size=10)
    pdf.add_page()
    n = 0
    for line in text.split("\n"):
        if n and n % lines_per_page == 0:
            pdf.add_page()
        pdf.multi_cell(0, 6, line.replace("\t", "    ").rstrip() or " ", new_x="LMARGIN", new_y="NEXT")
        n += 1
    pdf.output(str(path))
    return path


def make_docx(text: str, path: Path) -> Path:
    import docx

    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line.rstrip())
    d.save(str(path))
    return path
