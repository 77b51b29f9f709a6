"""Evidence files are checked by content and size: a clear 400 naming the problem, nothing
saved."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from plaza.accounts.models import User
from plaza.cities.models import Evidence
from tests.cities.factories import AgreementFactory, CommitmentFactory, PlatformFactory

pytestmark = pytest.mark.django_db
PE_HEADER = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


@pytest.fixture
def commitment(lima: Any) -> Any:
    return CommitmentFactory(agreement=AgreementFactory(platform=PlatformFactory(city=lima)))


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


def _webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(out, "WEBP")
    return out.getvalue()


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def _odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def _post(client: Any, commitment: Any, name: str, content: bytes) -> Any:
    url = reverse(
        "cities:commitment", args=[commitment.agreement.platform.city.slug, commitment.pk]
    )
    return client.post(
        url,
        {
            "date": "2026-05-01",
            "progress": "40",
            "status": "in-progress",
            "kind": "document",
            "note": "",
            "file": SimpleUploadedFile(name, content),
        },
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("minutes.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"),
        ("photo.png", _png()),
        ("photo.webp", _webp()),
        ("letter.docx", _docx()),
        ("letter.odt", _odt()),
        ("note.txt", "ยืนยันการติดตั้งก๊อกน้ำ".encode()),
    ],
)
def test_accepted_files_are_saved(
    client: Any, lima_coordinator: Any, commitment: Any, name: str, content: bytes
) -> None:
    client.force_login(lima_coordinator)
    response = _post(client, commitment, name, content)
    assert response.status_code == 302, response.content.decode()[-2000:]
    evidence = Evidence.objects.get()
    assert evidence.file.name.endswith(name.rsplit(".", 1)[1])
    commitment.refresh_from_db()
    assert commitment.progress == 40


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", PE_HEADER, "“report.pdf” is not a real PDF file"),
        ("photo.jpg", _png(), "“photo.jpg” is not a real JPEG file"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"broken", "“photo.png” is not a real PNG file"),
        ("sheet.xlsx", _docx(), "“sheet.xlsx” is not a real XLSX file"),
        ("note.txt", b"\xff\xfe\x00bad", "is not a real text (UTF-8) file"),
        ("setup.exe", PE_HEADER, "“setup.exe”: this type of file is not accepted"),
    ],
)
def test_files_whose_content_does_not_match_are_refused(
    client: Any, lima_coordinator: Any, commitment: Any, name: str, content: bytes, message: str
) -> None:
    client.force_login(lima_coordinator)
    response = _post(client, commitment, name, content)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Accepted: PDF, JPEG, PNG, WebP, DOCX, XLSX, ODT, text (UTF-8)" in html
    assert not Evidence.objects.exists()
    commitment.refresh_from_db()
    assert commitment.progress == 0


def test_oversized_files_are_refused_with_the_limit(
    client: Any, settings: Any, lima_coordinator: Any, commitment: Any
) -> None:
    settings.CITIES_EVIDENCE_MAX_MB = 1
    client.force_login(lima_coordinator)
    big = b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1)
    response = _post(client, commitment, "scan.pdf", big)
    assert response.status_code == 400
    assert "“scan.pdf” is 1.0 MB; the largest file accepted is 1 MB." in response.content.decode()
    assert not Evidence.objects.exists()
    assert "at most 1 MB" in client.get(commitment.get_absolute_url()).content.decode()


def test_default_limit_is_ten_megabytes(settings: Any) -> None:
    from plaza.cities.uploads import max_bytes

    assert max_bytes() == 10 * 1024 * 1024


# --- issue 14 item 2: evidence files through a permission-checked view --------------------


def test_evidence_files_are_served_to_those_who_may_see_them(
    client: Any, lima_coordinator: Any, accra_coordinator: Any, commitment: Any
) -> None:
    from django.conf import settings

    from plaza.cities import services

    commitment.agreement.is_public = True
    commitment.agreement.save()
    private = services.record_evidence(
        lima_coordinator,
        commitment,
        date=commitment.due_date,
        progress=10,
        status="in-progress",
        file=SimpleUploadedFile("Acta reunión.pdf", b"%PDF-1.4 private minutes"),
    )
    public = services.record_evidence(
        lima_coordinator,
        commitment,
        date=commitment.due_date,
        progress=20,
        status="in-progress",
        file=SimpleUploadedFile("photo.png", _png()),
        is_public=True,
    )
    assert "Acta" not in private.file.name and private.original_name == "Acta reunión.pdf"
    # Anonymous: the public photo, never the private minutes; nothing under the media URL.
    assert client.get(public.get_file_url()).status_code == 200
    assert client.get(private.get_file_url()).status_code == 404
    assert client.get(settings.MEDIA_URL + private.file.name).status_code == 404
    client.force_login(accra_coordinator)
    assert client.get(private.get_file_url()).status_code == 404
    client.force_login(lima_coordinator)
    response = client.get(private.get_file_url())
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "filename*=utf-8''Acta%20reuni%C3%B3n.pdf" in response["Content-Disposition"]
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert private.get_file_url() in page and settings.MEDIA_URL not in page


def test_the_admin_links_evidence_files_to_the_checked_view(
    client: Any, admin_user: User, lima_coordinator: Any, commitment: Any
) -> None:
    from plaza.cities import services

    evidence = services.record_evidence(
        lima_coordinator,
        commitment,
        date=commitment.due_date,
        progress=10,
        status="in-progress",
        file=SimpleUploadedFile("minutes.txt", b"minutes"),
    )
    client.force_login(admin_user)
    page = client.get(f"/admin/cities/evidence/{evidence.pk}/change/").content.decode()
    assert evidence.get_file_url() in page and "/media/" not in page
