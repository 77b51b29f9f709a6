"""Calendar feeds (RFC 5545), read back with the icalendar package."""

from __future__ import annotations

import datetime
from typing import Any

import icalendar
import pytest

from plaza.accounts.services import new_feed_token
from plaza.cities.models import ActivityKind
from tests.cities.factories import ActivityFactory, MeetingFactory, PlatformFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(lima: Any) -> dict[str, Any]:
    platform: Any = PlatformFactory(city=lima, title="Mesa, de diálogo; La Parada")
    public = MeetingFactory(
        platform=platform, date=datetime.date(2026, 5, 4), is_public=True, place="Municipalidad"
    )
    private = MeetingFactory(platform=platform, date=datetime.date(2026, 6, 1), is_public=False)
    campaign = ActivityFactory(
        city=lima,
        kind=ActivityKind.CAMPAIGN,
        title="Campaña " + "de sombra " * 12,
        start_date=datetime.date(2026, 3, 1),
        end_date=datetime.date(2026, 3, 31),
        objective="Toldos",
    )
    return {"public": public, "private": private, "campaign": campaign}


def _read(response: Any) -> Any:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _uids(cal: Any) -> dict[str, Any]:
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def test_public_feed_has_public_events_only(client: Any, events: dict[str, Any]) -> None:
    cal = _read(client.get("/en/cities/lima/calendar.ics"))
    found = _uids(cal)
    assert set(found) == {f"meeting-{events['public'].pk}", f"campaign-{events['campaign'].pk}"}
    meeting = found[f"meeting-{events['public'].pk}"]
    assert str(meeting["SUMMARY"]) == "Meeting: Mesa, de diálogo; La Parada"
    assert meeting.decoded("DTSTART") == datetime.date(2026, 5, 4)
    campaign = found[f"campaign-{events['campaign'].pk}"]
    assert campaign.decoded("DTEND") == datetime.date(2026, 4, 1)  # the whole of 31 March
    assert "de sombra de sombra" in str(campaign["SUMMARY"])  # a long line folded and read back


def test_private_feed_per_user_and_revocable(
    client: Any, events: dict[str, Any], lima_coordinator: Any
) -> None:
    token = new_feed_token(lima_coordinator)
    url = f"/en/cities/lima/calendar/{token}.ics"
    found = _uids(_read(client.get(url)))
    assert f"meeting-{events['private'].pk}" in found
    client.force_login(lima_coordinator)
    client.post("/en/accounts/profile/", {"action": "feed", "feed": "new"})
    client.logout()
    assert client.get(url).status_code == 404  # the old address stopped working
    assert client.get("/en/cities/lima/calendar/not-a-real-token-at-all-000.ics").status_code == 404
