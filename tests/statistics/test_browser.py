"""The country page on a 360-px phone without JavaScript, in Hindi and Thai."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import page_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "country"), [("hi", "in"), ("th", "th")])
def test_country_page_fits_a_phone_without_javascript(
    live_server: Any, browser: Any, demo: Any, language: str, country: str
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    response = page.goto(f"{live_server.url}/{language}/statistics/country/{country}/")
    assert response.status == 200
    # The page never scrolls sideways; wide tables scroll inside their own box.
    assert page_width(page) <= 360
    chart = page.locator("figure.chart svg")
    box = chart.bounding_box()
    assert box is not None and 250 <= box["width"] <= 360 and box["height"] > 150
    assert page.locator("ul.figures li").count() == 3
    assert page.locator("table").first.locator("tbody tr").count() >= 2
    context.close()
