from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from plaza.accounts.models import User
from plaza.library import services
from plaza.library.models import Resource

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": "Street vendors and cities",
    "type": "publication",
    "language": "en",
    "year": 2016,
}


def test_librarian_creates_draft_and_publishes_it_and_the_index_follows(
    librarian: Any, lima: Any, index_writer: Any
) -> None:
    resource = services.create_resource(
        librarian,
        dict(FIELDS, countries=["pe"], keywords=["street vending"]),
        creators=[{"kind": "person", "family_name": "Roever", "given_names": "Sally"}],
        sectors=["street-vendors"],
        cities=[lima],
    )
    assert resource.status == "draft"
    # A draft is not indexable: the writer is told to remove it.
    assert index_writer.removed == [("library.resource", resource.pk)]
    services.submit_for_review(librarian, resource)
    services.publish_resource(librarian, resource)
    document = index_writer.indexed[-1]
    assert document.pk == resource.pk and document.indexable
    assert document.facets["city"] == ["lima"]
    assert document.facets["country"] == ["PE"]
    assert document.facets["sector"] == ["street-vendors"]
    assert document.facets["year"] == ["2016"]
    assert document.creators == ["Sally Roever"]
    services.withdraw_resource(librarian, resource, "Superseded by a new edition")
    assert index_writer.removed[-1] == ("library.resource", resource.pk)
    assert resource.history.count() >= 4


def test_coordinator_proposes_but_cannot_publish(lima_coordinator: Any, librarian: Any) -> None:
    resource = services.create_resource(lima_coordinator, dict(FIELDS))
    services.submit_for_review(lima_coordinator, resource)
    with pytest.raises(PermissionDenied):
        services.publish_resource(lima_coordinator, resource)
    with pytest.raises(PermissionDenied):
        services.create_resource(lima_coordinator, dict(FIELDS, status="published"))
    services.publish_resource(librarian, resource)
    # Once published, the contributor can no longer change it.
    with pytest.raises(PermissionDenied):
        services.update_resource(lima_coordinator, resource, {"title": "Changed"})


def test_plain_user_cannot_propose(plain_user: User) -> None:
    with pytest.raises(PermissionDenied):
        services.create_resource(plain_user, dict(FIELDS))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("doi", "not-a-doi", "is not a DOI"),
        ("year", timezone.localdate().year + 1, "in the future"),
        ("language", "xx", "not a known language code"),
        ("isbn", "978-0-00-000000-1", "not a valid ISBN"),
        ("countries", ["ZZ"], "Unknown country"),
    ],
)
def test_bad_metadata_is_refused_with_a_clear_message(
    librarian: Any, field: str, value: Any, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_resource(librarian, dict(FIELDS, **{field: value}))
    assert message in " ".join(error.value.message_dict[field])
    assert not Resource.objects.exists()


def test_doi_url_is_normalised(librarian: Any) -> None:
    resource = services.create_resource(
        librarian, dict(FIELDS, doi="https://doi.org/10.1177/0956247816652951")
    )
    assert resource.doi == "10.1177/0956247816652951"


def test_language_versions_form_one_group(librarian: Any) -> None:
    original = services.create_resource(librarian, dict(FIELDS))
    spanish = services.create_resource(
        librarian, dict(FIELDS, language="es", title="Vendedores", edition_of=original)
    )
    french = services.create_resource(
        librarian, dict(FIELDS, language="fr", title="Vendeurs", edition_of=spanish)
    )
    assert french.edition_of_id == original.pk  # points at the original, not at the Spanish one
    assert {r.pk for r in original.language_versions()} == {spanish.pk, french.pk}
    assert french.group_key == original.group_key


def _pdf_bytes(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def _attach(capture: Any, *args: Any) -> Any:
    """Attach a file and run what waits for the commit (the extraction task)."""
    with capture(execute=True):
        return services.attach_file(*args)


def test_uploaded_files_are_extracted_and_indexed(
    librarian: Any, index_writer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import docx

    resource = services.create_resource(librarian, dict(FIELDS, status="published"))
    _attach(
        django_capture_on_commit_callbacks,
        librarian,
        resource,
        SimpleUploadedFile("paper.pdf", _pdf_bytes("Waste pickers in Pune")),
    )
    document = docx.Document()
    document.add_paragraph("Domestic workers organise in Lima")
    buffer = io.BytesIO()
    document.save(buffer)
    _attach(
        django_capture_on_commit_callbacks,
        librarian,
        resource,
        SimpleUploadedFile("brief.docx", buffer.getvalue()),
    )
    _attach(
        django_capture_on_commit_callbacks,
        librarian,
        resource,
        SimpleUploadedFile("page.html", b"<html><script>x()</script><p>Street vendors</p></html>"),
    )
    _attach(
        django_capture_on_commit_callbacks,
        librarian,
        resource,
        SimpleUploadedFile("notes.txt", "ค้าขาย".encode()),
    )
    statuses = {
        f.original_name: (f.extraction_status, f.content_type) for f in resource.files.all()
    }
    assert statuses["paper.pdf"] == ("done", "application/pdf")
    assert statuses["brief.docx"][0] == "done"
    assert statuses["page.html"] == ("done", "text/html")
    body = index_writer.indexed[-1].body
    for words in ("Waste pickers in Pune", "Domestic workers organise", "Street vendors", "ค้าขาย"):
        assert words in body
    assert "x()" not in body


def test_broken_and_encrypted_files_are_kept_with_the_reason(
    librarian: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from pypdf import PdfReader, PdfWriter

    resource = services.create_resource(librarian, dict(FIELDS))
    _attach(
        django_capture_on_commit_callbacks,
        librarian,
        resource,
        SimpleUploadedFile("broken.pdf", b"%PDF-1.4 garbage"),
    )
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_bytes("secret"))))
    writer.encrypt("s3cret")
    out = io.BytesIO()
    writer.write(out)
    _attach(
        django_capture_on_commit_callbacks,
        librarian,
        resource,
        SimpleUploadedFile("locked.pdf", out.getvalue()),
    )
    files = {f.original_name: f for f in resource.files.all()}
    assert files["broken.pdf"].extraction_status == "failed"
    assert "damaged" in files["broken.pdf"].extraction_message
    assert files["locked.pdf"].extraction_status == "failed"
    assert "encrypted" in files["locked.pdf"].extraction_message
    assert files["locked.pdf"].file.size > 0


def test_upload_limits(librarian: Any, settings: Any) -> None:
    resource = services.create_resource(librarian, dict(FIELDS))
    with pytest.raises(ValidationError, match="only PDF"):
        services.attach_file(librarian, resource, SimpleUploadedFile("tool.exe", b"MZ\x90\x00"))
    settings.LIBRARY_MAX_FILE_MB = 1
    with pytest.raises(ValidationError, match="limit is 1 MB"):
        services.attach_file(
            librarian, resource, SimpleUploadedFile("big.txt", b"a" * (1024 * 1024 + 1))
        )
    assert not resource.files.exists()


def test_only_drafts_are_deleted(librarian: Any, index_writer: Any) -> None:
    resource = services.create_resource(librarian, dict(FIELDS, status="published"))
    with pytest.raises(ValidationError):
        services.delete_resource(librarian, resource)
    draft = services.create_resource(librarian, dict(FIELDS))
    pk = draft.pk
    services.delete_resource(librarian, draft)
    assert ("library.resource", pk) in index_writer.removed
    assert not Resource.objects.filter(pk=pk).exists()
