"""The client's address: one function for the whole project (login throttling, every limit).

Behind ``PLAZA_PROXY_COUNT`` reverse proxies, each proxy appends the address it received the
request from to ``X-Forwarded-For``; the client is the entry that many hops from the right.
Entries further left were written by the client itself and are never trusted. With
``PLAZA_PROXY_COUNT=0`` (Plaza faces the network directly) the header is ignored altogether,
so a forged header changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re

from django.conf import settings
from django.http import HttpRequest


def _valid(candidate: str) -> str:
    """The address in ``candidate`` ("1.2.3.4", "1.2.3.4:5678", "[::1]:80", "::1"), or ""."""
    text = candidate.strip()
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return ""


def proxy_count() -> int:
    return max(0, int(getattr(settings, "PROXY_COUNT", 0)))


def client_address(request: HttpRequest, *args: object) -> str:
    """The address of the client that sent ``request`` (see the module's docstring).

    Extra positional arguments are accepted (and ignored) so that django-axes can call it
    as its ``AXES_CLIENT_IP_CALLABLE``.
    """
    remote = _valid(str(request.META.get("REMOTE_ADDR", ""))) or str(
        request.META.get("REMOTE_ADDR", "")
    )
    count = proxy_count()
    if count == 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if not forwarded:
        return remote  # reached Plaza without passing the proxy
    chosen = forwarded[-count] if len(forwarded) >= count else forwarded[0]
    return _valid(chosen) or remote


def pseudonym(value: str, purpose: str = "") -> str:
    """A keyed hash of a personal value (an address, an e-mail address): enough to count or
    to correlate log lines, not to identify anyone without the secret key."""
    if not value:
        return ""
    key = f"{settings.SECRET_KEY}:{purpose}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


# Clients that say they are robots (crawlers, link previewers, feed fetchers, scripts).
DECLARED_ROBOT_RE = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|facebookexternalhit|embedly|preview|fetcher|"
    r"curl/|wget/|python-requests|python-urllib|httpx|go-http-client|java/|libwww|headless",
    re.IGNORECASE,
)


def declares_robot(request: HttpRequest) -> bool:
    """The User-Agent says the client is a program, not a person (nothing is stored)."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    return not agent or bool(DECLARED_ROBOT_RE.search(agent))
