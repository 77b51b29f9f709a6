"""Stored files never run on Plaza's origin and are reachable only through checked views.

Issue 13 item 1 (uploads served inline as HTML) and issue 14 item 2 (files served through
permission-checked views, under names that cannot be guessed).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from pypdf import PdfWriter

from plaza.accounts.models import User
from plaza.core.files import FILE_CSP, rename_to_unguessable
from plaza.library import services
from plaza.library.models import ResourceFile
from tests.library.factories import resource_with_creators

pytestmark = pytest.mark.django_db
SCRIPT_PAGE = b"<html><body><script>fetch('/api/library/resources')</script></body></html>"


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def draft(librarian: Any) -> Any:
    return resource_with_creators(("Dias", "Sonia"), title="Draft with files", status="draft")


def _attach(user: User, resource: Any, name: str, content: bytes) -> ResourceFile:
    return services.attach_file(user, resource, SimpleUploadedFile(name, content))


def test_an_uploaded_web_page_is_never_shown_inline(
    client: Client, librarian: Any, draft: Any
) -> None:
    page = _attach(librarian, draft, "report.html", SCRIPT_PAGE)
    client.force_login(librarian)
    response = client.get(page.get_absolute_url() + "?inline=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == FILE_CSP
    assert "sandbox" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]  # default-src 'none'


@pytest.mark.parametrize(
    ("name", "content", "inline_type"),
    [
        ("notes.txt", "Vendedores, año 2024".encode(), "text/plain; charset=utf-8"),
        ("paper.pdf", _pdf(), "application/pdf"),
    ],
)
def test_allowed_types_are_shown_inline_when_asked(
    client: Client, librarian: Any, draft: Any, name: str, content: bytes, inline_type: str
) -> None:
    stored = _attach(librarian, draft, name, content)
    client.force_login(librarian)
    inline = client.get(stored.get_absolute_url() + "?inline=1")
    assert inline["Content-Type"] == inline_type
    assert inline["Content-Disposition"].startswith("inline;")
    assert inline["X-Content-Type-Options"] == "nosniff"
    assert b"".join(inline.streaming_content) == content  # type: ignore[attr-defined]
    download = client.get(stored.get_absolute_url())
    assert download["Content-Disposition"].startswith("attachment;")


def test_original_name_in_content_disposition_and_an_unguessable_stored_name(
    client: Client, librarian: Any, draft: Any
) -> None:
    stored = _attach(librarian, draft, "Informe año 2024.txt", b"texto")
    # library/<at least 24 random characters>/file.txt: nothing of the original name.
    assert re.fullmatch(r"library/[A-Za-z0-9_-]{24,}/file\.txt", stored.file.name)
    client.force_login(librarian)
    response = client.get(stored.get_absolute_url())
    assert "filename*=utf-8''Informe%20a%C3%B1o%202024.txt" in response["Content-Disposition"]


def test_files_follow_the_visibility_of_their_resource(
    client: Client, librarian: Any, plain_user: User, draft: Any
) -> None:
    stored = _attach(librarian, draft, "draft.txt", b"not yet public")
    assert client.get(stored.get_absolute_url()).status_code == 404
    client.force_login(plain_user)
    assert client.get(stored.get_absolute_url()).status_code == 404
    client.force_login(librarian)
    assert client.get(stored.get_absolute_url()).status_code == 200


def test_nothing_is_reachable_under_the_media_url(
    client: Client, librarian: Any, draft: Any
) -> None:
    stored = _attach(librarian, draft, "public.txt", b"anything")
    client.force_login(librarian)
    assert Path(stored.file.path).is_file()
    assert client.get(settings.MEDIA_URL + stored.file.name).status_code == 404
    assert client.get(settings.MEDIA_URL.rstrip("/")).status_code == 404


@override_settings(FILE_SERVING="x-accel-redirect", FILE_ACCEL_PREFIX="/protected-media/")
def test_the_proxy_can_send_the_bytes_after_the_check(
    client: Client, librarian: Any, draft: Any
) -> None:
    stored = _attach(librarian, draft, "proxy.txt", b"sent by nginx")
    assert client.get(stored.get_absolute_url()).status_code == 404
    client.force_login(librarian)
    response = client.get(stored.get_absolute_url())
    assert response["X-Accel-Redirect"] == "/protected-media/" + stored.file.name
    assert response.content == b""
    assert response["X-Content-Type-Options"] == "nosniff"


def test_existing_files_move_to_unguessable_names(tmp_path: Path) -> None:
    old = default_storage.save("library/7/Minutes of the meeting.pdf", ContentFile(b"%PDF-1.4"))
    new = rename_to_unguessable(default_storage, old, "library")
    assert new != old and not default_storage.exists(old)
    assert re.fullmatch(r"library/[A-Za-z0-9_-]{24,}/file\.pdf", new)
    assert default_storage.open(new).read() == b"%PDF-1.4"
    assert rename_to_unguessable(default_storage, new, "library") == new  # already moved
