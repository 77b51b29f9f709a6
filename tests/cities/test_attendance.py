"""Attendance counts by gender and organisation; erasing a person leaves them unchanged."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from plaza.accounts.models import User
from plaza.cities import services
from plaza.cities.models import Participation
from plaza.cities.stats import participation_summary
from plaza.directory.privacy import erase_person
from tests.cities.factories import ActivityFactory, PlatformFactory
from tests.directory.factories import OrganizationFactory, person_in

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 5, 4)


def test_erasing_an_attendee_keeps_the_counts(
    lima: Any, lima_coordinator: Any, staff_user: User
) -> None:
    union: Any = OrganizationFactory(name="Vendors' union", cities=[lima])
    city_hall: Any = OrganizationFactory(name="City hall", cities=[lima])
    ana = person_in(union, name="Ana", gender="woman")
    luis = person_in(city_hall, name="Luis", gender="man")
    platform: Any = PlatformFactory(city=lima)
    services.seat_at_table(lima_coordinator, platform, union, "workers", representatives=[ana])
    meeting = services.record_meeting(
        lima_coordinator,
        platform,
        services.MeetingInput(
            date=DAY, attendees=[ana, luis], attendance=[services.Headcount("woman", 4)]
        ),
    )
    training: Any = ActivityFactory(city=lima)
    services.add_session(
        lima_coordinator,
        training,
        date=DAY,
        attendance=[services.Headcount("woman", 10, organization=union, is_leader=True)],
    )
    before = participation_summary(cities=[lima])
    assert (before.women, before.men, before.others) == (15, 1, 0)
    assert before.women_share == 94
    assert ("Vendors' union", 11, 0, 0) in before.by_organization
    assert ("City hall", 0, 1, 0) in before.by_organization

    erase_person(staff_user, ana, reason="Her request")
    erase_person(staff_user, luis, reason="His request")

    after = participation_summary(cities=[lima])
    assert vars(after) == vars(before)
    assert participation_summary(meeting=meeting).total == 6
    assert (
        Participation.objects.filter(person__isnull=False).count() == 2
    )  # still linked, anonymised


def test_person_export_includes_city_attendance(
    lima: Any, lima_coordinator: Any, staff_user: User
) -> None:
    from plaza.directory.privacy import export_person

    union: Any = OrganizationFactory(name="Vendors' union", cities=[lima])
    ana = person_in(union, name="Ana", gender="woman")
    platform: Any = PlatformFactory(city=lima, title="Market table")
    services.record_meeting(
        lima_coordinator, platform, services.MeetingInput(date=DAY, attendees=[ana])
    )
    data = export_person(staff_user, ana)
    cities = data["other_records"]["cities"]
    assert cities["attendance"][0]["activity"] == "Market table"
    assert cities["attendance"][0]["organisation"] == "Vendors' union"
