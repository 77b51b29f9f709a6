"""A first-page thumbnail and the page count of a PDF, made by PDFium (pypdfium2), within bounds.

Like text extraction (``plaza.library.extraction``) the PDF is opened in a child process
limited to ``EXTRACTION_MAX_MEMORY_MB`` of address space and killed after
``EXTRACTION_TIMEOUT_SECONDS``: a hostile or broken PDF costs at most that, and the worker
that waits holds no database transaction. Only the first page is rendered, at most
``THUMBNAIL_WIDTH`` pixels wide and ``THUMBNAIL_MAX_HEIGHT`` high, as a 256-colour PNG
(a few kilobytes to a few tens of kilobytes).

Every failure becomes a :class:`PreviewError` whose message says why in a librarian's words;
the file itself is kept (it can still be downloaded) and the reason is shown on its page.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from plaza.core.bounded import ChildFailed, run_child, serve_child
from plaza.library.extraction import PDF, Bounds, _mb

THUMBNAIL_WIDTH = 240  # pixels: twice the width shown on the page, sharp on dense screens
THUMBNAIL_MAX_HEIGHT = 480  # a long, narrow page is cut at the bottom, never scaled down to a line
PREVIEW_TYPES = frozenset({PDF})


class PreviewError(Exception):
    """No preview could be made; str(error) says why."""


@dataclass
class Preview:
    png: bytes
    page_count: int


def make_preview(path: str, content_type: str, bounds: Bounds | None = None) -> Preview:
    """Render the first page of a stored PDF in a bounded child process."""
    if content_type not in PREVIEW_TYPES:
        raise PreviewError(_("files of type %(type)s have no preview") % {"type": content_type})
    bounds = bounds or Bounds.from_settings()
    with tempfile.TemporaryDirectory(prefix="plaza-preview-") as folder:
        target = str(Path(folder) / "page.png")
        try:
            answer = run_child(
                "plaza.library.previews",
                {"path": path, "target": target},
                seconds=bounds.timeout_seconds,
                memory_bytes=bounds.max_memory_bytes,
            )
        except ChildFailed as exc:
            if exc.reason == "timeout":
                raise PreviewError(
                    _("drawing the first page took longer than %(seconds)s seconds")
                    % {"seconds": bounds.timeout_seconds}
                ) from None
            if exc.reason == "memory":
                raise PreviewError(
                    _("drawing the first page needed more than %(limit)s MB of memory")
                    % {"limit": _mb(bounds.max_memory_bytes)}
                ) from None
            raise PreviewError(
                _("the first page could not be drawn (the renderer stopped with code %(code)s)")
                % {"code": exc.returncode}
            ) from None
        if "error" in answer:
            raise PreviewError(_child_message(str(answer["error"])))
        return Preview(png=Path(target).read_bytes(), page_count=int(answer["pages"]))


# What the child answers (it has no settings, hence no catalogue); the parent translates.
ENCRYPTED = "encrypted"
DAMAGED = "damaged"
NO_PAGES = "no-pages"


def _child_message(code: str) -> str:
    messages = {
        ENCRYPTED: _("the PDF is encrypted with a password"),
        DAMAGED: _("the PDF is damaged or not a PDF"),
        NO_PAGES: _("the PDF has no pages"),
    }
    return messages.get(code, code)


def render_first_page(path: str, target: str) -> int:
    """Draw page 1 into ``target`` (PNG); return the number of pages. In the child."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        return _fail(ENCRYPTED if "password" in message else DAMAGED)
    try:
        pages = len(document)
        if pages < 1:
            return _fail(NO_PAGES)
        page = document[0]
        width, height = page.get_size()
        if width <= 0 or height <= 0:
            return _fail(DAMAGED)
        scale = THUMBNAIL_WIDTH / width
        crop_bottom = max(0.0, height - THUMBNAIL_MAX_HEIGHT / scale)
        bitmap = page.render(scale=scale, crop=(0, 0, 0, crop_bottom), may_draw_forms=False)
        image = bitmap.to_pil().convert("RGB")
        image = image.quantize(colors=256)
        image.save(target, format="PNG", optimize=True)
        return pages
    except pdfium.PdfiumError:
        return _fail(DAMAGED)
    finally:
        document.close()


class _ChildFailure(Exception):
    pass


def _fail(message: str) -> int:
    raise _ChildFailure(message)


def _child(request: dict[str, Any]) -> dict[str, Any]:
    try:
        return {"pages": render_first_page(request["path"], request["target"])}
    except _ChildFailure as exc:
        return {"error": str(exc)}


def main() -> None:
    """Answer one request from the parent."""
    serve_child(_child)


if __name__ == "__main__":
    main()
