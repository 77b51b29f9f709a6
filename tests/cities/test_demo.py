"""The demo loads city work for every city, marked as demo, and loading again changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps

from plaza.accounts.models import User
from plaza.cities.models import Activity, Commitment, Evidence, Meeting, Participation
from plaza.demo import DemoContext, load_demo
from plaza.directory.models import Consent

pytestmark = pytest.mark.django_db


def history_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    }


@pytest.mark.usefixtures("demo")
def test_demo_is_complete_marked_and_idempotent() -> None:
    ctx = DemoContext(write=lambda _m: None)
    assert Activity.objects.filter(is_demo=False).count() == 0
    assert Activity.objects.values("city").distinct().count() == 6
    assert Activity.objects.values("kind").distinct().count() == 6
    commitments = Commitment.objects.count()
    assert commitments == 6 * 6
    # Written through the services, as the demo administrator.
    assert set(Meeting.objects.values_list("recorded_by__username", flat=True)) == {"admin"}
    assert set(Evidence.objects.values_list("recorded_by__username", flat=True)) == {"admin"}
    assert set(Consent.objects.values_list("recorded_by__username", flat=True)) == {"admin"}
    history = history_counts()
    assert history["cities.HistoricalCommitment"] and history["directory.HistoricalPerson"]
    participation = list(Participation.objects.values_list("count", flat=True).order_by("pk"))
    load_demo(ctx, steps=("accounts", "cities", "directory", "city_work", "scopes", "city_links"))
    assert Commitment.objects.count() == commitments
    assert history_counts() == history  # a second load writes nothing: no history row
    assert (
        list(Participation.objects.values_list("count", flat=True).order_by("pk")) == participation
    )


@pytest.mark.usefixtures("demo")
def test_every_page_renders_with_the_demo(client: Any) -> None:
    admin_user = User.objects.get(username="admin")  # the demo's administrator
    platform = Activity.objects.get(city__slug="bangkok", kind="dialogue")
    commitment = Commitment.objects.filter(agreement__platform=platform).first()
    assert commitment is not None
    pages = [
        "/th/cities/",
        "/th/cities/dashboard/",
        "/th/cities/bangkok/",
        "/th/cities/bangkok/activities/",
        f"/th/cities/bangkok/activities/{platform.pk}/",
        "/th/cities/bangkok/commitments/",
        f"/th/cities/bangkok/commitments/{commitment.pk}/",
        "/th/cities/bangkok/timeline/",
        "/th/cities/bangkok/dashboard/",
        "/th/cities/organisations/homenet-thailand/timeline/",
    ]
    for logged_in in (False, True):
        if logged_in:
            client.force_login(admin_user)
        for url in pages:
            assert client.get(url).status_code == 200, url
    client.force_login(admin_user)
    meeting_form = client.get(f"/th/cities/bangkok/activities/{platform.pk}/meetings/new/")
    assert meeting_form.status_code == 200
    pdf = client.get(
        "/th/cities/delhi/report/", {"start": "2020-01-01", "end": "2030-12-31", "language": "hi"}
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.usefixtures("demo")
def test_the_demo_demands_keep_the_organisation_that_raised_them() -> None:
    from plaza.cities.models import Demand, SeatSide

    demands = list(Demand.objects.select_related("raised_by", "platform"))
    assert demands and len({d.platform.city_id for d in demands}) == 6
    for demand in demands:
        assert demand.raised_by is not None, demand.text
        # raised by a worker organisation seated at the platform's table
        assert demand.platform.seats.filter(
            organization=demand.raised_by, side=SeatSide.WORKERS
        ).exists()
        assert demand.history.latest().history_user.username == "admin"

    # A demo loaded before the demands kept it is put right by loading again, through the
    # service (one history row per demand), and the next load writes nothing.
    Demand.objects.update(raised_by=None)
    ctx = DemoContext(write=lambda _m: None)
    load_demo(ctx, steps=("accounts", "city_work"))
    assert not Demand.objects.filter(raised_by__isnull=True).exists()
    history = history_counts()
    load_demo(ctx, steps=("accounts", "city_work"))
    assert history_counts() == history
