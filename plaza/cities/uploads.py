"""Checks on evidence files (documents and photos of progress on a commitment).

A file is accepted when its name has one of the accepted extensions, its content is really of
that type (looked at, not guessed from the name: PDF header, an image Pillow can verify, an
Office Open XML or OpenDocument zip with the parts of that kind, UTF-8 text), and it is no larger
than ``CITIES_EVIDENCE_MAX_MB``. Anything else raises a ValidationError on ``file`` naming the
problem.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def max_bytes() -> int:
    return int(settings.CITIES_EVIDENCE_MAX_MB) * 1024 * 1024


def _is_pdf(f: IO[bytes]) -> bool:
    return b"%PDF-" in f.read(1024)


def _image_check(expected: str) -> Callable[[IO[bytes]], bool]:
    def check(f: IO[bytes]) -> bool:
        from PIL import Image

        try:
            with Image.open(f) as image:
                kind = image.format
                image.verify()
        except Exception:
            return False
        return kind == expected

    return check


def _zip_check(test: Callable[[zipfile.ZipFile], bool]) -> Callable[[IO[bytes]], bool]:
    def check(f: IO[bytes]) -> bool:
        try:
            with zipfile.ZipFile(f) as archive:
                return test(archive)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            return False

    return check


def _has(*parts: str) -> Callable[[zipfile.ZipFile], bool]:
    return lambda archive: set(parts) <= set(archive.namelist())


def _is_odt(archive: zipfile.ZipFile) -> bool:
    # Only a few bytes are ever expanded: a "mimetype" entry that claims more is not an ODT.
    if archive.getinfo("mimetype").file_size > 100:
        return False
    with archive.open("mimetype") as entry:
        return entry.read(100).strip() == b"application/vnd.oasis.opendocument.text"


def _is_text(f: IO[bytes]) -> bool:
    data = f.read()
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# extension -> (name shown to people, check of the content)
ACCEPTED: dict[str, tuple[Any, Callable[[IO[bytes]], bool]]] = {
    ".pdf": ("PDF", _is_pdf),
    ".jpg": ("JPEG", _image_check("JPEG")),
    ".jpeg": ("JPEG", _image_check("JPEG")),
    ".png": ("PNG", _image_check("PNG")),
    ".webp": ("WebP", _image_check("WEBP")),
    ".docx": ("DOCX", _zip_check(_has("[Content_Types].xml", "word/document.xml"))),
    ".xlsx": ("XLSX", _zip_check(_has("[Content_Types].xml", "xl/workbook.xml"))),
    ".odt": ("ODT", _zip_check(_is_odt)),
    ".txt": (gettext_lazy("text (UTF-8)"), _is_text),
}
ACCEPT_ATTRIBUTE = ",".join(ACCEPTED)  # for <input type="file" accept="...">


def accepted_names() -> str:
    return ", ".join(dict.fromkeys(str(name) for name, _check in ACCEPTED.values()))


def check_evidence_file(upload: Any) -> None:
    """Raise a ValidationError on ``file`` unless the upload is an accepted type and size."""
    name = PurePath(upload.name or "").name
    extension = PurePath(name.lower()).suffix
    if extension not in ACCEPTED:
        raise ValidationError(
            {
                "file": _("“%(name)s”: this type of file is not accepted. Accepted: %(types)s.")
                % {"name": name, "types": accepted_names()}
            }
        )
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {
                "file": _("“%(name)s” is %(size).1f MB; the largest file accepted is %(limit)s MB.")
                % {
                    "name": name,
                    "size": upload.size / 1024 / 1024,
                    "limit": settings.CITIES_EVIDENCE_MAX_MB,
                }
            }
        )
    label, check = ACCEPTED[extension]
    upload.seek(0)
    try:
        ok = check(upload)
    finally:
        upload.seek(0)
    if not ok:
        raise ValidationError(
            {
                "file": _(
                    "“%(name)s” is not a real %(type)s file: its content does not match its "
                    "name. Accepted: %(types)s."
                )
                % {"name": name, "type": label, "types": accepted_names()}
            }
        )
