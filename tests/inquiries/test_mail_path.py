"""The help desk's mail takes Plaza's one mail path (accounts/notifications.py): each message is
recorded once per recipient and event, in the recipient's language, an inquirer's address is
erased from that record with their data, and staff who turned notices off are not mailed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from plaza.accounts.models import SentNotice, User
from plaza.inquiries import mail as inquiry_mail
from plaza.inquiries import services
from tests.inquiries.conftest import HELP_DESK
from tests.inquiries.factories import make_inquiry
from tests.inquiries.test_helpdesk import answer_from

pytestmark = pytest.mark.django_db


def test_an_inquirer_is_acknowledged_once_in_their_language(
    desk: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = make_inquiry(email="lucia@example.org", language="es")
    acknowledgement = next(m for m in mail.outbox if m.to == ["lucia@example.org"])
    assert acknowledgement.subject.startswith("Hemos recibido su solicitud")
    record = SentNotice.objects.get(address="lucia@example.org")
    assert (record.user, record.language, record.kind) == (None, "es", "inquiry-acknowledgement")
    assert record.subject == acknowledgement.subject
    sent = len(mail.outbox)
    assert inquiry_mail.send_acknowledgement(inquiry) is False  # the same event: not again
    assert len(mail.outbox) == sent
    desk_notice = SentNotice.objects.get(address=HELP_DESK)
    assert desk_notice.kind == "inquiry-new" and desk_notice.url == inquiry.get_absolute_url()


def test_a_failed_reply_leaves_no_record_and_is_raised(
    staff_user: User, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inquiry = make_inquiry()

    def refuse(self: Any, fail_silently: bool = False) -> int:
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(OSError), django_capture_on_commit_callbacks(execute=True):
        services.send_reply(staff_user, inquiry, "Re: tesis", "Gracias")
    assert not SentNotice.objects.filter(kind="inquiry-reply").exists()
    monkeypatch.undo()
    reply = inquiry.replies.get()
    assert inquiry_mail.send_reply(reply) is not None  # sent on a second try
    assert mail.outbox[-1].subject == f"Re: tesis [{inquiry.reference}]"


def test_anonymising_erases_the_inquirer_address_from_what_was_sent(
    staff_user: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.PLAZA_INQUIRY_RETENTION_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        old = make_inquiry(email="old@example.org")
        services.send_reply(staff_user, old, "Re: tesis", "Gracias")
        newer = make_inquiry(email="old@example.org")
    assert SentNotice.objects.filter(address="old@example.org").count() == 3
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    assert services.anonymise_expired_inquiries() == 1
    kept = SentNotice.objects.get(address="old@example.org")  # the newer inquiry's record
    assert kept.key == f"inquiries:inquiry:{newer.pk}:acknowledgement"
    assert SentNotice.objects.filter(user=None, address="").count() == 2


def test_staff_who_turned_notices_off_are_not_mailed_and_answers_go_to_the_desk(
    desk: Any, staff_user: User, django_user_model: Any, django_capture_on_commit_callbacks: Any
) -> None:
    quiet = django_user_model.objects.create_user(
        "quiet", email="quiet@example.org", password="x", email_notices=False
    )
    quiet.groups.set(staff_user.groups.all())
    inquiry = make_inquiry(email="lucia@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_inquiry(staff_user, inquiry, quiet)
    assert mail.outbox == []
    raw = answer_from("lucia@example.org", "desk@example.org", f"Re: [{inquiry.reference}]", "Sí")
    with django_capture_on_commit_callbacks(execute=True):
        message = services.receive_answer(raw)
    assert message is not None
    assert [m.to for m in mail.outbox] == [[HELP_DESK]]
    assert SentNotice.objects.get(key=f"inquiries:answer:{message.pk}").address == HELP_DESK
