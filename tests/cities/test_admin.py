"""The cities admin writes through plaza.cities.services: a change made on the admin pages lands
in the record's history (by the person who made it) and in search, a refused change comes back
on the form with nothing written, and what has no service is not offered."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from plaza.accounts.models import User
from plaza.cities import services
from plaza.cities.models import (
    Activity,
    ActivityKind,
    Agreement,
    City,
    Commitment,
    Demand,
    Meeting,
    PlatformType,
)
from plaza.search import indexer
from plaza.search.models import SearchEntry
from tests.admin_pages import post_form
from tests.cities.factories import CityFactory
from tests.directory.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def entry(obj: object) -> SearchEntry:
    return SearchEntry.objects.get(key=f"{obj._meta.label_lower}:{obj.pk}")  # type: ignore[attr-defined]


def index_in_step() -> bool:
    labels = [label for label in indexer.model_labels() if label.startswith("cities.")]
    report = indexer.check(labels)
    return not (report.missing or report.stale or report.orphaned)


@pytest.fixture
def platform(admin_user: User) -> Activity:
    city = CityFactory.create(name="Lima", slug="lima")
    org = OrganizationFactory.create(name="Vendors of Lima")
    org.cities.add(city)
    platform = services.create_activity(
        admin_user,
        city,
        ActivityKind.DIALOGUE_PLATFORM,
        {
            "title": "Market table",
            "start_date": datetime.date(2026, 1, 5),
            "is_public": True,
            "platform_type": PlatformType.NEGOTIATION,
        },
    )
    services.record_meeting(
        admin_user,
        platform,
        services.MeetingInput(
            date=datetime.date(2026, 2, 1),
            is_public=True,
            demands=[services.DemandInput("Water points", raised_by=org)],
        ),
        [services.AgreementInput(title="Water in the market")],
        [services.CommitmentInput(0, "Market office", "Install taps", datetime.date(2026, 6, 1))],
    )
    return platform


def test_a_city_added_and_corrected_in_the_admin_goes_through_the_services(
    admin_client: Client, admin_user: User, platform: Activity
) -> None:
    response = admin_client.post(
        "/admin/cities/city/add/",
        {
            "slug": "accra",
            "name": "Accra",
            "country": "GH",
            "languages": '["en"]',
            "time_zone": "Africa/Accra",
            "year_joined": "2018",
            "sequence": "1",
            "names": "{}",
            "summaries": "{}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    accra = City.objects.get(slug="accra")
    assert accra.history.get().history_user == admin_user

    lima = platform.city
    url = f"/admin/cities/city/{lima.pk}/change/"
    assert post_form(admin_client, url, name="Lima Metropolitana").status_code == 302
    lima.refresh_from_db()
    assert lima.name == "Lima Metropolitana"
    latest = lima.history.latest()
    assert latest.history_type == "~" and latest.history_user == admin_user
    # The city is part of its work's search documents: they were indexed again (else stale).
    assert index_in_step()


def test_activity_agreement_commitment_meeting_and_demand_changes_land_in_history_and_search(
    admin_client: Client, admin_user: User, platform: Activity
) -> None:
    url = f"/admin/cities/activity/{platform.pk}/change/"
    assert post_form(admin_client, url, title="Market dialogue table").status_code == 302
    platform.refresh_from_db()
    assert platform.history.latest().history_user == admin_user
    assert entry(platform).title == "Market dialogue table"

    agreement = Agreement.objects.get(platform=platform)
    url = f"/admin/cities/agreement/{agreement.pk}/change/"
    assert post_form(admin_client, url, title="Clean water in the market").status_code == 302
    assert Agreement.history.filter(id=agreement.pk).latest().history_user == admin_user
    assert entry(agreement).title == "Clean water in the market"

    commitment = Commitment.objects.get(agreement=agreement)
    url = f"/admin/cities/commitment/{commitment.pk}/change/"
    assert post_form(admin_client, url, action="Install ten taps").status_code == 302
    commitment.refresh_from_db()
    assert commitment.action == "Install ten taps"
    assert commitment.history.latest().history_user == admin_user

    meeting = Meeting.objects.get(platform=platform)
    url = f"/admin/cities/meeting/{meeting.pk}/change/"
    assert post_form(admin_client, url, place="City hall").status_code == 302
    assert Meeting.history.filter(id=meeting.pk).latest().place == "City hall"

    demand = Demand.objects.get(meeting=meeting)
    url = f"/admin/cities/demand/{demand.pk}/change/"
    assert post_form(admin_client, url, status="agreed").status_code == 302
    demand.refresh_from_db()
    assert demand.status == "agreed" and demand.raised_by is not None
    assert [h.history_user for h in demand.history.order_by("history_date")] == [admin_user] * 2
    assert index_in_step()


def test_a_change_the_service_refuses_is_shown_on_the_form_and_writes_nothing(
    admin_client: Client, platform: Activity
) -> None:
    demand = Demand.objects.get()
    other_city = CityFactory.create(slug="accra")
    outsider = OrganizationFactory.create(name="Somewhere else")
    outsider.cities.add(other_city)
    url = f"/admin/cities/demand/{demand.pk}/change/"
    response = post_form(admin_client, url, raised_by=str(outsider.pk), text="Changed")
    assert response.status_code == 200
    assert "Not among the organisations of this city" in response.content.decode()
    demand.refresh_from_db()
    assert demand.text == "Water points" and demand.history.count() == 1


def test_what_has_no_service_is_not_offered(admin_client: Client, platform: Activity) -> None:
    meeting = Meeting.objects.get()
    agreement = Agreement.objects.get()
    for url in (
        f"/admin/cities/city/{platform.city.pk}/delete/",
        f"/admin/cities/activity/{platform.pk}/delete/",
        f"/admin/cities/meeting/{meeting.pk}/delete/",
        "/admin/cities/meeting/add/",
        "/admin/cities/agreement/add/",
        "/admin/cities/evidence/add/",
    ):
        assert admin_client.post(url, {"post": "yes"}).status_code == 403, url
    # "Delete selected" is not among the actions, and posting it deletes nothing.
    changelist = admin_client.get("/admin/cities/activity/")
    assert "delete_selected" not in changelist.content.decode()
    admin_client.post(
        "/admin/cities/activity/",
        {"action": "delete_selected", "_selected_action": [platform.pk], "post": "yes"},
    )
    assert Activity.objects.filter(pk=platform.pk).exists()
    # The history's "revert" would write around the services.
    version = Agreement.history.filter(id=agreement.pk).earliest().history_id
    url = f"/admin/cities/agreement/{agreement.pk}/history/{version}/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {}).status_code == 403
