"""The statistics pages' figures, charts and resource lists are computed once per data change
(issue 17, "make every page cheap"): a second view reads them from the per-process cache, and
a change through a service (or an admin save) shows on the next view at once."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from plaza.library import services as library_services
from plaza.statistics.models import Indicator, Sex
from plaza.statistics.services import record_city_figure
from tests.cities.factories import CityFactory
from tests.statistics.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def street_vendors(lima: Any) -> Indicator:
    indicator: Indicator = IndicatorFactory.create(
        code="STREET_VENDORS_WOMEN_SHARE",
        names={"en": "Women among street vendors"},
        source="WIEGO city research",
    )
    ObservationFactory.create(
        indicator=indicator, city=lima, country="", sex=Sex.TOTAL, year=2021, value=Decimal("61.5")
    )
    return indicator


def _queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    # without what differs on every response (CSRF token, CSP nonce)
    html = re.sub(r'(nonce|value|content)="[A-Za-z0-9+/=_-]{20,}"', "", response.content.decode())
    return len(captured), html


def test_city_statistics_come_from_the_cache_until_a_figure_is_recorded(
    client: Client, lima: Any, lima_coordinator: Any, street_vendors: Indicator
) -> None:
    url = "/en/statistics/city/lima/"
    first, page = _queries(client, url)
    assert "61.5" in page
    again, same = _queries(client, url)
    assert again < first and same == page
    record_city_figure(
        lima_coordinator,
        lima,
        indicator=street_vendors,
        sex=Sex.TOTAL,
        year=2023,
        value=Decimal("64.2"),
        source="Lima street vendor census 2023",
    )
    _count, changed = _queries(client, url)
    assert "64.2" in changed and "Lima street vendor census 2023" in changed
    # The city page's key figures (the same series) show it too.
    assert "64.2" in client.get("/en/cities/lima/").content.decode()


def test_a_renamed_city_shows_at_once_on_the_cached_statistics(
    client: Client, lima: Any, street_vendors: Indicator
) -> None:
    url = "/en/statistics/city/lima/"
    assert "Women among street vendors: Lima" in client.get(url).content.decode()
    lima.name = "Lima Metropolitana"  # an admin edit: a plain save (the cities' version)
    lima.save()
    page = client.get(url).content.decode()
    assert "Women among street vendors: Lima Metropolitana" in page
    assert "Lima Metropolitana" in client.get("/en/cities/lima/").content.decode()


def test_a_new_focal_country_shows_in_the_cached_comparison(
    client: Client, lima: Any, street_vendors: Indicator
) -> None:
    for country in ("PE", "GH"):
        ObservationFactory.create(indicator=street_vendors, country=country, year=2020)
    for url in ("/en/statistics/country/pe/", "/en/statistics/city/lima/"):
        assert ">Peru</a>" in client.get(url).content.decode()
        assert ">Ghana</a>" not in client.get(url).content.decode()
    CityFactory(slug="accra", name="Accra", country="GH")  # a new focal city, in Ghana
    for url in ("/en/statistics/country/pe/", "/en/statistics/city/lima/"):
        assert ">Ghana</a>" in client.get(url).content.decode()


def test_resources_about_a_place_follow_the_library(
    client: Client, lima: Any, librarian: Any, street_vendors: Indicator
) -> None:
    url = "/en/statistics/country/pe/"
    city_url = "/en/statistics/city/lima/"
    assert "Informal trade in Peru" not in client.get(url).content.decode()
    resource = library_services.create_resource(
        librarian,
        {
            "title": "Informal trade in Peru",
            "type": "publication",
            "language": "en",
            "year": 2026,
            "countries": ["PE"],
            "status": "published",
        },
        cities=[lima],
    )
    assert "Informal trade in Peru" in client.get(url).content.decode()
    assert "Informal trade in Peru" in client.get(city_url).content.decode()
    library_services.update_resource(librarian, resource, {"title": "Street trade in Peru"})
    assert "Street trade in Peru" in client.get(url).content.decode()
    library_services.withdraw_resource(librarian, resource, "Duplicate record")
    for page in (client.get(url).content.decode(), client.get(city_url).content.decode()):
        assert "Street trade in Peru" not in page
