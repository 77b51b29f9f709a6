"""Writes on inquiries: each checks permission, validates, saves in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plaza.core.errors import require
from plaza.core.limits import Limit, enforce, minutes
from plaza.core.types import User, signed_in
from plaza.inquiries import mail, meaning, replies
from plaza.inquiries.choices import Outcome, Status
from plaza.inquiries.forms import MAX_MESSAGE
from plaza.inquiries.models import (
    InboundMessage,
    Inquiry,
    InquiryNote,
    PolicyRule,
    Reply,
    Screening,
)
from plaza.inquiries.policy import validate_rule
from plaza.inquiries.screening import Facts, active_rules, screen

logger = logging.getLogger("plaza.inquiries")

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def rate_limit_per_hour() -> int:
    return int(getattr(settings, "PLAZA_INQUIRY_RATE_LIMIT_PER_HOUR", 5))


def max_message_chars() -> int:
    return MAX_MESSAGE


def hash_address(address: str) -> str:
    """A keyed hash of the sender's IP address: enough to count, not to identify."""
    if not address:
        return ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def new_reference() -> str:
    year = timezone.now().year
    while True:
        token = "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(6))
        reference = f"P-{year}-{token}"
        if not Inquiry.objects.filter(reference=reference).exists():
            return reference


def check_rate_limit(email: str, address: str) -> None:
    """Count this request against the hourly limits per client address and per e-mail address
    (atomic on every database: simultaneous requests are counted one after the other)."""
    limit = rate_limit_per_hour()
    enforce(
        [
            Limit("inquiry-address", address, limit),
            Limit("inquiry-email", email.strip().lower(), limit),
        ],
        lambda seconds: (
            ngettext(
                "We have received several requests from you in the last hour. "
                "Please try again in %(minutes)d minute.",
                "We have received several requests from you in the last hour. "
                "Please try again in %(minutes)d minutes.",
                minutes(seconds),
            )
            % {"minutes": minutes(seconds)}
        ),
    )


@dataclass
class InquiryInput:
    name: str
    email: str
    organisation_kind: str
    request_kinds: list[str]
    message: str
    language: str
    organisation: str = ""
    topic: str = ""
    deadline: dt.date | None = None
    country: str = ""
    city: str = ""


def facts_of(inquiry: Inquiry) -> Facts:
    return Facts(
        organisation_kind=inquiry.organisation_kind,
        request_kinds=tuple(inquiry.request_kinds),
        text=inquiry.message,
        language=inquiry.language,
        deadline=inquiry.deadline,
        topic=inquiry.topic,
    )


def due_hours(outcome: str) -> int:
    """Hours after arrival by which a reply is due, for a screening outcome (settings)."""
    hours: dict[str, int] = getattr(settings, "PLAZA_INQUIRY_DUE_HOURS", {})
    return int(hours.get(outcome, 120))


@transaction.atomic
def screen_inquiry(
    inquiry: Inquiry, *, closest: dict[str, meaning.Closest] | None = None
) -> Screening:
    """Screen an inquiry against the active rules; store every matched rule and a draft reply.

    ``closest``: the request already compared with the rules' examples (see submit_inquiry).
    """
    facts = facts_of(inquiry)
    result = screen(facts, closest=closest)
    lang, subject, body = replies.draft_reply(
        result, facts, name=inquiry.name, reference=inquiry.reference
    )
    screening = Screening.objects.create(
        inquiry=inquiry,
        outcome=result.outcome,
        explanation=result.explanation,
        matches=[m.as_json() for m in result.matches],
        referrals=result.referrals,
        language=lang,
        draft_subject=subject[:200],
        draft_body=body,
    )
    screening.rules.set([m.rule for m in result.matches])
    due_at = (inquiry.created_at or timezone.now()) + dt.timedelta(hours=due_hours(result.outcome))
    if inquiry.outcome != result.outcome or inquiry.due_at != due_at:
        inquiry.outcome = result.outcome
        inquiry.due_at = due_at
        inquiry._change_reason = "screened"  # type: ignore[attr-defined]
        inquiry.save(update_fields=["outcome", "due_at", "updated_at"])
    return screening


def send_acknowledgement(inquiry: Inquiry) -> None:
    sent = mail.send_acknowledgement(inquiry)
    # The log names the inquiry by its id, never the person, the address or the message.
    logger.info(
        "inquiry acknowledgement %s",
        "sent" if sent else "not sent",
        extra={"inquiry_id": inquiry.pk},
    )


def submit_inquiry(data: InquiryInput, *, address: str = "", is_demo: bool = False) -> Inquiry:
    """Record a public inquiry, screen it, and acknowledge it by e-mail (after commit).

    The limit is counted in its own short transaction and the request compared with the
    rules' examples outside any: embedding takes a moment, and SQLite holds its write lock
    from a transaction's first write to its commit (every other writer would wait)."""
    address_hash = hash_address(address)
    if len(data.message) > max_message_chars():
        raise ValidationError(
            {
                "message": _("The message is too long (at most %(n)d characters).")
                % {"n": max_message_chars()}
            }
        )
    if not data.message.strip():
        raise ValidationError({"message": _("Please tell us what you are asking for.")})
    if not is_demo:
        check_rate_limit(data.email, address)
    inquiry = Inquiry(
        reference=new_reference(),
        name=data.name.strip(),
        email=data.email.strip(),
        organisation=data.organisation.strip(),
        organisation_kind=data.organisation_kind,
        request_kinds=list(dict.fromkeys(data.request_kinds)),
        topic=data.topic.strip(),
        message=data.message.strip(),
        deadline=data.deadline,
        country=data.country,
        city=data.city.strip(),
        language=data.language,
        address_hash=address_hash,
        reply_token=secrets.token_hex(10),
        is_demo=is_demo,
    )
    inquiry.full_clean()
    closest = None
    if meaning.is_available():
        closest = meaning.closest_examples(
            f"{inquiry.topic}\n{inquiry.message}".strip(), active_rules()
        )
    with transaction.atomic():
        inquiry._change_reason = "received"  # type: ignore[attr-defined]
        inquiry.save()
        screen_inquiry(inquiry, closest=closest)
        if not is_demo:
            transaction.on_commit(lambda: send_acknowledgement(inquiry))
            transaction.on_commit(lambda: mail.notify_staff_of_new_inquiry(inquiry))
    return inquiry


# --- staff ------------------------------------------------------------------------------


@transaction.atomic
def assign_inquiry(user: User, inquiry: Inquiry, assignee: Any | None) -> Inquiry:
    require(user, "inquiries.change_inquiry", inquiry)
    if assignee is not None and not assignee.has_perm("inquiries.view_inquiry"):
        raise ValidationError({"assigned_to": _("This person cannot work on inquiries.")})
    changed = inquiry.assigned_to_id != (assignee.pk if assignee is not None else None)
    inquiry.assigned_to = assignee
    if inquiry.status == Status.NEW and assignee is not None:
        inquiry.status = Status.IN_REVIEW
    inquiry._change_reason = "assigned"  # type: ignore[attr-defined]
    inquiry.save(update_fields=["assigned_to", "status", "updated_at"])
    if changed and assignee is not None and assignee.pk != getattr(user, "pk", None):
        transaction.on_commit(lambda: mail.notify_assignee(inquiry, assignee))
    return inquiry


@transaction.atomic
def change_status(user: User, inquiry: Inquiry, status: str) -> Inquiry:
    require(user, "inquiries.change_inquiry", inquiry)
    if status not in Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    inquiry.status = status
    inquiry._change_reason = "status changed"  # type: ignore[attr-defined]
    inquiry.save(update_fields=["status", "updated_at"])
    return inquiry


@transaction.atomic
def add_note(user: User, inquiry: Inquiry, text: str) -> InquiryNote:
    require(user, "inquiries.change_inquiry", inquiry)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("The note is empty.")})
    return InquiryNote.objects.create(inquiry=inquiry, author=signed_in(user), text=text)


@transaction.atomic
def send_reply(user: User, inquiry: Inquiry, subject: str, body: str) -> Reply:
    """Send a reply by e-mail, keep it, and mark the inquiry replied."""
    require(user, "inquiries.change_inquiry", inquiry)
    if inquiry.anonymised_at is not None:
        raise ValidationError(
            _("This inquiry has been anonymised; there is no address to reply to.")
        )
    subject, body = subject.strip(), body.strip()
    if not subject:
        raise ValidationError({"subject": _("The subject is empty.")})
    if not body:
        raise ValidationError({"body": _("The reply is empty.")})
    now = timezone.now()
    reply = Reply.objects.create(
        inquiry=inquiry, subject=subject[:200], body=body, sent_at=now, sent_by=signed_in(user)
    )
    inquiry.status = Status.REPLIED
    if inquiry.first_replied_at is None:
        inquiry.first_replied_at = now
    inquiry._change_reason = "reply sent"  # type: ignore[attr-defined]
    inquiry.save(update_fields=["status", "first_replied_at", "updated_at"])
    transaction.on_commit(lambda: mail.send_reply(reply))
    return reply


def compose_reply(inquiry: Inquiry, text: str) -> str:
    """A reply body around a canned text: greeting, reference, the text, signature."""
    with translation.override(inquiry.language):
        return "\n\n".join(
            [
                _("Dear %(name)s,") % {"name": inquiry.name},
                _("Thank you for writing to us. Your reference number is %(reference)s.")
                % {"reference": inquiry.reference},
                text.strip(),
                _("With best wishes,")
                + "\n"
                + _("The %(site)s team") % {"site": settings.SITE_NAME},
            ]
        )


MAX_INBOUND_BYTES = 2_000_000


@transaction.atomic
def receive_answer(raw: bytes) -> InboundMessage | None:
    """Attach a requester's e-mail to its inquiry; None when it matches no inquiry.

    The same message (same Message-ID) is attached once, so a mailbox can be read again.
    The inquiry goes back to "in review" and the assigned person (else the help desk) is told.
    """
    if len(raw) > MAX_INBOUND_BYTES:
        raise ValidationError(_("The message is too large."), code="too_large")
    incoming = mail.parse(raw)
    inquiry = mail.find_inquiry(incoming)
    if inquiry is None:
        return None
    if incoming.message_id:
        existing = InboundMessage.objects.filter(
            inquiry=inquiry, message_id=incoming.message_id
        ).first()
        if existing is not None:
            return existing
    message = InboundMessage.objects.create(
        inquiry=inquiry,
        message_id=incoming.message_id,
        sender=incoming.sender_display or incoming.sender,
        subject=incoming.subject,
        body=incoming.body or "—",
        sent_at=incoming.date,
    )
    if inquiry.status in {Status.REPLIED, Status.CLOSED, Status.NEW}:
        inquiry.status = Status.IN_REVIEW
        inquiry._change_reason = "the requester answered"  # type: ignore[attr-defined]
        inquiry.save(update_fields=["status", "updated_at"])
    transaction.on_commit(lambda: mail.notify_of_answer(inquiry, message))
    return message


def send_drafted_declines(user: User, inquiries: list[Inquiry]) -> int:
    """Bulk action: send the drafted reply of each unanswered declined inquiry."""
    require(user, "inquiries.change_inquiry")
    sent = 0
    for inquiry in inquiries:
        if inquiry.outcome != Outcome.DECLINE or inquiry.status in {Status.REPLIED, Status.CLOSED}:
            continue
        screening = inquiry.latest_screening
        if screening is None or inquiry.anonymised_at is not None:
            continue
        send_reply(user, inquiry, screening.draft_subject, screening.draft_body)
        sent += 1
    return sent


@transaction.atomic
def save_policy_rule(user: User, rule: PolicyRule) -> PolicyRule:
    """Validate and save a rule edited by staff; the history keeps every version."""
    require(user, "inquiries.change_policyrule", rule)
    validate_rule(rule)
    rule.save()  # its examples are embedded again by the worker (apps.rule_saved)
    return rule


ANONYMISED = "—"


@transaction.atomic
def anonymise_expired_inquiries(now: dt.datetime | None = None) -> int:
    """Remove personal data from inquiries older than PLAZA_INQUIRY_RETENTION_DAYS."""
    days = int(getattr(settings, "PLAZA_INQUIRY_RETENTION_DAYS", 365))
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    expired = Inquiry.objects.filter(created_at__lt=cutoff, anonymised_at__isnull=True)
    count = 0
    for inquiry in expired:
        inquiry.name = ANONYMISED
        inquiry.email = f"anonymised-{inquiry.pk}@invalid.example"
        inquiry.organisation = ""
        inquiry.message = ANONYMISED
        inquiry.topic = ""
        inquiry.city = ""
        inquiry.address_hash = ""
        inquiry.reply_token = ""
        inquiry.anonymised_at = timezone.now()
        inquiry._change_reason = "anonymised after the retention period"  # type: ignore[attr-defined]
        inquiry.save()
        Screening.objects.filter(inquiry=inquiry).update(draft_body=ANONYMISED)
        Reply.objects.filter(inquiry=inquiry).update(body=ANONYMISED)
        InquiryNote.objects.filter(inquiry=inquiry).update(text=ANONYMISED)
        mail.forget_requester(inquiry)
        InboundMessage.objects.filter(inquiry=inquiry).update(
            body=ANONYMISED, sender=ANONYMISED, subject=""
        )
        count += 1
    return count
