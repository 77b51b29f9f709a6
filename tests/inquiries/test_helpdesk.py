"""The help desk: staff told of new requests and assignments, answers from the queue, the
requester's e-mail answer attached to the inquiry (mailbox command and gateway webhook), due
times and reply-time figures, labels and translated clauses on staff pages."""

from __future__ import annotations

import datetime as dt
import mailbox
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from plaza.accounts.models import User
from plaza.inquiries import selectors
from plaza.inquiries.models import CannedReply, InboundMessage, Inquiry, PolicyRule
from tests.inquiries.conftest import HELP_DESK, REPLY_ADDRESS
from tests.inquiries.factories import make_inquiry


def answer_from(sender: str, to: str, subject: str, text: str) -> bytes:
    """A real RFC 5322 message, built with the standard library."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = make_msgid(domain="mail.example.org")
    message.set_content(text)
    return message.as_bytes()


def test_request_notice_answer_and_reply_email_round_trip(
    client: Client,
    desk: Any,
    staff_user: User,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/partnering/",
            {
                "name": "Amina Diallo",
                "email": "amina@example.org",
                "organisation_kind": "worker-organisation",
                "request_kinds": ["information"],
                "message": "Our union needs statistics on domestic workers' wages.",
                "language": "en",
            },
        )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    notice = next(m for m in mail.outbox if m.to == [HELP_DESK])
    assert inquiry.reference in notice.subject
    assert f"/queue/{inquiry.reference}/" in notice.body
    assert "Information, data or statistics" in notice.body  # a label, not the code
    assert inquiry.due_at is not None

    client.force_login(staff_user)
    queue = client.get("/en/partnering/queue/").content.decode()
    assert inquiry.reference in queue
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/partnering/queue/{inquiry.reference}/",
            {"action": "reply", "subject": "Your request", "body": "Dear Amina, yes we can help."},
        )
    assert response.status_code == 302
    reply = mail.outbox[0]
    assert reply.to == ["amina@example.org"]
    assert inquiry.reference in reply.subject
    inquiry.refresh_from_db()
    assert reply.reply_to == [f"inquiries+{inquiry.reply_token}@plaza.example"]
    assert inquiry.first_replied_at is not None

    # The requester answers Plaza's e-mail; the mailbox is read by the command.
    raw = answer_from(
        "Amina Diallo <amina@example.org>",
        reply.reply_to[0],
        f"Re: {reply.subject}",
        "Thank you! We meet on Tuesday, could you join?",
    )
    box = mailbox.mbox(tmp_path / "inquiries.mbox")
    box.add(raw)
    box.flush()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("receive-inquiry-mail", str(tmp_path / "inquiries.mbox"))
    call_command("receive-inquiry-mail", str(tmp_path / "inquiries.mbox"))  # read twice: once
    assert InboundMessage.objects.filter(inquiry=inquiry).count() == 1
    inquiry.refresh_from_db()
    assert inquiry.status == "in-review"
    assert mail.outbox and mail.outbox[0].to == [HELP_DESK]  # nobody assigned: the desk
    page = client.get(f"/en/partnering/queue/{inquiry.reference}/").content.decode()
    assert "could you join?" in page
    assert "Messages from the requester" in page


def test_a_maildir_is_read_and_messages_move_to_cur(desk: Any, db: Any, tmp_path: Path) -> None:
    inquiry = make_inquiry(email="lucia@example.org")
    box = mailbox.Maildir(tmp_path / "Maildir")
    box.add(
        mailbox.MaildirMessage(
            answer_from(
                "lucia@example.org",
                "plaza@example.org",
                f"Re: Su solicitud {inquiry.reference}",
                "Gracias",
            )
        )
    )
    box.add(
        mailbox.MaildirMessage(
            answer_from(
                "someone@else.example", "plaza@example.org", f"Re: {inquiry.reference}", "Forged"
            )
        )
    )
    call_command("receive-inquiry-mail", str(tmp_path / "Maildir"))
    # Matched by the reference in the subject only when it comes from the requester.
    assert list(inquiry.inbound_messages.values_list("body", flat=True)) == ["Gracias"]
    assert len(list((tmp_path / "Maildir" / "cur").iterdir())) == 1


def test_the_gateway_webhook_needs_the_secret(desk: Any, db: Any, client: Client) -> None:
    inquiry = make_inquiry(email="lucia@example.org")
    raw = answer_from(
        "lucia@example.org", REPLY_ADDRESS.format(token=inquiry.reply_token), "Re: hola", "Sí"
    )
    url = "/api/inquiries/inbound-mail"
    assert client.post(url, raw, content_type="message/rfc822").status_code == 403
    wrong = client.post(url, raw, content_type="message/rfc822", headers={"X-Plaza-Secret": "nope"})
    assert wrong.status_code == 403
    ok = client.post(
        url, raw, content_type="message/rfc822", headers={"X-Plaza-Secret": "gateway-secret"}
    )
    assert ok.status_code == 202 and ok.json() == {"reference": inquiry.reference}
    assert inquiry.inbound_messages.get().body == "Sí"
    stray = answer_from("x@example.org", "plaza@example.org", "hello", "spam")
    response = client.post(
        url, stray, content_type="message/rfc822", headers={"X-Plaza-Secret": "gateway-secret"}
    )
    assert response.status_code == 404
    desk.PLAZA_INQUIRY_INBOUND_SECRET = ""
    response = client.post(url, raw, content_type="message/rfc822", headers={"X-Plaza-Secret": ""})
    assert response.status_code == 404


def test_the_assignee_is_told_in_their_language(
    db: Any,
    client: Client,
    staff_user: User,
    django_user_model: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    colleague = django_user_model.objects.create_user(
        "marie", email="marie@example.org", password="x", language="fr"
    )
    colleague.groups.set(staff_user.groups.all())
    colleague.is_staff = staff_user.is_staff
    colleague.save()
    inquiry = make_inquiry()
    client.force_login(staff_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/partnering/queue/{inquiry.reference}/",
            {"action": "assign", "assigned_to": colleague.pk},
        )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["marie@example.org"]
    assert mail.outbox[0].subject == f"La demande {inquiry.reference} vous est attribuée"


def test_due_time_per_outcome_and_queue_order(
    db: Any, settings: Any, client: Client, staff_user: User
) -> None:
    settings.PLAZA_INQUIRY_DUE_HOURS = {"decline": 10, "refer": 10, "staff": 100, "accept": 1}
    student = make_inquiry()  # declined: due in 10 hours
    network = make_inquiry(
        email="rekha@example.org",
        organisation_kind="network",
        request_kinds=["information"],
        message="We need statistics on our sector.",
        language="en",
    )  # accepted: due in 1 hour
    assert network.outcome == "accept"
    hours = (student.due_at - student.created_at) / dt.timedelta(hours=1)  # type: ignore[operator]
    assert round(hours) == 10
    order = [i.reference for i in selectors.queue({})]
    assert order.index(network.reference) < order.index(student.reference)
    client.force_login(staff_user)
    body = client.get("/en/partnering/queue/").content.decode()
    assert body.index(network.reference) < body.index(student.reference)
    body = client.get("/en/partnering/queue/?sort=received").content.decode()
    assert body.index(network.reference) < body.index(student.reference)  # newest first


def test_reply_times_per_month_median_and_90th_percentile(db: Any) -> None:
    base = timezone.now().replace(day=15, hour=12)
    for hours in (1, 2, 3, 4, 10):
        inquiry = make_inquiry(email=f"p{hours}@example.org")
        Inquiry.objects.filter(pk=inquiry.pk).update(
            created_at=base, first_replied_at=base + dt.timedelta(hours=hours)
        )
    unanswered = make_inquiry(email="late@example.org")
    assert unanswered.first_replied_at is None
    (row,) = selectors.reply_times_by_month()
    assert row["count"] == 5
    assert row["median"] == 3.0
    assert row["p90"] == pytest.approx(7.6)  # 4 + 0.6 * (10 - 4)


def test_staff_see_labels_evidence_translated_clause_and_canned_replies(
    db: Any, client: Client, staff_user: User
) -> None:
    inquiry = make_inquiry()  # Spanish student, thesis: research-assistance by phrase
    rule = PolicyRule.objects.get(code="research-assistance")
    CannedReply.objects.create(
        title="Guía de la base", language="es", rule=rule, body="Le sugerimos la guía de búsqueda."
    )
    client.force_login(staff_user)
    body = client.get(f"/es/partnering/queue/{inquiry.reference}/").content.decode()
    assert "research-help" not in body  # the label, not the code
    assert "Ayuda con mi investigación" in body
    assert "tesis" in body  # the phrase found, as evidence
    assert rule.policy_text_es and rule.policy_text_es[:40] in body  # the clause in Spanish
    assert "Guía de la base" in body
    canned = CannedReply.objects.get()
    body = client.get(
        f"/es/partnering/queue/{inquiry.reference}/?canned=canned-{canned.pk}"
    ).content.decode()
    assert "Le sugerimos la guía de búsqueda." in body
    english = client.get(f"/en/partnering/queue/{inquiry.reference}/").content.decode()
    assert rule.policy_text[:40] in english
