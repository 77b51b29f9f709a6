"""The public Partnering page: the form, its protections, the acknowledgement."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings

from plaza.inquiries.models import Inquiry

STUDENT_ES = {
    "name": "Lucía Quispe",
    "email": "lucia@example.org",
    "organisation": "Universidad Nacional Mayor de San Marcos",
    "organisation_kind": "student",
    "request_kinds": ["research-help", "worker-access"],
    "topic": "vendedores ambulantes",
    "message": (
        "Soy estudiante de maestría y estoy escribiendo mi tesis sobre vendedores ambulantes en "
        "Lima. ¿Podrían ayudarme a conseguir entrevistas con vendedoras del mercado?"
    ),
    "country": "PE",
    "city": "Lima",
    "language": "es",
}


@pytest.mark.parametrize("lang", ["en", "es", "fr", "th", "hi"])
def test_partnering_page_in_every_language(client: Client, db: Any, lang: str) -> None:
    response = client.get(f"/{lang}/partnering/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="request_kinds"' in body
    assert f'lang="{lang}"' in body
    assert '<div class="hp" aria-hidden="true">' in body


def test_spanish_student_gets_reference_and_screening(
    client: Client, db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/es/partnering/", STUDENT_ES)
    assert response.status_code == 302
    inquiry = Inquiry.objects.get(email="lucia@example.org")
    assert response["Location"] == f"/es/partnering/received/{inquiry.reference}/"
    page = client.get(response["Location"]).content.decode()
    assert inquiry.reference in page
    assert "/es/search/?q=vendedores+ambulantes" in page

    screening = inquiry.latest_screening
    assert screening is not None
    assert screening.outcome == "decline"
    by_rule = {m["rule"]: m for m in screening.matches}
    assert by_rule["research-assistance"]["outcome"] == "decline"
    assert by_rule["not-a-gatekeeper"]["outcome"] == "refer"
    assert by_rule["not-a-gatekeeper"]["referrals"] == ["worker-networks", "institutional-members"]
    assert "knowledge-base" in screening.referrals and "worker-networks" in screening.referrals
    assert screening.language == "es"
    assert "/es/search/?q=vendedores+ambulantes" in screening.draft_body
    assert "/es/directory/networks/" in screening.draft_body
    assert "cite" in screening.draft_body  # "le pedimos que lo cite"
    assert "Recibimos muchas solicitudes de estudiantes" in screening.draft_body
    assert "No somos intermediarios" in screening.draft_body

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"Hemos recibido su solicitud {inquiry.reference}"
    assert mail.outbox[0].to == ["lucia@example.org"]


def test_missing_fields_are_named_in_the_users_language(client: Client, db: Any) -> None:
    response = client.post("/es/partnering/", {"name": "", "email": "no-es-un-correo"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Este campo es obligatorio" in body
    assert "correo electrónico válida" in body
    assert not Inquiry.objects.exists()


def test_honeypot_stores_nothing(client: Client, db: Any) -> None:
    response = client.post("/en/partnering/", {**STUDENT_ES, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Inquiry.objects.exists()


def test_message_size_limit(client: Client, db: Any) -> None:
    response = client.post("/en/partnering/", {**STUDENT_ES, "message": "x" * 5001})
    assert response.status_code == 400
    assert not Inquiry.objects.exists()


@override_settings(PLAZA_INQUIRY_RATE_LIMIT_PER_HOUR=2)
def test_rate_limit_per_address(client: Client, db: Any) -> None:
    for n in range(2):
        response = client.post("/en/partnering/", {**STUDENT_ES, "email": f"s{n}@example.org"})
        assert response.status_code == 302
    response = client.post("/en/partnering/", {**STUDENT_ES, "email": "s9@example.org"})
    assert response.status_code == 429
    assert "Please try again in" in response.content.decode()
    assert response["Retry-After"]
    assert Inquiry.objects.count() == 2


def test_referral_pages(client: Client, db: Any) -> None:
    from plaza.directory.models import Organization

    Organization.objects.create(
        name="Self Employed Women's Association",
        slug="sewa",
        kind="institutional-member",
        website="https://www.sewa.org",
    )
    members = client.get("/fr/partnering/institutional-members/").content.decode()
    assert "https://www.sewa.org" in members
    assert "/fr/directory/networks/" in members
    assert client.get("/hi/partnering/press/").status_code == 200


def test_draft_reply_frame_is_in_the_requesters_language(db: Any) -> None:
    from tests.inquiries.factories import make_inquiry

    inquiry = make_inquiry(
        name="Somchai",
        email="somchai@example.org",
        request_kinds=["internship"],
        message="ผมอยากฝึกงานกับองค์กรแรงงานนอกระบบ",
        language="th",
    )
    screening = inquiry.latest_screening
    assert screening is not None
    assert screening.draft_body.startswith("เรียน คุณSomchai")
    assert "ขณะนี้เรายังไม่มีโครงการฝึกงาน" in screening.draft_body
    assert "/th/partnering/institutional-members/" in screening.draft_body
