"""Issue 18 item 2: first-page thumbnails, page counts, size and type, download counts.

A PDF's preview is drawn by PDFium in a bounded child process (the worker holds no
transaction meanwhile); a file that cannot be drawn is kept, with the reason shown to those
who curate it. Thumbnails are served like the file itself (same access check, nosniff, CSP).
Downloads are counted with one UPDATE, nothing about the reader kept, HEAD requests, range
continuations and declared robots not counted.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from PIL import Image
from pypdf import PdfWriter

from plaza.accounts.models import User
from plaza.core.files import FILE_CSP
from plaza.library import previews, services
from plaza.library.extraction import Bounds
from plaza.library.models import PreviewStatus, ResourceFile
from plaza.library.tasks import run_preview
from plaza.library.templatetags.library_files import file_facts
from tests.library.factories import resource_with_creators

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Firefox/140.0"
MB = 1024 * 1024


def _pdf(pages: int = 3) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _attach(user: User, resource: Any, name: str, content: bytes) -> ResourceFile:
    return services.attach_file(user, resource, SimpleUploadedFile(name, content))


@pytest.fixture
def public(librarian: Any) -> Any:
    return resource_with_creators(("Roever", "Sally"), title="Street vendors and the city")


def test_a_pdf_gets_a_thumbnail_and_its_page_count(
    client: Client, librarian: Any, public: Any
) -> None:
    stored = _attach(librarian, public, "report.pdf", _pdf(pages=14))
    assert stored.preview_status == PreviewStatus.PENDING
    assert run_preview(stored.pk) == PreviewStatus.DONE
    stored.refresh_from_db()
    assert stored.page_count == 14 and stored.has_preview
    assert stored.history.count() == 1  # drawing a preview is not an edit of the record

    response = client.get(stored.get_preview_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == FILE_CSP
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert image.format == "PNG" and image.width == previews.THUMBNAIL_WIDTH
    assert image.height <= previews.THUMBNAIL_MAX_HEIGHT

    page = client.get(public.get_absolute_url()).content.decode()
    assert f'src="{stored.get_preview_url()}"' in page
    assert "(PDF, 2 KB, 14 pages)" in page or "(PDF, 1 KB, 14 pages)" in page


def test_the_upload_queues_the_preview_for_the_worker(
    librarian: Any, public: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        stored = _attach(librarian, public, "report.pdf", _pdf(pages=2))
    stored.refresh_from_db()
    assert stored.preview_status == PreviewStatus.DONE and stored.page_count == 2
    text = _attach(librarian, public, "notes.txt", b"plain words")
    assert text.preview_status == PreviewStatus.NONE and not text.has_preview


def test_a_broken_pdf_is_kept_with_the_reason(client: Client, librarian: Any, public: Any) -> None:
    stored = _attach(librarian, public, "broken.pdf", b"%PDF-1.4\nnot really a PDF at all")
    assert run_preview(stored.pk) == PreviewStatus.FAILED
    stored.refresh_from_db()
    assert stored.preview_message == "the PDF is damaged or not a PDF"
    assert stored.page_count is None and not stored.thumbnail
    assert client.get(stored.get_preview_url()).status_code == 404
    assert client.get(stored.get_absolute_url(), HTTP_USER_AGENT=BROWSER).status_code == 200
    client.force_login(librarian)
    page = client.get(public.get_absolute_url()).content.decode()
    assert "No preview could be made: the PDF is damaged or not a PDF" in page


def test_drawing_is_bounded_in_time_and_memory(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf())
    with pytest.raises(previews.PreviewError, match="longer than 0 seconds"):
        previews.make_preview(str(path), "application/pdf", Bounds(timeout_seconds=0))
    with pytest.raises(previews.PreviewError, match=r"more than 40 MB of memory|stopped"):
        previews.make_preview(str(path), "application/pdf", Bounds(max_memory_bytes=40 * MB))
    made = previews.make_preview(str(path), "application/pdf", Bounds())
    assert made.page_count == 3 and made.png.startswith(b"\x89PNG")


def test_a_thumbnail_is_never_shown_to_who_may_not_see_the_file(
    client: Client, librarian: Any, plain_user: User
) -> None:
    draft = resource_with_creators(("Dias", "Sonia"), title="Draft", status="draft")
    members = resource_with_creators(("Chen", "Martha"), title="Members", visibility="members")
    hidden = []
    for resource in (draft, members):
        stored = _attach(librarian, resource, "x.pdf", _pdf(pages=1))
        run_preview(stored.pk)
        hidden.append(stored)
    for stored in hidden:
        assert client.get(stored.get_preview_url()).status_code == 404
        assert client.get(stored.get_absolute_url()).status_code == 404
    client.force_login(plain_user)
    assert client.get(hidden[0].get_preview_url()).status_code == 404  # a draft
    assert client.get(hidden[1].get_preview_url()).status_code == 200  # members only
    client.force_login(librarian)
    assert client.get(hidden[0].get_preview_url()).status_code == 200


def test_downloads_are_counted_without_keeping_anything_about_the_reader(
    client: Client, librarian: Any, public: Any
) -> None:
    stored = _attach(librarian, public, "notes.txt", b"plain words")
    url = stored.get_absolute_url()
    assert client.get(url, HTTP_USER_AGENT=BROWSER).status_code == 200
    assert client.get(url + "?inline=1", HTTP_USER_AGENT=BROWSER).status_code == 200
    assert client.head(url, HTTP_USER_AGENT=BROWSER).status_code == 200
    client.get(url, HTTP_USER_AGENT=BROWSER, HTTP_RANGE="bytes=4-")  # a resumed download
    client.get(url, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    client.get(url, HTTP_USER_AGENT="curl/8.5.0")
    client.get(url)  # no User-Agent at all
    stored.refresh_from_db()
    assert stored.download_count == 2
    assert stored.history.count() == 1  # no history row, no reader, no address, no agent
    page = client.get(public.get_absolute_url()).content.decode()
    assert "Downloaded 2 times" in page


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "PDF, 1.2 MB, 14 pages"),
        ("es", "PDF, 1,2 MB, 14 páginas"),
        ("fr", "PDF, 1,2 Mo, 14 pages"),
    ],
)
def test_size_and_type_in_the_readers_language(lang: str, expected: str) -> None:
    stored = ResourceFile(content_type="application/pdf", size=1_250_000, page_count=14)
    with translation.override(lang):
        assert file_facts(stored) == expected


def test_make_previews_draws_the_pdfs_stored_before_previews_existed(
    librarian: Any, public: Any
) -> None:
    from django.core.management import call_command

    older = _attach(librarian, public, "older.pdf", _pdf(pages=4))
    broken = _attach(librarian, public, "broken.pdf", b"%PDF-1.4 nothing")
    out = io.StringIO()
    call_command("make-previews", stdout=out)
    assert out.getvalue().strip() == "2 file(s): 1 done, 1 failed"
    older.refresh_from_db()
    assert older.page_count == 4 and older.has_preview
    call_command("make-previews", stdout=out)  # nothing left but the failure
    assert out.getvalue().splitlines()[-1] == "0 file(s): nothing"
    call_command("make-previews", "--retry", stdout=out)
    assert out.getvalue().splitlines()[-1] == "1 file(s): 1 failed"
    broken.refresh_from_db()
    assert broken.preview_status == PreviewStatus.FAILED
