"""The base pages in a real browser: a 360-px phone, Thai and Devanagari, no JavaScript needed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.accounts.factories import PASSWORD, UserFactory
from tests.conftest import log_in_page, page_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["th", "hi"])
def test_home_fits_a_phone_in_thai_and_hindi(
    live_server: Any, phone_page: Any, language: str
) -> None:
    response = phone_page.goto(f"{live_server.url}/{language}/")
    assert response.status == 200
    assert phone_page.evaluate("document.documentElement.lang") == language
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page_width(phone_page) <= 360
    heading = phone_page.locator("h1").inner_text()
    assert heading and heading.isascii() is False


def test_language_switch_works_without_javascript(live_server: Any, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/en/cities/")
    page.select_option("#language-select", "fr")
    page.click("header button[type=submit]")
    page.wait_for_url("**/fr/cities/")
    assert page.evaluate("document.documentElement.lang") == "fr"
    context.close()


def test_log_in_with_the_form(live_server: Any, phone_page: Any) -> None:
    UserFactory(username="rosa", language="es")
    log_in_page(phone_page, live_server, "rosa", PASSWORD)
    assert "/es/" in phone_page.url
    assert phone_page.locator("header").inner_text().find("Test") >= 0
