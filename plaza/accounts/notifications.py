"""E-mail for all of Plaza: the one path every message takes, to a user or to a bare address.

``send_notice(user, key=..., kind=..., template=..., context=...)`` for users:

- renders ``<template>_subject.txt`` and ``<template>.txt`` in the recipient's preferred
  language (their ``language``, else the site's default);
- sends nothing to a user who turned notices off (``email_notices``), who is inactive or has no
  e-mail address;
- records what was sent (``SentNotice``) under ``key``, the event's name, and never sends the
  same event twice to the same recipient, even when two workers race (a unique constraint);
- returns the ``SentNotice``, or ``None`` when nothing was sent.

``deliver(recipient, key=..., kind=..., compose=...)`` is the same path for mail whose text an
app composes itself (the help desk's acknowledgements and replies, written with gettext):
``compose()`` runs in the recipient's language and returns ``(subject, body)``. A recipient is
``to_user(user)`` (None when the user opted out) or ``to_address(address, language)`` for
someone without an account: an inquirer, or a help-desk address from the settings. Those have
no opt-out switch, because they get only what they asked for (the answer to their own inquiry)
or what the operator configured (remove the address from ``PLAZA_INQUIRY_STAFF_EMAILS``);
``forget_addresses()`` empties the address on their records when their data is erased.

Apps build the key from the event (``"cities:commitment:12:due:2026-06-30"``), so a new due
date is a new event and an unchanged one is never reminded again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation

from plaza.accounts.models import SentNotice, User
from plaza.core.types import User as AnyUser
from plaza.core.types import signed_in

logger = logging.getLogger("plaza.notifications")


def site_language(language: str | None) -> str:
    """``language`` if the interface speaks it, else the site's default."""
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def language_of(user: AnyUser) -> str:
    return site_language(getattr(user, "language", "") or "")


def wants_notices(user: AnyUser) -> bool:
    return bool(user.is_active and user.email and getattr(user, "email_notices", True))


def absolute_url(path: str) -> str:
    """A link for a mail: the site's public address (``PLAZA_SITE_URL``) and the path."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


@dataclass(frozen=True)
class Recipient:
    """Who a message goes to: an account, or an address without one."""

    address: str
    language: str
    user: User | None = None


def to_user(user: User) -> Recipient | None:
    """The user as a recipient; None when they turned notices off (or cannot get mail)."""
    if not wants_notices(user):
        return None
    return Recipient(address=user.email, language=language_of(user), user=user)


def to_address(address: str, language: str | None = None) -> Recipient:
    """Someone without an account (see the module's doc for why there is no opt-out)."""
    return Recipient(address=address.strip(), language=site_language(language))


def _sent_before(recipient: Recipient, key: str) -> QuerySet[SentNotice]:
    if recipient.user is not None:
        return SentNotice.objects.filter(user=recipient.user, key=key)
    return SentNotice.objects.filter(user=None, address=recipient.address, key=key)


def deliver(
    recipient: Recipient,
    *,
    key: str,
    kind: str,
    compose: Callable[[], tuple[str, str]],
    url: str = "",
    reply_to: str | None = None,
    fail_silently: bool = True,
) -> SentNotice | None:
    """Send one message once (see the module's doc). A failed send leaves no record, so the
    event can be sent again; it is logged (by key, never by address) and, unless
    ``fail_silently`` is False, the error is raised to the caller."""
    key = key[:200]
    if not recipient.address or _sent_before(recipient, key).exists():
        return None
    with translation.override(recipient.language):
        subject, body = compose()
    subject = " ".join(subject.split())
    try:
        with transaction.atomic():
            notice = SentNotice.objects.create(
                user=recipient.user,
                address="" if recipient.user is not None else recipient.address,
                key=key,
                kind=kind,
                subject=subject[:300],
                language=recipient.language,
                url=url[:500],
            )
            # Sent inside the transaction: a failed send leaves no record, so it is tried again.
            EmailMessage(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [recipient.address],
                reply_to=[reply_to] if reply_to else None,
            ).send()
    except IntegrityError:
        return None  # another worker sent it first
    except Exception:
        logger.exception("notice %s not sent; it can be sent again", key)
        if not fail_silently:
            raise
        return None
    return notice


def send_notice(
    user: User,
    *,
    key: str,
    kind: str,
    template: str,
    context: dict[str, Any] | None = None,
    url: str = "",
) -> SentNotice | None:
    """Send one templated notice to a user (see the module's doc); ``url`` is the page it is
    about (a path)."""
    recipient = to_user(user)
    if recipient is None:
        return None
    context = {
        **(context or {}),
        "user": user,
        "url": absolute_url(url),
        "site_name": settings.SITE_NAME,
        "notices_url": absolute_url(notices_path(recipient.language)),
    }

    def compose() -> tuple[str, str]:
        subject = render_to_string(f"{template}_subject.txt", context)
        return subject, render_to_string(f"{template}.txt", context)

    return deliver(recipient, key=key, kind=kind, compose=compose, url=url)


def forget_addresses(keys: Iterable[str]) -> int:
    """Erase the address (never a user) on the records of these events: the data of the person
    they were sent to is being erased. Keys, not the address: the same person may have written
    again since, and those records stay."""
    return SentNotice.objects.filter(user=None, key__in=list(keys)).update(address="")


def notices_path(language: str) -> str:
    from django.urls import reverse

    with translation.override(language):
        return reverse("accounts:notices")


def notices_sent_to(user: AnyUser) -> QuerySet[SentNotice]:
    account = signed_in(user)
    if account is None:
        return SentNotice.objects.none()
    return SentNotice.objects.filter(user=account)


@transaction.atomic
def set_email_notices(user: User, enabled: bool) -> None:
    if user.email_notices != enabled:
        user.email_notices = enabled
        user.save(update_fields=["email_notices"])
