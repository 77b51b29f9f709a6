"""E-mail notices for all of Plaza: one way to send a templated mail to a user.

``send_notice(user, key=..., kind=..., template=..., context=...)``:

- renders ``<template>_subject.txt`` and ``<template>.txt`` in the recipient's preferred
  language (their ``language``, else the site's default);
- sends nothing to a user who turned notices off (``email_notices``), who is inactive or has no
  e-mail address;
- records what was sent (``SentNotice``) under ``key``, the event's name, and never sends the
  same event twice to the same user, even when two workers race (a unique constraint);
- returns the ``SentNotice``, or ``None`` when nothing was sent.

Apps build the key from the event (``"cities:commitment:12:due:2026-06-30"``), so a new due
date is a new event and an unchanged one is never reminded again.
"""

from __future__ import annotations

import logging
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


def language_of(user: AnyUser) -> str:
    language = getattr(user, "language", "") or ""
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def wants_notices(user: AnyUser) -> bool:
    return bool(user.is_active and user.email and getattr(user, "email_notices", True))


def absolute_url(path: str) -> str:
    """A link for a mail: the site's public address (``PLAZA_SITE_URL``) and the path."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def send_notice(
    user: User,
    *,
    key: str,
    kind: str,
    template: str,
    context: dict[str, Any] | None = None,
    url: str = "",
) -> SentNotice | None:
    """Send one notice (see the module's doc); ``url`` is the page it is about (a path)."""
    if not wants_notices(user):
        return None
    if SentNotice.objects.filter(user=user, key=key).exists():
        return None
    language = language_of(user)
    context = {
        **(context or {}),
        "user": user,
        "url": absolute_url(url),
        "site_name": settings.SITE_NAME,
        "notices_url": absolute_url(notices_path(language)),
    }
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    try:
        with transaction.atomic():
            notice = SentNotice.objects.create(
                user=user,
                key=key[:200],
                kind=kind,
                subject=subject[:300],
                language=language,
                url=url[:500],
            )
            # Sent inside the transaction: a failed send leaves no record, so it is tried again.
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
    except IntegrityError:
        return None  # another worker sent it first
    except Exception:
        logger.exception("notice %s to user %s not sent; it is tried again next time", key, user.pk)
        return None
    return notice


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
