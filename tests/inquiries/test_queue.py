"""The staff queue: who may see it, filters, assignment, notes, replies, bulk declines, figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from plaza.accounts.models import User
from plaza.inquiries.models import Inquiry
from tests.inquiries.factories import make_inquiry


@pytest.fixture
def inquiries(db: Any) -> dict[str, Inquiry]:
    return {
        "student": make_inquiry(),
        "company": make_inquiry(
            name="Mark",
            email="mark@example.com",
            organisation_kind="private-company",
            request_kinds=["funding-offer"],
            message="We want to sponsor your work.",
            language="en",
        ),
        "network": make_inquiry(
            name="Rekha",
            email="rekha@example.org",
            organisation_kind="network",
            request_kinds=["information"],
            message="We need statistics on our sector.",
            language="en",
        ),
    }


def test_queue_is_for_staff_only(
    client: Client, inquiries: dict[str, Inquiry], plain_user: User, lima_coordinator: Any
) -> None:
    assert client.get("/en/partnering/queue/").status_code == 302  # to the login page
    for user in (plain_user, lima_coordinator):
        client.force_login(user)
        assert client.get("/en/partnering/queue/").status_code == 403
        ref = inquiries["student"].reference
        assert client.get(f"/en/partnering/queue/{ref}/").status_code == 403


def test_queue_filters(client: Client, inquiries: dict[str, Inquiry], staff_user: User) -> None:
    client.force_login(staff_user)
    body = client.get("/en/partnering/queue/?outcome=accept").content.decode()
    assert inquiries["network"].reference in body
    assert inquiries["student"].reference not in body
    body = client.get("/en/partnering/queue/?rule=corporate-funds").content.decode()
    assert inquiries["company"].reference in body
    assert inquiries["network"].reference not in body
    body = client.get("/en/partnering/queue/?language=es").content.decode()
    assert inquiries["student"].reference in body
    assert inquiries["company"].reference not in body
    Inquiry.objects.filter(pk=inquiries["company"].pk).update(
        created_at=timezone.now() - dt.timedelta(days=10)
    )
    body = client.get("/en/partnering/queue/?age=7").content.decode()
    assert inquiries["company"].reference in body
    assert inquiries["student"].reference not in body
    assert client.get("/en/partnering/queue/?status=bogus").status_code == 200


def test_detail_shows_why_and_staff_work_on_it(
    client: Client,
    inquiries: dict[str, Inquiry],
    staff_user: User,
    admin_user: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    inquiry = inquiries["student"]
    client.force_login(staff_user)
    url = f"/en/partnering/queue/{inquiry.reference}/"
    body = client.get(url).content.decode()
    assert "research-assistance" in body
    assert "unable to reply to the numerous requests" in body  # the policy text quoted

    assert client.post(url, {"action": "assign", "assigned_to": admin_user.pk}).status_code == 302
    client.post(url, {"action": "note", "text": "Routine student decline."})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"action": "reply", "subject": "Su consulta", "body": "Edited reply body"}
        )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.assigned_to == admin_user
    assert inquiry.status == "replied"
    assert inquiry.first_replied_at is not None
    assert inquiry.notes.get().text == "Routine student decline."
    assert mail.outbox[-1].body == "Edited reply body"
    assert mail.outbox[-1].to == [inquiry.email]
    reasons = list(inquiry.history.values_list("history_change_reason", flat=True))
    assert {"received", "assigned", "reply sent"} <= set(reasons)
    body = client.get(url).content.decode()
    assert "Edited reply body" in body
    assert client.post(url, {"action": "reply", "subject": "", "body": ""}).status_code == 400


def test_bulk_send_routine_declines_and_median(
    client: Client,
    inquiries: dict[str, Inquiry],
    staff_user: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(staff_user)
    refs = [i.reference for i in inquiries.values()]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/partnering/queue/", {"selected": refs, "action": "send-declines"})
    # Only the two declines (student, company) are answered; the accepted one waits.
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "mark@example.com"]
    assert Inquiry.objects.get(pk=inquiries["network"].pk).status == "new"
    Inquiry.objects.filter(pk=inquiries["student"].pk).update(
        first_replied_at=inquiries["student"].created_at + dt.timedelta(hours=2)
    )
    Inquiry.objects.filter(pk=inquiries["company"].pk).update(
        first_replied_at=inquiries["company"].created_at + dt.timedelta(hours=6)
    )
    body = client.get("/en/partnering/queue/").content.decode()
    assert "4.0 hours" in body
