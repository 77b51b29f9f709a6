"""Login throttling (django-axes) and password-reset limits, keyed on the real client address.

Axes locks the pair (account, client address): a stranger's failures lock the stranger's own
address out of that account, never the owner logging in from elsewhere. The address comes from
``plaza.core.http.client_address`` (``PLAZA_PROXY_COUNT``), like every other limit.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from typing import Any

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext

from plaza.core.http import client_address, pseudonym
from plaza.core.limits import Limit, enforce, minutes

logger = logging.getLogger("plaza.accounts")


def user_id_for(username: str | None) -> int | None:
    if not username:
        return None
    model = get_user_model()
    pk = (
        model.objects.filter(**{f"{model.USERNAME_FIELD}__iexact": username})
        .values_list("pk", flat=True)
        .first()
    )
    return int(pk) if pk is not None else None


def client_str(
    username: str | None, ip_address: str | None, user_agent: str, path_info: str, request: Any
) -> str:
    """What axes writes in its log lines: an account id and a keyed hash of the address."""
    account = user_id_for(username)
    client = pseudonym(ip_address or "", "log")[:12]
    return f"{{user_id: {account if account is not None else '-'}, client: {client or '-'}}}"


def seconds_until_unlocked(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    cool_off = get_cool_off(request)
    if not cool_off:
        return 0
    last = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=client_address(request),
    ).aggregate(last=Max("attempt_time"))["last"]
    remaining: dt.timedelta = cool_off if last is None else last + cool_off - timezone.now()
    return max(1, math.ceil(remaining.total_seconds()))


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """Axes' lockout page, with ``Retry-After`` saying when this address may try again."""
    retry_after = seconds_until_unlocked(request, credentials)
    logger.warning(
        "login locked",
        extra={
            "user_id": user_id_for(get_client_username(request, credentials)),
            "client": pseudonym(client_address(request), "log")[:12],
            "retry_after": retry_after,
        },
    )
    response = render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {"retry_minutes": max(1, math.ceil(retry_after / 60))},
        status=429,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def check_password_reset(request: HttpRequest, email: str) -> None:
    """Count one reset request against the account's and the address's hourly limits."""
    enforce(
        [
            Limit(
                "password-reset-account",
                email.strip().lower(),
                settings.PASSWORD_RESET_PER_ACCOUNT_PER_HOUR,
            ),
            Limit(
                "password-reset-address",
                client_address(request),
                settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR,
            ),
        ],
        lambda seconds: (
            ngettext(
                "Too many password reset requests for this account or from this address. "
                "Please try again in %(minutes)d minute.",
                "Too many password reset requests for this account or from this address. "
                "Please try again in %(minutes)d minutes.",
                minutes(seconds),
            )
            % {"minutes": minutes(seconds)}
        ),
    )
