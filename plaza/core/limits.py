"""Rate limits for public writes (inquiries, password resets): exact on every database.

Each limit counts events per client in fixed windows (e.g. one hour) in
``RateLimitCounter`` rows keyed by a keyed hash of the client (its address, an e-mail
address). One ``INSERT ... ON CONFLICT DO UPDATE SET count = count + 1 RETURNING count``
counts an event: atomic on SQLite and PostgreSQL, and the row stays locked until the
caller's transaction ends, so simultaneous requests from one client are counted one after
the other. A refused event is not counted (its increment rolls back).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from plaza.core.http import pseudonym
from plaza.core.models import RateLimitCounter

TABLE = RateLimitCounter._meta.db_table


class RateLimited(ValidationError):
    """Too many events from one client; ``retry_after`` is in seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, code="rate_limited")
        self.retry_after = max(1, int(retry_after))


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` events of kind ``scope`` per ``identifier`` in ``window`` seconds."""

    scope: str  # e.g. "inquiry-address", "inquiry-email"
    identifier: str  # the raw value: hashed before it is stored
    limit: int
    window: int = 3600


def _count(item: Limit, now: dt.datetime) -> tuple[int, dt.datetime]:
    epoch = int(now.timestamp())
    start = epoch - epoch % item.window
    expires = dt.datetime.fromtimestamp(start + item.window, tz=dt.UTC)
    key = f"{item.scope}:{pseudonym(item.identifier, item.scope)[:48]}:{start}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (key, count, expires_at) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT (key) DO UPDATE SET count = {TABLE}.count + 1 RETURNING count",
            [key[:120], connection.ops.adapt_datetimefield_value(expires)],
        )
        row = cursor.fetchone()
    count = int(row[0]) if row else 1
    if count == 1:  # a new window: forget the windows that are over
        RateLimitCounter.objects.filter(expires_at__lt=now).delete()
    return count, expires


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def enforce(limits: list[Limit], message: Callable[[int], str]) -> None:
    """Count one event against every limit, or raise ``RateLimited`` (counting nothing).

    ``message(seconds)`` says what happened and when to try again."""
    active = [item for item in limits if item.identifier and item.limit > 0]
    if not active:
        return
    now = timezone.now()
    with transaction.atomic():
        waits = []
        for item in active:
            count, expires = _count(item, now)
            if count > item.limit:
                waits.append(math.ceil((expires - now).total_seconds()))
        if waits:
            raise RateLimited(message(max(waits)), max(waits))
