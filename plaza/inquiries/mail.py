"""Every e-mail of the inquiries help desk, out and in.

Out, all through ``plaza.accounts.notifications`` (one record of what was sent, once per
recipient and event): the acknowledgement and replies to the requester (in the inquiry's
language; an address without an account), the notice to the help desk addresses when a request
arrives (PLAZA_INQUIRY_STAFF_EMAILS, in the site's language), the notice to a person when a
request is assigned to them or the requester writes back (in that person's preferred language,
unless they turned e-mail notices off; an answer then goes to the help desk addresses).

In: a requester answering Plaza's e-mail. Mail to the requester carries the inquiry's reference
in the subject ("[P-2026-ABC234]") and, when PLAZA_INQUIRY_REPLY_ADDRESS is set (for example
``inquiries+{token}@plaza.example.org``), a Reply-To address holding the inquiry's secret token.
An incoming message is matched by that token in any recipient address, else by the reference in
its subject provided it comes from the requester's own address.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import re
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from plaza.accounts import notifications
from plaza.accounts.models import SentNotice
from plaza.core.types import Account
from plaza.inquiries.labels import outcome_label, request_kind_labels
from plaza.inquiries.models import InboundMessage, Inquiry, Reply

Compose = Callable[[], tuple[str, str]]

REFERENCE = re.compile(r"\bP-\d{4}-[A-Z2-9]{6}\b")


def reply_address(inquiry: Inquiry) -> str | None:
    template = str(getattr(settings, "PLAZA_INQUIRY_REPLY_ADDRESS", "") or "")
    if not template or not inquiry.reply_token:
        return None
    return template.replace("{token}", inquiry.reply_token)


def tagged(subject: str, inquiry: Inquiry) -> str:
    """The subject with the reference in it (answers are matched by it)."""
    return subject if inquiry.reference in subject else f"{subject} [{inquiry.reference}]"


def staff_url(inquiry: Inquiry) -> str:
    return notifications.absolute_url(inquiry.get_absolute_url())


def _to_requester(
    inquiry: Inquiry,
    *,
    key: str,
    kind: str,
    compose: Callable[[], tuple[str, str]],
    fail_silently: bool,
) -> SentNotice | None:
    def tagged_compose() -> tuple[str, str]:
        subject, body = compose()
        return tagged(subject, inquiry), body

    return notifications.deliver(
        notifications.to_address(inquiry.email, inquiry.language),
        key=key,
        kind=kind,
        compose=tagged_compose,
        reply_to=reply_address(inquiry),
        fail_silently=fail_silently,
    )


def send_reply(reply: Reply) -> SentNotice | None:
    """A reply written by the help desk; a failure to send is raised (the sender must know)."""
    inquiry = reply.inquiry
    return _to_requester(
        inquiry,
        key=f"inquiries:reply:{reply.pk}",
        kind="inquiry-reply",
        compose=lambda: (reply.subject, reply.body),
        fail_silently=False,
    )


def _acknowledgement(inquiry: Inquiry) -> tuple[str, str]:
    subject = _("We have received your inquiry %(reference)s") % {"reference": inquiry.reference}
    body = "\n\n".join(
        [
            _("Dear %(name)s,") % {"name": inquiry.name},
            _(
                "Thank you for writing to us. We have received your inquiry; its reference "
                "number is %(reference)s. Please quote it if you write to us again."
            )
            % {"reference": inquiry.reference},
            _("We read every inquiry and will reply by e-mail."),
            _("The %(site)s team") % {"site": settings.SITE_NAME},
        ]
    )
    return subject, body


def forget_requester(inquiry: Inquiry) -> None:
    """Erase the requester's address from the record of what was sent to them."""
    keys = [f"inquiries:reply:{pk}" for pk in inquiry.replies.values_list("pk", flat=True)]
    notifications.forget_addresses([_acknowledgement_key(inquiry), *keys])


def _acknowledgement_key(inquiry: Inquiry) -> str:
    return f"inquiries:inquiry:{inquiry.pk}:acknowledgement"


def send_acknowledgement(inquiry: Inquiry) -> bool:
    """The requester's acknowledgement; False when it was not sent (the inquiry stands)."""
    sent = _to_requester(
        inquiry,
        key=_acknowledgement_key(inquiry),
        kind="inquiry-acknowledgement",
        compose=lambda: _acknowledgement(inquiry),
        fail_silently=True,  # the inquiry is saved; the acknowledgement is a courtesy
    )
    return sent is not None


def _summary(inquiry: Inquiry) -> list[str]:
    return [
        _("Reference: %(reference)s") % {"reference": inquiry.reference},
        _("From: %(name)s (%(kind)s)")
        % {"name": inquiry.name, "kind": inquiry.get_organisation_kind_display()},
        _("Asking for: %(kinds)s") % {"kinds": ", ".join(request_kind_labels(inquiry))},
        _("Screening: %(outcome)s") % {"outcome": outcome_label(inquiry.outcome)},
        _("Language: %(language)s") % {"language": inquiry.get_language_display()},
        "",
        inquiry.message[:600] + ("…" if len(inquiry.message) > 600 else ""),
        "",
        staff_url(inquiry),
    ]


def staff_addresses() -> list[str]:
    return list(getattr(settings, "PLAZA_INQUIRY_STAFF_EMAILS", []) or [])


def _to_help_desk(inquiry: Inquiry, *, key: str, kind: str, compose: Compose) -> int:
    """One message to each help desk address, in the site's language; how many were sent."""
    sent = 0
    for address in staff_addresses():
        sent += (
            notifications.deliver(
                notifications.to_address(address, settings.LANGUAGE_CODE),
                key=key,
                kind=kind,
                compose=compose,
                url=inquiry.get_absolute_url(),
            )
            is not None
        )
    return sent


def notify_staff_of_new_inquiry(inquiry: Inquiry) -> None:
    """Tell the help desk address(es) that a request arrived (nothing when none is set)."""

    def compose() -> tuple[str, str]:
        subject = _("New inquiry %(reference)s: %(outcome)s") % {
            "reference": inquiry.reference,
            "outcome": outcome_label(inquiry.outcome),
        }
        return subject, "\n".join([_("A new inquiry has arrived."), "", *_summary(inquiry)])

    _to_help_desk(
        inquiry, key=f"inquiries:inquiry:{inquiry.pk}:received", kind="inquiry-new", compose=compose
    )


def notify_assignee(inquiry: Inquiry, assignee: Account) -> None:
    """Tell a person, in their preferred language, that a request is now theirs."""
    recipient = notifications.to_user(assignee)
    if recipient is None:
        return

    def compose() -> tuple[str, str]:
        subject = _("Inquiry %(reference)s is assigned to you") % {"reference": inquiry.reference}
        return subject, "\n".join(
            [_("This inquiry is now assigned to you."), "", *_summary(inquiry)]
        )

    when = inquiry.updated_at.isoformat() if inquiry.updated_at else ""
    notifications.deliver(
        recipient,
        key=f"inquiries:inquiry:{inquiry.pk}:assigned:{assignee.pk}:{when}",
        kind="inquiry-assigned",
        compose=compose,
        url=inquiry.get_absolute_url(),
    )


def notify_of_answer(inquiry: Inquiry, message: InboundMessage) -> None:
    """The requester wrote back: tell the assigned person, else the help desk address(es)."""

    def compose() -> tuple[str, str]:
        subject = _("The requester answered on inquiry %(reference)s") % {
            "reference": inquiry.reference
        }
        return subject, "\n".join(
            [_("A new message from the requester is on the inquiry."), "", staff_url(inquiry)]
        )

    key, kind = f"inquiries:answer:{message.pk}", "inquiry-answer"
    person = inquiry.assigned_to
    recipient = notifications.to_user(person) if person is not None else None
    if recipient is not None:
        notifications.deliver(
            recipient, key=key, kind=kind, compose=compose, url=inquiry.get_absolute_url()
        )
    else:
        _to_help_desk(inquiry, key=key, kind=kind, compose=compose)


# --- in -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Incoming:
    message_id: str
    sender: str  # the bare address, lower case
    sender_display: str
    subject: str
    body: str
    recipients: list[str]
    date: Any  # datetime or None


def _plain_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content()
    if part.get_content_type() == "text/html":
        text = re.sub(r"<[^>]+>", " ", text)
    return str(text).strip()


def parse(raw: bytes) -> Incoming:
    """An RFC 5322 message, read with the standard library's parser."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    display = str(message.get("From", ""))
    _name, address = email.utils.parseaddr(display)
    recipients = [
        addr.lower()
        for header in ("To", "Cc", "Delivered-To", "X-Original-To")
        for _n, addr in email.utils.getaddresses([str(v) for v in message.get_all(header, [])])
        if addr
    ]
    date = None
    if message.get("Date"):
        try:
            date = email.utils.parsedate_to_datetime(str(message["Date"]))
        except (TypeError, ValueError):
            date = None
    return Incoming(
        message_id=str(message.get("Message-ID", "")).strip()[:300],
        sender=address.lower(),
        sender_display=display[:300],
        subject=str(message.get("Subject", "")).strip()[:300],
        body=_plain_text(message),
        recipients=recipients,
        date=date,
    )


def _token_in(address: str) -> str | None:
    template = str(getattr(settings, "PLAZA_INQUIRY_REPLY_ADDRESS", "") or "")
    if "{token}" not in template:
        return None
    before, after = (re.escape(p.lower()) for p in template.split("{token}", 1))
    found = re.fullmatch(f"{before}([a-z0-9]+){after}", address.lower())
    return found.group(1) if found else None


def find_inquiry(incoming: Incoming) -> Inquiry | None:
    """The inquiry an answer belongs to: by the token in its address, else by the reference
    in the subject when the sender is the requester."""
    for address in incoming.recipients:
        token = _token_in(address)
        if token:
            found = Inquiry.objects.filter(reply_token=token, anonymised_at__isnull=True).first()
            if found is not None:
                return found
    for reference in REFERENCE.findall(incoming.subject):
        found = Inquiry.objects.filter(reference=reference, anonymised_at__isnull=True).first()
        if found is not None and found.email.lower() == incoming.sender:
            return found
    return None
