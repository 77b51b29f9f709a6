"""Text extraction from uploaded files: one well-kept library per format, within bounds.

PDF: pypdf. DOCX: python-docx. HTML: beautifulsoup4. Plain text: decoded as UTF-8
(or Latin-1 when it is not UTF-8). Every failure becomes an ExtractionError whose
message says why, in words a librarian understands.

Bounds (settings ``EXTRACTION_*``, docs/admin/configuration.md), so that no upload can stop
the site: a zip container (DOCX) is refused before parsing when its parts would expand beyond
``EXTRACTION_MAX_UNCOMPRESSED_MB`` or ``EXTRACTION_MAX_RATIO`` times its size; HTML and text
files beyond that size are refused unread; at most ``EXTRACTION_MAX_PAGES`` PDF pages are read
and ``EXTRACTION_MAX_CHARS`` characters kept. :func:`extract_file` runs the parser in a child
process limited to ``EXTRACTION_MAX_MEMORY_MB`` of address space and killed after
``EXTRACTION_TIMEOUT_SECONDS``; the parent only waits (it holds no database transaction).
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from plaza.core.bounded import ChildFailed, run_child, serve_child

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


@dataclass(frozen=True)
class Bounds:
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_ratio: int = 100
    max_pages: int = 2000
    max_chars: int = 2_000_000
    timeout_seconds: int = 120
    max_memory_bytes: int = 1024 * 1024 * 1024

    @classmethod
    def from_settings(cls) -> Bounds:
        from django.conf import settings

        mb = 1024 * 1024
        return cls(
            max_uncompressed_bytes=int(settings.EXTRACTION_MAX_UNCOMPRESSED_MB) * mb,
            max_ratio=int(settings.EXTRACTION_MAX_RATIO),
            max_pages=int(settings.EXTRACTION_MAX_PAGES),
            max_chars=int(settings.EXTRACTION_MAX_CHARS),
            timeout_seconds=int(settings.EXTRACTION_TIMEOUT_SECONDS),
            max_memory_bytes=int(settings.EXTRACTION_MAX_MEMORY_MB) * mb,
        )


# A zip this small is never refused for its ratio (tiny XML parts compress very well).
RATIO_FLOOR_BYTES = 10 * 1024 * 1024


@dataclass
class Extracted:
    text: str
    note: str = ""  # e.g. "only the first 2000 pages were read"


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f}"


def check_size(size: int, bounds: Bounds) -> None:
    """Refuse, before reading it, a file larger than the uncompressed bound."""
    if size > bounds.max_uncompressed_bytes:
        raise ExtractionError(
            _("the file is %(size)s MB; text is read from files up to %(limit)s MB")
            % {"size": _mb(size), "limit": _mb(bounds.max_uncompressed_bytes)}
        )


def check_zip(stream: IO[bytes], size: int, bounds: Bounds) -> None:
    """Refuse a zip container (DOCX) that would expand too far, from its directory alone.

    The sizes in the directory can lie; the child process's memory and time limits catch a
    container that does.
    """
    try:
        with zipfile.ZipFile(stream) as archive:
            expanded = sum(max(info.file_size, 0) for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractionError(
            _("the Word document is damaged or not a .docx file (%(detail)s)") % {"detail": exc}
        ) from None
    finally:
        stream.seek(0)
    if expanded > bounds.max_uncompressed_bytes:
        raise ExtractionError(
            _(
                "the document would expand to %(size)s MB when opened; the limit is %(limit)s MB "
                "(it may be a zip bomb)"
            )
            % {"size": _mb(expanded), "limit": _mb(bounds.max_uncompressed_bytes)}
        )
    if expanded > RATIO_FLOOR_BYTES and expanded > bounds.max_ratio * max(size, 1):
        raise ExtractionError(
            _(
                "the document would expand %(ratio)s times when opened; the limit is %(limit)s "
                "times (it may be a zip bomb)"
            )
            % {"ratio": expanded // max(size, 1), "limit": bounds.max_ratio}
        )


def extract_file(path: str, content_type: str, bounds: Bounds | None = None) -> Extracted:
    """Extract a stored file's text within every bound; raises ExtractionError saying why not.

    The cheap checks (size, zip directory) run here; the parsing runs in a child process with
    a memory limit (RLIMIT_AS) and a time-out, so a hostile file costs at most those.
    """
    bounds = bounds or Bounds.from_settings()
    size = os.path.getsize(path)
    if content_type != PDF:
        check_size(size, bounds)
    if content_type == DOCX:
        with open(path, "rb") as stream:
            check_zip(stream, size, bounds)
    try:
        answer = run_child(
            "plaza.library.extraction",
            {"path": path, "content_type": content_type, "bounds": asdict(bounds)},
            seconds=bounds.timeout_seconds,
            memory_bytes=bounds.max_memory_bytes,
        )
    except ChildFailed as exc:
        if exc.reason == "timeout":
            raise ExtractionError(
                _("reading the file took longer than %(seconds)s seconds")
                % {"seconds": bounds.timeout_seconds}
            ) from None
        if exc.reason == "memory":
            raise ExtractionError(
                _("reading the file needed more than %(limit)s MB of memory")
                % {"limit": _mb(bounds.max_memory_bytes)}
            ) from None
        raise ExtractionError(
            _("the file could not be read (the reader stopped with code %(code)s)")
            % {"code": exc.returncode}
        ) from None
    if "error" in answer:
        raise ExtractionError(str(answer["error"]))
    return Extracted(text=answer["text"], note=answer.get("note", ""))


def content_type_for(filename: str, head: bytes) -> str | None:
    """The content type of an upload from its name and first bytes; None if not accepted."""
    suffix = Path(filename).suffix.lower()
    if head.startswith(b"%PDF"):
        return PDF
    if suffix == ".docx" or (head.startswith(b"PK") and suffix not in CONTENT_TYPES):
        return DOCX if suffix == ".docx" else None
    return CONTENT_TYPES.get(suffix)


def extract_text(stream: IO[bytes], content_type: str, bounds: Bounds | None = None) -> Extracted:
    """Parse in this process (the child of extract_file, or a test): pages and characters bound."""
    bounds = bounds or Bounds()
    if content_type == PDF:
        text, note = _pdf_text(stream, bounds.max_pages)
    elif content_type == DOCX:
        text, note = _docx_text(stream), ""
    elif content_type == HTML:
        text, note = _html_text(stream.read(bounds.max_uncompressed_bytes + 1)), ""
    elif content_type == TEXT:
        text, note = _decode(stream.read(bounds.max_chars * 4 + 4)).strip(), ""
    else:
        raise ExtractionError(_("files of type %(type)s are not read") % {"type": content_type})
    if len(text) > bounds.max_chars:
        text = text[: bounds.max_chars]
        note = _("only the first %(chars)s characters were kept") % {"chars": bounds.max_chars}
    return Extracted(text=text, note=note)


def _pdf_text(stream: IO[bytes], max_pages: int) -> tuple[str, str]:
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
        total = len(reader.pages)
        pages = [reader.pages[i].extract_text() or "" for i in range(min(total, max_pages))]
    except ExtractionError:
        raise
    except FileNotDecryptedError:
        raise ExtractionError(_("the PDF is encrypted with a password")) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ExtractionError(_("the PDF is damaged (%(detail)s)") % {"detail": exc}) from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise ExtractionError(_("the PDF has no text layer (it may be a scanned image)"))
    note = ""
    if total > max_pages:
        note = _("only the first %(pages)s of %(total)s pages were read") % {
            "pages": max_pages,
            "total": total,
        }
    return text, note


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


# --- the child process -------------------------------------------------------------------
def _child(request: dict[str, Any]) -> dict[str, Any]:
    bounds = Bounds(**request["bounds"])
    try:
        with open(request["path"], "rb") as stream:
            result = extract_text(stream, request["content_type"], bounds)
    except ExtractionError as exc:
        return {"error": str(exc)}
    return {"text": result.text, "note": result.note}


def main() -> None:
    """Answer one request from the parent (messages in English: the child has no catalogue)."""
    from django.conf import settings

    settings.configure(USE_I18N=False)
    serve_child(_child)


if __name__ == "__main__":
    main()
