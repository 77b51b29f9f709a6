"""Done-when of issue 19 (reach): on a 360-px phone in Thai, a reader searches from the home
page, filters by type from the filter bar above the results, opens a result and lands on the
Thai page of that record."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.utils import translation

from plaza.library.models import ResourceType
from plaza.search import registry
from tests.cities.factories import ActivityFactory, CityFactory
from tests.conftest import page_width
from tests.library.factories import ResourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Any) -> None:
    assert page_width(page) <= 360


def test_thai_reader_searches_filters_by_type_and_lands_on_the_thai_page(
    live_server: Any, phone_page: Any
) -> None:
    law = ResourceFactory.create(
        title="Street vending ordinance of Bangkok",
        type=ResourceType.LAW,
        abstract='<div class="group">Where street vending is allowed in Bangkok.</div>',
    )
    paper = ResourceFactory.create(title="Street vending and city space in Bangkok")
    bangkok: Any = CityFactory(slug="bangkok", name="Bangkok", country="TH", languages=["th"])
    activity: Any = ActivityFactory(city=bangkok, title="Street vending rights training")
    for record in (law, paper, activity):
        registry.index_object(record)
    with translation.override("th"):
        law_label = str(ResourceType.LAW.label)
        filters_label = translation.gettext("Filters")

    page = phone_page
    page.goto(f"{live_server.url}/th/")
    page.fill("#home-search-q", "street vending")
    page.click("form.home-search button[type=submit]")
    page.wait_for_url("**/th/search/**")
    assert page.locator(".search-hit").count() == 3
    _fits(page)

    # The filter bar is above the first result; the filters are a closed disclosure.
    bar = page.locator(".search-filterbar").bounding_box()
    first_hit = page.locator(".search-hit").first.bounding_box()
    assert bar and first_hit and bar["y"] < first_hit["y"]
    assert bar["y"] < 740  # on the first screen
    summary = page.locator("#search-filters > summary")
    assert summary.inner_text().startswith(filters_label)
    assert not page.locator(".search-facets a[data-facet=type]").first.is_visible()
    summary.click()
    type_link = page.locator(".search-facets a[data-facet=type][data-value=law]")
    assert type_link.inner_text() == law_label
    with page.expect_navigation():
        type_link.click()

    assert page.locator(".search-hit").count() == 1
    assert law_label in page.locator(".search-chip").inner_text()
    snippet = page.locator(".search-snippet").inner_text()
    assert "<div" not in snippet and "group" not in snippet
    if os.environ.get("PLAZA_SCREENSHOTS"):
        page.screenshot(path=os.environ["PLAZA_SCREENSHOTS"] + "/search-th-360.png")
    _fits(page)

    with page.expect_navigation():
        page.locator(".search-hit h3 a").click()
    assert page.url.startswith(f"{live_server.url}/th/library/{law.pk}/")
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator("h1").inner_text() == law.title
