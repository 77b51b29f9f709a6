"""Reminders and notices by e-mail: the worker sends exactly one reminder per event, in the
recipient's language, and running it again sends none; opt-out and the page of notices sent."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from plaza.accounts.models import SentNotice, User
from plaza.cities import services
from tests.cities.factories import CommitmentFactory
from tests.directory.factories import OrganizationFactory, PositionFactory

pytestmark = pytest.mark.django_db(transaction=True)

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _run_worker_on(day: datetime.date) -> None:
    """The real worker in batch mode: it queues the periodic jobs, then runs the queue."""
    with mock.patch("django.utils.timezone.localdate", return_value=day):
        call_command("worker", "--batch", "--interval", "0.1")


@override_settings(TASKS=DB_TASKS, CITIES_DIGEST_WEEKDAY=9)
def test_worker_sends_one_overdue_reminder_in_the_recipients_language(
    lima: Any, lima_coordinator: Any
) -> None:
    lima_coordinator.email = "coord@example.org"
    lima_coordinator.language = "es"
    lima_coordinator.save()
    CommitmentFactory(
        agreement__platform__city=lima,
        responsible="Gerencia de mercados",
        due_date=datetime.date(2026, 6, 30),
    )
    far_before = datetime.date(2026, 5, 1)
    _run_worker_on(far_before)
    assert mail.outbox == []  # not due within the reminder window yet
    _run_worker_on(datetime.date(2026, 7, 2))  # the clock moved past the due date
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["coord@example.org"]
    assert "vencido" in message.subject  # Spanish, the coordinator's language
    assert "Gerencia de mercados" in message.body
    _run_worker_on(datetime.date(2026, 7, 3))
    assert len(mail.outbox) == 1  # never twice for the same event
    assert SentNotice.objects.get().kind == "cities-overdue"


@override_settings(CITIES_DIGEST_WEEKDAY=9, CITIES_REMINDER_DAYS_AHEAD=7)
def test_due_soon_to_coordinator_and_responsible_account_unless_opted_out(
    lima: Any, lima_coordinator: Any, plain_user: User
) -> None:
    lima_coordinator.email = "coord@example.org"
    lima_coordinator.email_notices = False
    lima_coordinator.save()
    org = OrganizationFactory(slug="fedeval", cities=[lima])
    person = PositionFactory(organization=org, person__email="Rosa@Example.org").person
    plain_user.email = "rosa@example.org"
    plain_user.save()
    commitment: Any = CommitmentFactory(
        agreement__platform__city=lima, due_date=datetime.date(2026, 6, 30)
    )
    services.update_commitment(lima_coordinator, commitment, {"responsible_person": person})
    assert [m.to for m in mail.outbox] == [["rosa@example.org"]]  # made responsible
    call_command("send-reminders", "--today", "2026-06-25")
    assert len(mail.outbox) == 2  # due soon, to Rosa only: the coordinator opted out
    assert mail.outbox[1].to == ["rosa@example.org"]
    call_command("send-reminders", "--today", "2026-06-26")
    assert len(mail.outbox) == 2


def test_weekly_digest_lists_the_changes(lima: Any, lima_coordinator: Any) -> None:
    lima_coordinator.email = "coord@example.org"
    lima_coordinator.save()
    commitment: Any = CommitmentFactory(agreement__platform__city=lima)
    services.update_commitment(lima_coordinator, commitment, {"action": "Install six taps"})
    from django.utils import timezone

    today = timezone.localdate() + datetime.timedelta(days=1)
    with override_settings(CITIES_DIGEST_WEEKDAY=today.weekday()):
        call_command("send-reminders", "--today", today.isoformat())
        call_command("send-reminders", "--today", today.isoformat())
    digests = [m for m in mail.outbox if "this week" in m.subject]
    assert len(digests) == 1 and "Install six taps" in digests[0].body


def test_profile_opt_out_and_notices_page(client: Any, lima_coordinator: Any) -> None:
    client.force_login(lima_coordinator)
    SentNotice.objects.create(
        user=lima_coordinator, key="k", kind="x", subject="A reminder", language="en"
    )
    page = client.get("/en/accounts/notices/")
    assert b"A reminder" in page.content
    client.post("/en/accounts/profile/", {"action": "notices"})
    lima_coordinator.refresh_from_db()
    assert lima_coordinator.email_notices is False


def test_a_failed_send_is_not_recorded_and_is_tried_again(lima: Any, lima_coordinator: Any) -> None:
    import smtplib

    lima_coordinator.email = "coord@example.org"
    lima_coordinator.save()
    CommitmentFactory(agreement__platform__city=lima, due_date=datetime.date(2026, 6, 30))
    with (
        override_settings(CITIES_DIGEST_WEEKDAY=9),
        mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPException("down")),
    ):
        call_command("send-reminders", "--today", "2026-07-01")
    assert SentNotice.objects.count() == 0 and mail.outbox == []
    with override_settings(CITIES_DIGEST_WEEKDAY=9):
        call_command("send-reminders", "--today", "2026-07-01")
    assert SentNotice.objects.count() == 1 and len(mail.outbox) == 1
