"""Recording meetings, agreements, commitments and evidence; progress roll-up; the board."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from plaza.accounts.models import User
from plaza.cities import selectors, services, stats
from plaza.cities.models import Agreement, Commitment, CommitmentStatus, Meeting
from tests.cities.factories import AgreementFactory, CommitmentFactory, PlatformFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 5, 4)


def _meeting(user: User, platform: Any) -> Meeting:
    return services.record_meeting(
        user,
        platform,
        services.MeetingInput(
            date=DAY,
            place="Town hall",
            demands=["Water points", "Shade"],
            attendance=[services.Headcount("woman", 7), services.Headcount("man", 3)],
        ),
        [services.AgreementInput("Water points"), services.AgreementInput("Shade")],
        [
            services.CommitmentInput(0, "Market department", "Install 4 taps", DAY),
            services.CommitmentInput(0, "Traders' association", "Keep taps clean", DAY),
            services.CommitmentInput(1, "Market department", "Build shade", DAY),
        ],
    )


def test_record_meeting_saves_everything_and_progress_rolls_up(
    lima: Any, lima_coordinator: Any
) -> None:
    platform: Any = PlatformFactory(city=lima)
    meeting = _meeting(lima_coordinator, platform)
    assert meeting.agreements.count() == 2
    water, shade = meeting.agreements.order_by("pk")
    assert water.commitments.count() == 2 and shade.commitments.count() == 1
    assert meeting.demands.count() == 2
    assert stats.participation_summary(meeting=meeting).women_share == 70
    first = water.commitments.order_by("pk").first()
    assert first is not None
    services.record_evidence(
        lima_coordinator, first, date=DAY, progress=50, status="in-progress", note="2 taps in"
    )
    first.refresh_from_db()
    assert (first.progress, first.status) == (50, "in-progress")
    water = Agreement.objects.get(pk=water.pk)
    assert water.progress == 25  # (50 + 0) / 2
    assert selectors.platform_progress(platform) == 13  # (25 + 0) / 2, rounded
    assert first.history.count() == 2


def test_record_meeting_is_all_or_nothing(lima: Any, lima_coordinator: Any) -> None:
    platform: Any = PlatformFactory(city=lima)
    with pytest.raises(ValidationError) as exc:
        services.record_meeting(
            lima_coordinator,
            platform,
            services.MeetingInput(date=DAY),
            [services.AgreementInput("Water points")],
            [services.CommitmentInput(0, "", "Install taps", DAY)],
        )
    assert "commitment-0-responsible" in exc.value.message_dict
    assert not Meeting.objects.exists() and not Agreement.objects.exists()


def test_coordinator_of_another_city_cannot_record(lima: Any, accra_coordinator: Any) -> None:
    platform: Any = PlatformFactory(city=lima)
    with pytest.raises(PermissionDenied):
        _meeting(accra_coordinator, platform)
    commitment: Any = CommitmentFactory(agreement=AgreementFactory(platform=platform))
    with pytest.raises(PermissionDenied):
        services.record_evidence(
            accra_coordinator, commitment, date=DAY, progress=10, status="in-progress", note="x"
        )


def test_evidence_needs_a_note_or_file_and_done_means_100(lima: Any, lima_coordinator: Any) -> None:
    commitment: Any = CommitmentFactory(
        agreement=AgreementFactory(platform=PlatformFactory(city=lima))
    )
    with pytest.raises(ValidationError):
        services.record_evidence(
            lima_coordinator, commitment, date=DAY, progress=10, status="in-progress"
        )
    with pytest.raises(ValidationError):
        services.record_evidence(
            lima_coordinator, commitment, date=DAY, progress=90, status="done", note="done"
        )


def test_board_lists_overdue_first(lima: Any, lima_coordinator: Any) -> None:
    agreement = AgreementFactory(platform=PlatformFactory(city=lima))
    later: Any = CommitmentFactory(agreement=agreement, due_date=DAY + datetime.timedelta(days=30))
    overdue: Any = CommitmentFactory(agreement=agreement, due_date=DAY - datetime.timedelta(days=3))
    CommitmentFactory(agreement=agreement, status=CommitmentStatus.DONE, progress=100)
    board = list(selectors.commitment_board(lima_coordinator, lima, today=DAY))
    assert board == [overdue, later]
    assert [c.pk for c in selectors.commitment_board(lima_coordinator, lima, status="done")] == [
        c.pk for c in Commitment.objects.filter(status="done")
    ]


def _management(prefix: str, total: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "40",
    }


def test_meeting_form_without_javascript(client: Any, lima: Any, lima_coordinator: Any) -> None:
    platform: Any = PlatformFactory(city=lima)
    client.force_login(lima_coordinator)
    url = reverse("cities:meeting_record", args=[lima.slug, platform.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="agreements-1-title"' in page.content
    assert b'name="commitments-2-action"' in page.content
    data = {
        "date": "2026-05-04",
        "language": "es",
        "women": "5",
        "men": "2",
        "agreements-0-title": "Water points",
        "agreements-0-is_public": "on",
        "agreements-1-title": "Shade",
        "agreements-1-is_public": "on",
        "commitments-0-agreement": "1",
        "commitments-0-responsible": "Market department",
        "commitments-0-action": "Install taps",
        "commitments-0-due_date": "2026-06-01",
        **_management("agreements", 2),
        **_management("commitments", 3),
    }
    # Asking for another row keeps what was typed and shows no error.
    more = client.post(url, {**data, "add_row": "commitments"})
    assert more.status_code == 200
    assert b'name="commitments-3-action"' in more.content
    assert b"Water points" in more.content and b"errorlist" not in more.content
    # A commitment pointing at an empty agreement row is refused, nothing saved.
    bad = client.post(url, {**data, "agreements-1-title": "", "commitments-0-agreement": "2"})
    assert bad.status_code == 400
    assert not Meeting.objects.exists()
    saved = client.post(url, data)
    assert saved.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.agreements.count() == 2
    assert Commitment.objects.filter(agreement__meeting=meeting).count() == 1
