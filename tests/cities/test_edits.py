"""Corrections of recorded city work: services, pages, PATCH API, the History section, attendance
privacy and leaders counted once."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from plaza.cities import services, stats
from plaza.cities.models import ActivityKind, Milestone
from tests.cities.factories import (
    ActivityFactory,
    CommitmentFactory,
    MeetingFactory,
    PlatformFactory,
)
from tests.directory.factories import OrganizationFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_a_planned_meeting_is_completed_later_with_history(
    client: Any, lima: Any, lima_coordinator: Any
) -> None:
    meeting: Any = MeetingFactory(platform=PlatformFactory(city=lima), minutes="", is_public=True)
    client.force_login(lima_coordinator)
    url = f"/en/cities/lima/meetings/{meeting.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "date": "2026-04-01",
            "language": "en",
            "minutes": "We agreed on water.",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "We agreed on water."
    page = client.get(meeting.get_absolute_url()).content.decode()
    author = str(lima_coordinator)
    assert 'id="history"' in page and "Minutes" in page and author in page
    # The public sees the (public) meeting's history without the authors' names.
    client.logout()
    public = client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="history"' in public and author not in public


def test_a_commitment_is_corrected_and_outsiders_cannot(
    client: Any, lima: Any, lima_coordinator: Any, accra_coordinator: Any
) -> None:
    commitment: Any = CommitmentFactory(agreement__platform__city=lima)
    with pytest.raises(PermissionDenied):
        services.update_commitment(accra_coordinator, commitment, {"action": "No"})
    client.force_login(lima_coordinator)
    url = f"/en/cities/lima/commitments/{commitment.pk}/edit/"
    bad = client.post(url, {"responsible": "", "action": "Taps", "due_date": "2026-08-01"})
    assert bad.status_code == 400 and "responsible" in bad.context["form"].errors
    ok = client.post(
        url, {"responsible": "Market office", "action": "Taps", "due_date": "2026-08-01"}
    )
    assert ok.status_code == 302
    commitment.refresh_from_db()
    assert commitment.due_date == datetime.date(2026, 8, 1)
    history = client.get(commitment.get_absolute_url()).context["history"]
    assert history[0].who == str(lima_coordinator)
    assert [(c.label, c.new) for c in history[0].changes if c.label == "By when"]


def test_patch_marks_a_milestone_reached_and_refuses_bad_input(
    client: Any, lima: Any, lima_coordinator: Any
) -> None:
    campaign: Any = ActivityFactory(
        city=lima,
        kind=ActivityKind.CAMPAIGN,
        end_date=datetime.date(2026, 9, 1),
        objective="Shade",
    )
    milestone = services.add_milestone(
        lima_coordinator, campaign, title="Launch", due_date=datetime.date(2026, 4, 1)
    )
    url = f"/api/cities/milestones/{milestone.pk}"
    client.force_login(lima_coordinator)
    bad = client.patch(url, json.dumps({"title": ""}), content_type="application/json")
    assert bad.status_code == 400 and "title" in bad.json()["errors"]
    ok = client.patch(
        url, json.dumps({"reached_on": "2026-04-03"}), content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["reached_on"] == "2026-04-03"
    assert Milestone.objects.get().reached_on == datetime.date(2026, 4, 3)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Reached on" in page  # in the campaign page's History section


def test_outsiders_see_attendance_totals_only(
    client: Any, lima: Any, lima_coordinator: Any
) -> None:
    org = OrganizationFactory(name="FEDEVAL", slug="fedeval", cities=[lima])
    training: Any = ActivityFactory(city=lima, kind=ActivityKind.CAPACITY_BUILDING, is_public=True)
    services.add_session(
        lima_coordinator,
        training,
        date=datetime.date(2026, 3, 2),
        rows=[services.AttendanceRow(org, women=5, men=2, leaders=1)],
    )
    public = client.get(training.get_absolute_url()).content.decode()
    assert "FEDEVAL" not in public and "7" in public
    api = client.get(f"/api/cities/activities/{training.pk}").json()
    assert api["attendance"]["total"] == 7 and api["attendance"]["by_organization"] == []
    sessions = client.get(f"/api/cities/activities/{training.pk}/sessions").json()
    assert sessions[0]["attendance"]["by_organization"] == []
    client.force_login(lima_coordinator)
    assert "FEDEVAL" in client.get(training.get_absolute_url()).content.decode()


def test_leaders_counted_once_when_named_and_as_places_when_only_counted(
    lima: Any, lima_coordinator: Any
) -> None:
    org = OrganizationFactory(slug="fedeval", cities=[lima])
    leader = PositionFactory(organization=org).person
    training: Any = ActivityFactory(city=lima, kind=ActivityKind.CAPACITY_BUILDING)
    for day in (2, 9):
        session = services.add_session(lima_coordinator, training, date=datetime.date(2026, 3, day))
        named = services.add_named_participant(person=leader, session=session)
        named.is_leader = True
        named.save()
    summary = stats.participation_summary(activity=training)
    assert summary.leaders == 1 and not summary.leaders_are_places
    assert summary.leaders_label == "Leaders trained"
    for day in (16, 23):
        services.add_session(
            lima_coordinator,
            training,
            date=datetime.date(2026, 3, day),
            rows=[services.AttendanceRow(org, women=3, leaders=2)],
        )
    summary = stats.participation_summary(activity=training)
    assert summary.leaders == 1 + 4 and summary.leaders_are_places
    assert summary.leaders_label == "Leader training places"


def test_a_session_is_corrected_with_its_attendance(
    client: Any, lima: Any, lima_coordinator: Any
) -> None:
    org = OrganizationFactory(slug="fedeval", cities=[lima])
    training: Any = ActivityFactory(city=lima, kind=ActivityKind.CAPACITY_BUILDING)
    session = services.add_session(
        lima_coordinator,
        training,
        date=datetime.date(2026, 3, 2),
        rows=[services.AttendanceRow(org, women=5)],
    )
    client.force_login(lima_coordinator)
    response = client.patch(
        f"/api/cities/sessions/{session.pk}",
        json.dumps(
            {"place": "Hall", "attendance": [{"organization": "fedeval", "women": 6, "leaders": 2}]}
        ),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    summary = stats.participation_summary(session=session)
    assert (summary.women, summary.leaders) == (6, 2)
    page = client.get(f"/en/cities/lima/sessions/{session.pk}/edit/")
    assert page.status_code == 200 and b"Hall" in page.content


def test_history_names_the_organisations_added_to_an_activity(
    lima: Any, lima_coordinator: Any
) -> None:
    from plaza.core.history import record_history

    org = OrganizationFactory(name="FEDEVAL", slug="fedeval", cities=[lima])
    activity: Any = ActivityFactory(city=lima, kind=ActivityKind.TECHNICAL_SUPPORT)
    services.update_activity(lima_coordinator, activity, {"organizations": [org]})
    changes = [c for v in record_history(activity) for c in v.changes]
    assert any(c.label == "Organisations involved" and c.new == "FEDEVAL" for c in changes)
