"""Every id a cities write accepts is checked against the writer's scope (plaza/cities/scope.py):
each write endpoint, given an out-of-scope id of each kind, answers 4xx and writes nothing."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest

from plaza.cities import services
from plaza.cities.models import (
    Activity,
    ActivityKind,
    Agreement,
    Commitment,
    LeadersTrained,
    Meeting,
    Milestone,
    Participation,
    PlatformSeat,
    Session,
)
from tests.cities.factories import (
    ActivityFactory,
    AgreementFactory,
    CommitmentFactory,
    MeetingFactory,
    PlatformFactory,
)
from tests.directory.factories import OrganizationFactory, PositionFactory
from tests.library.factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(lima: Any, accra: Any, lima_coordinator: Any) -> dict[str, Any]:
    lima_org = OrganizationFactory(slug="fedeval", cities=[lima], country="PE")
    accra_org = OrganizationFactory(slug="accra-traders", cities=[accra], country="GH")
    accra_person: Any = PositionFactory(organization=accra_org).person
    lima_person: Any = PositionFactory(organization=lima_org).person
    platform: Any = PlatformFactory(city=lima)
    seat = services.seat_at_table(lima_coordinator, platform, lima_org, "workers")
    training: Any = ActivityFactory(city=lima, kind=ActivityKind.CAPACITY_BUILDING)
    session = services.add_session(lima_coordinator, training, date=datetime.date(2026, 3, 2))
    meeting: Any = MeetingFactory(platform=platform)
    commitment: Any = CommitmentFactory(agreement=AgreementFactory(platform=platform))
    hidden_resource: Any = ResourceFactory(status="draft")
    return {
        "lima_org": lima_org,
        "accra_org": accra_org,
        "accra_person": accra_person.pk,
        "lima_person": lima_person.pk,
        "platform": platform.pk,
        "training": training.pk,
        "session": session.pk,
        "meeting": meeting.pk,
        "commitment": commitment.pk,
        "seat": seat.pk,
        "resource": hidden_resource.pk,
    }


def _commitment_row(**extra: Any) -> dict[str, Any]:
    return {
        "agreement": 0,
        "responsible": "Market office",
        "action": "Taps",
        "due_date": "2026-07-01",
        **extra,
    }


# (name, method, url, body) — each body carries one out-of-scope id of one kind.
Case = tuple[str, str, Callable[[dict[str, Any]], str], Callable[[dict[str, Any]], dict[str, Any]]]
CASES: list[Case] = [
    (
        "activity organisation",
        "post",
        lambda w: "/api/cities/lima/activities",
        lambda w: {"kind": "support", "title": "X", "fields": {"organizations": ["accra-traders"]}},
    ),
    (
        "activity requesting organisation",
        "post",
        lambda w: "/api/cities/lima/activities",
        lambda w: {
            "kind": "research",
            "title": "X",
            "fields": {"requesting_organization": "accra-traders"},
        },
    ),
    (
        "activity responsible person",
        "post",
        lambda w: "/api/cities/lima/activities",
        lambda w: {
            "kind": "support",
            "title": "X",
            "fields": {"responsible_people": [w["accra_person"]]},
        },
    ),
    (
        "activity resource",
        "post",
        lambda w: "/api/cities/lima/activities",
        lambda w: {
            "kind": "support",
            "title": "X",
            "fields": {"linked_resources": [w["resource"]]},
        },
    ),
    (
        "activity in another city",
        "post",
        lambda w: "/api/cities/accra/activities",
        lambda w: {"kind": "support", "title": "X"},
    ),
    (
        "activity patch organisation",
        "patch",
        lambda w: f"/api/cities/activities/{w['training']}",
        lambda w: {"fields": {"organizations": ["accra-traders"]}},
    ),
    (
        "activity patch resource",
        "patch",
        lambda w: f"/api/cities/activities/{w['training']}",
        lambda w: {"fields": {"linked_resources": [w["resource"]]}},
    ),
    (
        "session attendance organisation",
        "post",
        lambda w: f"/api/cities/activities/{w['training']}/sessions",
        lambda w: {
            "date": "2026-03-09",
            "attendance": [{"organization": "accra-traders", "women": 2}],
        },
    ),
    (
        "session patch attendance organisation",
        "patch",
        lambda w: f"/api/cities/sessions/{w['session']}",
        lambda w: {"attendance": [{"organization": "accra-traders", "women": 2}]},
    ),
    (
        "meeting attendee",
        "post",
        lambda w: f"/api/cities/activities/{w['platform']}/meetings",
        lambda w: {"date": "2026-05-04", "attendees": [w["lima_person"], w["accra_person"]]},
    ),
    (
        "meeting head count organisation",
        "post",
        lambda w: f"/api/cities/activities/{w['platform']}/meetings",
        lambda w: {
            "date": "2026-05-04",
            "attendance": [{"gender": "woman", "count": 3, "organization": "accra-traders"}],
        },
    ),
    (
        "meeting commitment organisation",
        "post",
        lambda w: f"/api/cities/activities/{w['platform']}/meetings",
        lambda w: {
            "date": "2026-05-04",
            "agreements": [{"title": "Water"}],
            "commitments": [_commitment_row(responsible_organization="accra-traders")],
        },
    ),
    (
        "meeting commitment person",
        "post",
        lambda w: f"/api/cities/activities/{w['platform']}/meetings",
        lambda w: {
            "date": "2026-05-04",
            "agreements": [{"title": "Water"}],
            "commitments": [_commitment_row(responsible_person=w["accra_person"])],
        },
    ),
    (
        "meeting patch attendee",
        "patch",
        lambda w: f"/api/cities/meetings/{w['meeting']}",
        lambda w: {"minutes": "Changed", "attendees": [w["accra_person"]]},
    ),
    (
        "meeting patch head count organisation",
        "patch",
        lambda w: f"/api/cities/meetings/{w['meeting']}",
        lambda w: {
            "minutes": "Changed",
            "attendance": [{"gender": "man", "count": 1, "organization": "accra-traders"}],
        },
    ),
    (
        "commitment patch organisation",
        "patch",
        lambda w: f"/api/cities/commitments/{w['commitment']}",
        lambda w: {"action": "Changed", "responsible_organization": "accra-traders"},
    ),
    (
        "commitment patch person",
        "patch",
        lambda w: f"/api/cities/commitments/{w['commitment']}",
        lambda w: {"action": "Changed", "responsible_person": w["accra_person"]},
    ),
    (
        "seat organisation",
        "post",
        lambda w: f"/api/cities/activities/{w['platform']}/seats",
        lambda w: {"organization": "accra-traders", "side": "workers"},
    ),
    (
        "seat representative",
        "post",
        lambda w: f"/api/cities/activities/{w['platform']}/seats",
        lambda w: {
            "organization": "fedeval",
            "side": "other",
            "representatives": [w["accra_person"]],
        },
    ),
    (
        "seat patch representative",
        "patch",
        lambda w: f"/api/cities/seats/{w['seat']}",
        lambda w: {"side": "other", "representatives": [w["accra_person"]]},
    ),
]


def _snapshot() -> tuple[Any, ...]:
    """Everything a cities write could change: rows, links and history rows."""
    models = (Activity, Meeting, Agreement, Commitment, Milestone, Session, PlatformSeat)
    return (
        *(m.objects.count() for m in models),
        *(m.history.count() for m in models),
        Participation.objects.count(),
        LeadersTrained.objects.count(),
        Activity.organizations.through.objects.count(),
        Activity.responsible_people.through.objects.count(),
        PlatformSeat.representatives.through.objects.count(),
        sorted(Commitment.objects.values_list("action", "responsible_organization_id")),
        sorted(Meeting.objects.values_list("minutes", flat=True)),
        sorted(PlatformSeat.objects.values_list("side", flat=True)),
    )


@pytest.mark.parametrize(("name", "method", "url", "body"), CASES, ids=[c[0] for c in CASES])
def test_out_of_scope_id_is_refused_and_nothing_written(
    client: Any,
    world: dict[str, Any],
    lima_coordinator: Any,
    name: str,
    method: str,
    url: Callable[[dict[str, Any]], str],
    body: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    client.force_login(lima_coordinator)
    before = _snapshot()
    response = getattr(client, method)(
        url(world), json.dumps(body(world)), content_type="application/json"
    )
    assert 400 <= response.status_code < 500, (name, response.status_code, response.content)
    assert _snapshot() == before, name
    if response.status_code == 400:
        assert response.json()["errors"], name  # the field in error is named


def test_the_same_bodies_with_in_scope_ids_are_written(
    client: Any, world: dict[str, Any], lima_coordinator: Any
) -> None:
    """The check refuses only what is out of scope: the Lima ids go through."""
    client.force_login(lima_coordinator)
    meeting = client.post(
        f"/api/cities/activities/{world['platform']}/meetings",
        json.dumps({"date": "2026-05-04", "attendees": [world["lima_person"]]}),
        content_type="application/json",
    )
    assert meeting.status_code == 201, meeting.content
    patched = client.patch(
        f"/api/cities/commitments/{world['commitment']}",
        json.dumps(
            {"responsible_organization": "fedeval", "responsible_person": world["lima_person"]}
        ),
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["responsible_organization"] == "fedeval"


def test_the_meeting_form_refuses_an_out_of_scope_attendee(
    client: Any, world: dict[str, Any], lima_coordinator: Any
) -> None:
    """Forms go through the same check: a forged attendee id is a 400 naming the field."""
    client.force_login(lima_coordinator)
    before = _snapshot()
    response = client.post(
        f"/en/cities/lima/meetings/{world['meeting']}/edit/",
        {"date": "2026-04-01", "language": "en", "attendees": [world["accra_person"]]},
    )
    assert response.status_code == 400
    assert "attendees" in response.context["form"].errors
    assert _snapshot() == before
