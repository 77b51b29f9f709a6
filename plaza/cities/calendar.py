"""iCalendar (RFC 5545) feeds of a city's meetings and campaign periods.

The public feed lists what the public may see; a user's private feed (its address carries the
user's revocable ``feed_token``) lists what that user may see. Events are all-day (meetings have
a date, campaigns a period). Written by hand: a few properties, escaped and folded as RFC 5545
says (lines of at most 75 octets, CRLF).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from plaza.cities import selectors
from plaza.cities.models import ActivityKind, ActivityStatus, City
from plaza.core.types import User

PRODID = "-//Plaza//Focal cities//EN"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode()) > limit:
            out.append(current)
            current = " " + char
            limit = 75
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def _stamp(moment: datetime.datetime | None) -> str:
    moment = moment or timezone.now()
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(
    uid: str,
    start: datetime.date,
    end: datetime.date,
    summary: str,
    *,
    url: str,
    stamp: datetime.datetime | None,
    location: str = "",
    description: str = "",
) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_stamp(stamp)}",
        f"DTSTART;VALUE=DATE:{_date(start)}",
        f"DTEND;VALUE=DATE:{_date(end)}",
        f"SUMMARY:{_escape(summary)}",
        f"URL:{url}",
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    lines.append("END:VEVENT")
    return lines


def city_calendar(user: User, city: City, *, private: bool) -> str:
    """The feed text: meetings and campaign periods of the city that ``user`` may see."""
    site = settings.SITE_URL.rstrip("/")
    host = site.split("://", 1)[-1].split("/", 1)[0] or "plaza"
    name = _("%(city)s: meetings and campaigns") % {"city": city.name}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    one_day = datetime.timedelta(days=1)
    for m in selectors.meetings_visible_to(user, city).order_by("date", "pk"):
        lines += _event(
            f"meeting-{m.pk}@{host}",
            m.date,
            m.date + one_day,
            _("Meeting: %(platform)s") % {"platform": m.platform.title},
            url=site + m.get_absolute_url(),
            stamp=m.updated_at,
            location=_("online") if m.is_online and not m.place else m.place,
            description="\n".join(m.agenda_items) if (private or m.is_public) else "",
        )
    campaigns: Iterable[Any] = (
        selectors.activities_visible_to(user, city)
        .filter(kind=ActivityKind.CAMPAIGN, start_date__isnull=False)
        .exclude(status=ActivityStatus.CANCELLED)
        .order_by("start_date", "pk")
    )
    for c in campaigns:
        lines += _event(
            f"campaign-{c.pk}@{host}",
            c.start_date,
            (c.end_date or c.start_date) + one_day,
            _("Campaign: %(title)s") % {"title": c.title},
            url=site + c.get_absolute_url(),
            stamp=c.updated_at,
            description=c.objective,
        )
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
