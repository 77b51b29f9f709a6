"""The demo loads city work for every city, marked as demo, and loading again changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from plaza.accounts.models import User
from plaza.cities.models import Activity, Commitment, Participation
from plaza.demo import DemoContext
from plaza.demo import cities as demo

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("demo")
def test_demo_is_complete_marked_and_idempotent() -> None:
    ctx = DemoContext(write=lambda _m: None)
    assert Activity.objects.filter(is_demo=False).count() == 0
    assert Activity.objects.values("city").distinct().count() == 6
    assert Activity.objects.values("kind").distinct().count() == 6
    commitments = Commitment.objects.count()
    assert commitments == 6 * 6
    history = Commitment.history.count()
    participation = list(Participation.objects.values_list("count", flat=True).order_by("pk"))
    demo.load(ctx)
    assert Commitment.objects.count() == commitments
    assert Commitment.history.count() == history
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
