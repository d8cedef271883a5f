"""Read a plan document (UTF-8 text, PDF, DOCX, HTML) into one text with its pages.

Every drafted fact is a span (start, end) of ``Document.text``, so a quote is
``text[start:end]`` and verbatim by construction. A PDF keeps its page
boundaries so a locator can say "page 4". Bad input (empty, binary, scanned,
encrypted, enormous) raises :class:`DraftInputError` naming the file and what
is wrong; nothing is written by the caller then.
"""

from __future__ import annotations

import bisect
import html
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import NapkgError

MAX_BYTES = 50 * 1024 * 1024      # a plan is at most a few MB; more is not a plan
MAX_CHARS = 3_000_000             # about 500,000 words: hours of review, refused
MIN_TEXT_CHARS = 20               # fewer letters than this: no text to draft from


class DraftInputError(NapkgError):
    """A document napkg cannot draft from (exit 2, nothing written)."""

    exit_code = 2

    def __init__(self, path: Path | str, problem: str):
        super().__init__(f"{path}: {problem}")


@dataclass
class Document:
    """The text of a document and, for a PDF, where each page starts."""

    path: str
    text: str
    fmt: str                                   # txt | pdf | docx | html
    page_starts: list[int] = field(default_factory=list)   # offsets of pages 1..n (PDF only)

    def page_of(self, offset: int) -> int | None:
        """The 1-based page holding ``offset`` (None when the format has no pages)."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset)


def _check_text(path: Path, text: str, fmt: str) -> None:
    if len(text) > MAX_CHARS:
        raise DraftInputError(path, f"document too large to draft ({len(text):,} characters; at most {MAX_CHARS:,})")
    if sum(c.isalpha() for c in text[:200_000]) < MIN_TEXT_CHARS:
        if fmt == "pdf":
            raise DraftInputError(path, "the PDF has no text layer (a scanned document?): run OCR first")
        raise DraftInputError(path, "the document is empty: no text to draft from")


def _read_txt(path: Path, data: bytes) -> Document:
    if b"\x00" in data[:65536]:
        raise DraftInputError(path, "binary file, not UTF-8 text (give a .txt, .pdf, .docx or .html document)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DraftInputError(path, f"not UTF-8 text (byte {e.start}: {e.reason})") from None
    return Document(str(path), text.replace("\r\n", "\n").replace("\r", "\n"), "txt")


def _read_pdf(path: Path, data: bytes) -> Document:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e).lower()
        if "password" in msg:
            raise DraftInputError(path, "the PDF is encrypted (password protected): give a decrypted copy") from None
        raise DraftInputError(path, f"not a readable PDF ({e})") from None
    parts, starts, pos = [], [], 0
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            t = tp.get_text_range().replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "-")
            tp.close()
            page.close()
            starts.append(pos)
            parts.append(t + "\n\n")
            pos += len(t) + 2
            if pos > MAX_CHARS:
                break
    finally:
        pdf.close()
    return Document(str(path), "".join(parts), "pdf", starts)


def _read_docx(path: Path, data: bytes) -> Document:
    import io

    import docx
    from docx.document import Document as _Doc
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        d: _Doc = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises several kinds for a broken package
        raise DraftInputError(path, f"not a readable DOCX ({type(e).__name__}: {e})") from None
    lines: list[str] = []
    for block in d.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:       # a row as the text exports write it: one tab-opened cell a line
                for cell in row.cells:
                    lines.append("\t" + cell.text)
                lines.append("")
    return Document(str(path), "\n".join(lines), "docx")


_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.S | re.I)
_BLOCK = re.compile(r"<\s*(br|/p|/div|/h[1-6]|/li|/tr|/table|/section)\b[^>]*>", re.I)
_CELL = re.compile(r"<\s*t[dh]\b[^>]*>", re.I)


def _read_html(path: Path, data: bytes) -> Document:
    doc = _read_txt(path, data)
    t = _CELL.sub("\n\t", _BLOCK.sub("\n", doc.text))
    t = html.unescape(_TAG.sub("", t))
    return Document(str(path), re.sub(r"\n{3,}", "\n\n", t), "html")


def read_document(path: Path | str) -> Document:
    """Read ``path`` by its content (PDF and DOCX by their magic bytes, HTML by its tags, else UTF-8 text)."""
    path = Path(path)
    if not path.is_file():
        raise DraftInputError(path, "no such file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DraftInputError(path, f"document too large to draft ({size:,} bytes; at most {MAX_BYTES:,})")
    data = path.read_bytes()
    if not data.strip():
        raise DraftInputError(path, "the document is empty: no text to draft from")
    if data.startswith(b"%PDF"):
        doc = _read_pdf(path, data)
    elif data.startswith(b"PK\x03\x04"):
        if not zipfile.is_zipfile(path) or "word/document.xml" not in zipfile.ZipFile(path).namelist():
            raise DraftInputError(path, "a ZIP archive but not a DOCX document")
        doc = _read_docx(path, data)
    elif path.suffix.lower() in {".html", ".htm"} or data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        doc = _read_html(path, data)
    else:
        doc = _read_txt(path, data)
    _check_text(path, doc.text, doc.fmt)
    return doc
