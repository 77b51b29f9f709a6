"""Dashboard figures are computed once per change of the city work and per reader class
(issue 17): a change through a service shows on the next view at once, and a reader who may
not see private records never gets figures that count them."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plaza.cities import services, stats
from plaza.core import versions
from tests.cities.test_reports import PERIOD, _dashboard_numbers, lima_work

pytestmark = pytest.mark.django_db
__all__ = ["lima_work"]  # the fixture, shared with the report tests


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, PERIOD).status_code == 200
    return len(captured)


def test_a_second_view_reuses_the_figures(client: Any, lima: Any, lima_work: Any) -> None:
    url = reverse("cities:dashboard", args=[lima.slug])
    first = _queries(client, url)
    again = _queries(client, url)
    assert again < first - 10, (first, again)  # only the version and the page's own reads


def test_a_change_through_a_service_shows_at_once(
    client: Any, lima: Any, lima_work: Any, lima_coordinator: Any
) -> None:
    client.force_login(lima_coordinator)
    assert _dashboard_numbers(client, lima.slug)["mean-progress"] == "33%"
    commitment = lima_work["platform"].agreements.get(title="Shade").commitments.get()
    services.record_evidence(
        lima_coordinator,
        commitment,
        date=datetime.date(2026, 3, 25),
        progress=100,
        status="done",
        note="Built",
    )
    assert _dashboard_numbers(client, lima.slug)["mean-progress"] == "67%"
    commitment.delete()  # any write path (the admin, a cascade) changes the version too
    assert _dashboard_numbers(client, lima.slug)["commitment-total"] == "2"


def test_a_reader_without_scope_never_gets_scoped_figures(
    client: Any, lima: Any, lima_work: Any, lima_coordinator: Any, accra_coordinator: Any
) -> None:
    client.force_login(lima_coordinator)
    assert _dashboard_numbers(client, lima.slug)["commitment-total"] == "3"  # private counted
    client.force_login(accra_coordinator)  # signed in, but not for Lima
    assert _dashboard_numbers(client, lima.slug)["commitment-total"] == "2"
    client.logout()
    assert _dashboard_numbers(client, lima.slug)["commitment-total"] == "2"
    url = reverse("cities:dashboard_all")
    client.force_login(lima_coordinator)
    assert 'id="commitment-total">3<' in client.get(url, PERIOD).content.decode()
    client.logout()
    assert 'id="commitment-total">2<' in client.get(url, PERIOD).content.decode()


def test_the_api_shares_the_cached_figures_by_reader_class(
    client: Any, lima: Any, lima_work: Any, lima_coordinator: Any
) -> None:
    url = f"/api/cities/{lima.slug}/dashboard"
    client.force_login(lima_coordinator)
    assert client.get(url).json()["commitments"]["total"] == 3
    client.logout()
    assert client.get(url).json()["commitments"]["total"] == 2


def test_the_version_changes_with_every_counted_table(lima: Any, lima_work: Any) -> None:
    before = versions.token(stats.DATA_VERSION)
    campaign = lima_work["platform"].city.activities.filter(kind="campaign").get()
    campaign.delete()  # saved through its proxy class
    assert versions.token(stats.DATA_VERSION) != before


def test_the_city_page_overview_is_shared_by_reader_class_and_follows_services(
    client: Any, lima: Any, lima_work: Any, lima_coordinator: Any
) -> None:
    """The city page's current work is computed once per change and reader class: the
    coordinator counts the private agreement's commitment, the public never does, and a
    change through a service shows on the next view."""
    url = reverse("cities:detail", args=[lima.slug])

    def open_count() -> str:
        page = client.get(url).content.decode()
        section = page.split('id="commitments-heading"')[1].split("</p>")[0]
        return " ".join(re.sub(r"<[^>]+>", " ", section).split())

    client.force_login(lima_coordinator)
    assert "2 open commitments" in open_count()
    client.logout()
    assert "1 open commitment" in open_count()
    client.force_login(lima_coordinator)
    commitment = (
        lima_work["platform"]
        .agreements.get(title="Water points")
        .commitments.get(responsible="Market office")
    )
    services.record_evidence(
        lima_coordinator,
        commitment,
        date=datetime.date(2026, 3, 25),
        progress=100,
        status="done",
        note="Taps installed",
    )
    assert "1 open commitment" in open_count()
    client.logout()
    assert "0 open commitments" in open_count()


def test_an_organisation_joining_the_city_shows_on_the_cached_city_page(
    client: Any, lima: Any
) -> None:
    from tests.directory.factories import OrganizationFactory

    organisation = OrganizationFactory(name="Vendors of La Parada")
    url = reverse("cities:detail", args=[lima.slug])
    assert "Vendors of La Parada" not in client.get(url).content.decode()
    organisation.cities.add(lima)  # a many-to-many change only: no save of either
    assert "Vendors of La Parada" in client.get(url).content.decode()
