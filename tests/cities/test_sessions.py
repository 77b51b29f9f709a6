"""Sessions of capacity building and rights education record attendance per organisation
(women, men, other or not stated, leaders trained); totals roll up to the activity, the dashboard
and the PDF report."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from plaza.accounts.models import User
from plaza.cities import services
from plaza.cities.models import ActivityKind, LeadersTrained, Participation, Session
from plaza.cities.stats import dashboard_figures, participation_summary
from plaza.directory.privacy import erase_person
from tests.cities.factories import ActivityFactory
from tests.directory.factories import OrganizationFactory, person_in

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 5, 4)


@pytest.fixture
def orgs(lima: Any) -> tuple[Any, Any]:
    return (
        OrganizationFactory(name="Vendors' union", slug="vendors-union", cities=[lima]),
        OrganizationFactory(name="Market porters", slug="market-porters", cities=[lima]),
    )


def _session_post(orgs: tuple[Any, Any], **extra: str) -> dict[str, str]:
    union, porters = orgs
    return {
        "action": "session",
        "date": "2026-05-04",
        "topics": "Negotiation",
        "facilitators": "Rosa",
        "attendance-TOTAL_FORMS": "2",
        "attendance-INITIAL_FORMS": "0",
        "attendance-0-organization": str(union.pk),
        "attendance-0-women": "12",
        "attendance-0-men": "3",
        "attendance-0-leaders": "5",
        "attendance-1-organization": str(porters.pk),
        "attendance-1-men": "6",
        "attendance-1-others": "1",
        "attendance-1-leaders": "2",
        **extra,
    }


def test_a_session_is_recorded_per_organisation_and_rolls_up(
    client: Any, lima: Any, lima_coordinator: Any, orgs: tuple[Any, Any]
) -> None:
    training: Any = ActivityFactory(city=lima, start_date=datetime.date(2026, 5, 1))
    url = reverse("cities:activity", args=["lima", training.pk])
    client.force_login(lima_coordinator)
    assert 'name="attendance-1-leaders"' in client.get(url).content.decode()
    response = client.post(url, _session_post(orgs))
    assert response.status_code == 302
    session = Session.objects.get(activity=training)
    summary = participation_summary(session=session)
    assert summary.table_rows == [("Market porters", 0, 6, 1, 2), ("Vendors' union", 12, 3, 0, 5)]
    assert (summary.total, summary.leaders, summary.women_share) == (22, 7, 55)
    services.add_session(
        lima_coordinator,
        training,
        date=DAY,
        rows=[services.AttendanceRow(orgs[0], women=4, leaders=4)],
    )
    activity_total = participation_summary(activity=training)
    assert (activity_total.women, activity_total.leaders) == (16, 11)
    page = client.get(url).content.decode()
    assert '<td id="leaders-trained">11</td>' in page
    figures = dashboard_figures(lima_coordinator, [lima])
    assert (figures.participation.women, figures.participation.leaders) == (16, 11)
    assert figures.participation.women_share == 62
    dashboard = client.get(reverse("cities:dashboard", args=["lima"])).content.decode()
    assert '<td id="leaders-trained">11</td>' in dashboard
    assert "62%" in dashboard
    pdf = client.get(
        reverse("cities:report", args=["lima"]),
        {"start": "2026-01-01", "end": "2026-12-31", "language": "en"},
    )
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    # Unnamed leader numbers of two sessions added up: honestly labelled as training places.
    assert "Leader training places 11" in text
    assert "Women's share 62%" in text
    api = client.get(f"/api/cities/activities/{training.pk}").json()["attendance"]
    assert (api["women"], api["leaders_trained"], api["women_share"]) == (16, 11, 62)


def test_add_row_without_javascript_keeps_what_was_typed(
    client: Any, lima: Any, lima_coordinator: Any, orgs: tuple[Any, Any]
) -> None:
    course: Any = ActivityFactory(city=lima, kind=ActivityKind.RIGHTS_EDUCATION)
    client.force_login(lima_coordinator)
    url = reverse("cities:activity", args=["lima", course.pk])
    response = client.post(url, _session_post(orgs, add_row="attendance"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="attendance-2-women"' in html
    assert 'name="attendance-0-women" value="12"' in html
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"attendance-0-leaders": "20"}, "20 leaders trained, but only 15 people attended"),
        ({"attendance-1-organization": ""}, None),  # two rows may be "not stated" and one org
        ({"attendance-0-women": "-1"}, "greater than or equal to 0"),
    ],
)
def test_bad_attendance_is_refused_whole(
    client: Any,
    lima: Any,
    lima_coordinator: Any,
    orgs: tuple[Any, Any],
    row: dict[str, str],
    message: str | None,
) -> None:
    training: Any = ActivityFactory(city=lima)
    client.force_login(lima_coordinator)
    url = reverse("cities:activity", args=["lima", training.pk])
    response = client.post(url, _session_post(orgs, **row))
    if message is None:
        assert response.status_code == 302
        return
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Session.objects.exists()
    assert not Participation.objects.exists() and not LeadersTrained.objects.exists()


def test_the_same_organisation_twice_is_refused(
    lima: Any, lima_coordinator: Any, orgs: tuple[Any, Any]
) -> None:
    training: Any = ActivityFactory(city=lima)
    rows = [services.AttendanceRow(orgs[0], women=2), services.AttendanceRow(orgs[0], men=1)]
    with pytest.raises(ValidationError, match="already has a row"):
        services.add_session(lima_coordinator, training, date=DAY, rows=rows)
    assert not Session.objects.exists()


def test_api_records_a_session(
    client: Any, lima: Any, lima_coordinator: Any, accra_coordinator: Any, orgs: Any
) -> None:
    training: Any = ActivityFactory(city=lima)
    body = {
        "date": "2026-05-04",
        "topics": "Budgets",
        "attendance": [{"organization": "vendors-union", "women": 7, "men": 2, "leaders": 3}],
    }
    client.force_login(accra_coordinator)
    url = f"/api/cities/activities/{training.pk}/sessions"
    refused = client.post(url, json.dumps(body), content_type="application/json")
    assert refused.status_code == 403
    client.force_login(lima_coordinator)
    created = client.post(url, json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["attendance"]["by_organization"] == [
        {
            "organisation": "Vendors' union",
            "women": 7,
            "men": 2,
            "others": 0,
            "leaders_trained": 3,
        }
    ]
    assert client.get(url).json()[0]["attendance"]["leaders_trained"] == 3


def test_erasing_a_named_participant_keeps_session_counts_and_leaders(
    lima: Any, lima_coordinator: Any, staff_user: User, orgs: tuple[Any, Any]
) -> None:
    training: Any = ActivityFactory(city=lima)
    session = services.add_session(
        lima_coordinator,
        training,
        date=DAY,
        rows=[services.AttendanceRow(orgs[0], women=5, men=1, leaders=2)],
    )
    ana = person_in(orgs[0], name="Ana", gender="woman")
    services.add_named_participant(person=ana, session=session)
    before = participation_summary(activity=training)
    assert (before.women, before.leaders) == (6, 2)
    erase_person(staff_user, ana, reason="Her request")
    assert vars(participation_summary(activity=training)) == vars(before)
