"""Text extraction from uploaded files: one well-kept library per format.

PDF: pypdf. DOCX: python-docx. HTML: beautifulsoup4. Plain text: decoded as UTF-8
(or Latin-1 when it is not UTF-8). Every failure becomes an ExtractionError whose
message says why, in words a librarian understands.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"
TEXT = "text/plain"

CONTENT_TYPES = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".html": HTML,
    ".htm": HTML,
    ".txt": TEXT,
    ".md": TEXT,
}


class ExtractionError(Exception):
    """The text could not be extracted; str(error) says why."""


def content_type_for(filename: str, head: bytes) -> str | None:
    """The content type of an upload from its name and first bytes; None if not accepted."""
    suffix = Path(filename).suffix.lower()
    if head.startswith(b"%PDF"):
        return PDF
    if suffix == ".docx" or (head.startswith(b"PK") and suffix not in CONTENT_TYPES):
        return DOCX if suffix == ".docx" else None
    return CONTENT_TYPES.get(suffix)


def extract_text(stream: IO[bytes], content_type: str) -> str:
    if content_type == PDF:
        return _pdf_text(stream)
    if content_type == DOCX:
        return _docx_text(stream)
    if content_type == HTML:
        return _html_text(stream.read())
    if content_type == TEXT:
        return _decode(stream.read()).strip()
    raise ExtractionError(_("files of type %(type)s are not read") % {"type": content_type})


def _pdf_text(stream: IO[bytes]) -> str:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(stream)
        if reader.is_encrypted:
            try:
                decrypted = bool(reader.decrypt(""))
            except Exception:
                decrypted = False
            if not decrypted:
                raise ExtractionError(_("the PDF is encrypted with a password"))
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractionError:
        raise
    except FileNotDecryptedError:
        raise ExtractionError(_("the PDF is encrypted with a password")) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ExtractionError(_("the PDF is damaged (%(detail)s)") % {"detail": exc}) from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise ExtractionError(_("the PDF has no text layer (it may be a scanned image)"))
    return text


def _docx_text(stream: IO[bytes]) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(stream)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractionError(
            _("the Word document is damaged or not a .docx file (%(detail)s)") % {"detail": exc}
        ) from None
    parts = [p.text for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells if cell.text.strip()]
            if cells:
                parts.append(" | ".join(cells))
    text = "\n".join(parts).strip()
    if not text:
        raise ExtractionError(_("the Word document contains no text"))
    return text


def _html_text(data: bytes) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "template"]):
        tag.decompose()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    text = "\n".join(line for line in lines if line)
    if not text:
        raise ExtractionError(_("the web page contains no text"))
    return text


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")
