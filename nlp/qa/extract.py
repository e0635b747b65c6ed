"""The text of an uploaded document: Markdown, plain text, DOCX (python-docx) or PDF (pypdf)."""

from __future__ import annotations

import io
from pathlib import PurePath

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".docx", ".pdf")


class UnsupportedDocument(ValueError):
    """The file is not one of the supported kinds, or its text cannot be read."""


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        return text
    return data.decode("cp1258", errors="replace")  # the legacy Vietnamese Windows code page


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style.lower().startswith(("heading", "title")):
            text = "## " + text
        elif style.lower().startswith("list"):
            text = "- " + text
        lines.extend([text, ""])
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells if cell.text.strip()]
            if cells:
                lines.extend([" | ".join(cells), ""])
    return "\n".join(lines)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise UnsupportedDocument(f"unreadable PDF: {exc}") from exc
    return "\n\n".join(pages)


def extract_text(data: bytes, filename: str) -> str:
    """The text of a document, Markdown-like: headings «#», list items «-», blank-line breaks."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedDocument(f"unsupported file type: {suffix or filename}")
    if suffix == ".docx":
        try:
            text = _docx_text(data)
        except Exception as exc:  # python-docx raises several unrelated types for bad files
            raise UnsupportedDocument(f"unreadable DOCX: {exc}") from exc
    elif suffix == ".pdf":
        text = _pdf_text(data)
    else:
        text = _decode(data)
    if not text.strip():
        raise UnsupportedDocument("the document has no text")
    return text
