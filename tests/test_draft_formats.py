"""PDF and DOCX made from a seed by the test: drafted, located by page, validated and built."""

from __future__ import annotations

import pytest
import yaml

from draft_helpers import LU_SEED, data_without, make_docx, make_pdf, run

pytest.importorskip("spacy", reason="the draft extra is not installed (pip install 'napkg[draft]')")
pytestmark = pytest.mark.needs_seeds


@pytest.fixture
def lu_text(seeds_dir):
    return (seeds_dir / LU_SEED).read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_document_made_from_a_seed_drafts_validates_and_builds(fmt, lu_text, tmp_path, shared_cache):
    data = data_without(tmp_path, "lu-pan2.yaml")
    doc = tmp_path / f"pan2.{fmt}"
    (make_pdf if fmt == "pdf" else make_docx)(lu_text, doc)
    out = data / "lu-pan2.yaml"
    r = run("draft", doc, "--source-id", "lu-pan2", "-o", out, "--force", data=data)
    assert r.exit_code == 0, r.output
    drafted = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert len(drafted["actions"]) == 20 and len(drafted["groups"]) == 6
    assert {a["notation"] for a in drafted["actions"]} >= {"1.1", "2.5", "4.4", "6.3"}
    if fmt == "pdf":
        from kg.draft.read import read_document

        text = read_document(doc).text
        for a in drafted["actions"]:   # every quote is cut from the PDF's own text
            assert a["evidence"]["quote"] in text
        pages = {a["evidence"]["locator"].split(",")[0] for a in drafted["actions"]}
        assert len(pages) >= 2 and all(p.startswith("page ") for p in pages)
    b = run("--store-dir", tmp_path / "store", "build", "--no-dumps", "-q", data=data)
    assert b.exit_code == 0, b.output


def test_a_docx_table_reads_as_tab_opened_cells(tmp_path):
    import docx

    from kg.draft.read import read_document

    d = docx.Document()
    d.add_paragraph("Plan d'action")
    t = d.add_table(rows=1, cols=3)
    for cell, v in zip(t.rows[0].cells, ["1", "Former les entreprises", "PO 3"]):
        cell.text = v
    d.save(str(tmp_path / "t.docx"))
    text = read_document(tmp_path / "t.docx").text
    assert "\t1\n\tFormer les entreprises\n\tPO 3" in text


def test_a_zip_that_is_not_a_docx_is_refused(tmp_path):
    import zipfile

    p = tmp_path / "x.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "hello")
    data = data_without(tmp_path)
    r = run("draft", p, "--source-id", "xx-zip", data=data)
    assert r.exit_code == 2 and "not a DOCX" in r.output


@pytest.mark.slow
def test_an_html_page_made_from_a_seed_drafts_its_units(lu_text, tmp_path):
    from html import escape

    data = data_without(tmp_path, "lu-pan2.yaml")
    page = tmp_path / "pan2.html"
    body = "".join(f"<p>{escape(line)}</p>\n" for line in lu_text.split("\n") if line.strip())
    page.write_text(f"<!doctype html><html><head><title>PAN 2</title><style>p{{margin:0}}</style></head>"
                    f"<body><script>var x = '1.1. pas un titre';</script>{body}</body></html>", encoding="utf-8")
    r = run("draft", page, "--source-id", "lu-pan2", "--force", data=data)
    assert r.exit_code == 0, r.output
    drafted = yaml.safe_load((data / "lu-pan2.yaml").read_text(encoding="utf-8"))
    assert len(drafted["actions"]) == 20 and "pas un titre" not in (data / "lu-pan2.yaml").read_text(encoding="utf-8")
    assert run("validate", data=data).exit_code == 0
