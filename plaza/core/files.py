"""Stored user files: unguessable names, and serving only after the owning app said yes.

Nothing under ``MEDIA_ROOT`` has a URL of its own (there is no media route). A file is sent
by a view of the app that owns it, which first decides, with the same rules as the record the
file belongs to, whether the reader may see it (404 when not), then calls :func:`serve_file`.

``serve_file`` never lets a file run on Plaza's origin:

* only a short allow-list of types is ever shown inline (PDF, PNG, JPEG, GIF, WebP, and plain
  text as ``text/plain; charset=utf-8``; never SVG, never HTML); everything else is sent as
  ``application/octet-stream`` with ``Content-Disposition: attachment`` and its original name
  (RFC 6266, ``filename*`` for names that are not ASCII);
* always ``X-Content-Type-Options: nosniff`` and a sandboxing ``Content-Security-Policy``
  (no script, no plugin, no form, an opaque origin).

How the bytes leave is a setting (``PLAZA_FILE_SERVING``): streamed by the application (the
default), or handed to the proxy with ``X-Accel-Redirect`` (nginx) or ``X-Sendfile`` (Apache,
lighttpd) after the check; see docs/admin/operations.md.
"""

from __future__ import annotations

import mimetypes
import secrets
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

# Types a browser may show inline: none of them can run script on our origin.
INLINE_TYPES = frozenset(
    {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain"}
)
# Every file response: no script, no plugin, no form, an opaque origin, never framed elsewhere.
FILE_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox"
)
# Chromium's PDF viewer does not open in a sandboxed document: inline PDFs keep every other
# restriction (the viewer runs a PDF's own scripts outside the page's origin).
PDF_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
NAME_BYTES = 18  # 144 random bits in every stored path


def unguessable_name(folder: str, filename: str) -> str:
    """``folder/<random>/<safe name>``: the random segment makes the path impossible to guess.

    The original name is kept in the record (for Content-Disposition), not trusted here: only
    its lower-cased extension (letters and digits) survives in the stored name.
    """
    suffix = PurePath(filename or "").suffix.lower()
    if not suffix[1:].isalnum() or len(suffix) > 10:
        suffix = ""
    return f"{folder.strip('/')}/{secrets.token_urlsafe(NAME_BYTES)}/file{suffix}"


def guess_type(filename: str) -> str:
    guessed, _encoding = mimetypes.guess_type(filename or "", strict=False)
    return guessed or "application/octet-stream"


def serve_file(
    request: HttpRequest,
    field_file: Any,
    *,
    filename: str,
    content_type: str = "",
    inline: bool = False,
) -> HttpResponseBase:
    """Send a stored file whose reader the calling view has already allowed (404 if missing)."""
    if not field_file:
        raise Http404
    kind = (content_type or guess_type(filename)).split(";")[0].strip().lower()
    show_inline = inline and kind in INLINE_TYPES
    if not show_inline and kind not in INLINE_TYPES:
        kind = "application/octet-stream"
    header_type = f"{kind}; charset=utf-8" if kind == "text/plain" else kind
    mode = getattr(settings, "FILE_SERVING", "app")
    if mode == "app":
        try:
            handle = field_file.open("rb")
        except (OSError, ValueError):
            raise Http404 from None
        response: HttpResponseBase = FileResponse(handle, content_type=header_type)
    else:
        try:
            size = field_file.size
        except (OSError, ValueError):
            raise Http404 from None
        response = HttpResponse(content_type=header_type)
        if mode == "x-accel-redirect":
            prefix = "/" + str(settings.FILE_ACCEL_PREFIX).strip("/") + "/"
            response["X-Accel-Redirect"] = prefix + quote(field_file.name)
        else:  # x-sendfile
            response["X-Sendfile"] = field_file.path
        response["Content-Length"] = str(size)
    response["Content-Disposition"] = (
        content_disposition_header(not show_inline, PurePath(filename or "file").name or "file")
        or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    pdf = show_inline and kind == "application/pdf"
    response["Content-Security-Policy"] = PDF_CSP if pdf else FILE_CSP
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def rename_to_unguessable(storage: Any, name: str, folder: str) -> str:
    """Move a stored file to an unguessable name (for data migrations); returns the new name.

    A name already of the form ``folder/<random>/file.ext`` is kept; a missing file keeps its
    (dead) name, so the record still says which file was lost.
    """
    parts = name.split("/")
    if (
        len(parts) == len(folder.strip("/").split("/")) + 2
        and len(parts[-2]) >= NAME_BYTES
        and parts[-1].startswith("file")
    ):
        return name
    if not storage.exists(name):
        return name
    new_name = unguessable_name(folder, name)
    with storage.open(name, "rb") as handle:
        saved = storage.save(new_name, handle)
    storage.delete(name)
    return str(saved)
