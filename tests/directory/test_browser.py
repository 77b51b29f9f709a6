"""The organisation page on a 360-px phone, in a real Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from plaza.accounts.roles import Role
from tests.accounts.factories import PASSWORD, user_with_role
from tests.cities.factories import CityFactory
from tests.conftest import log_in_page, page_width
from tests.directory.factories import MembershipFigureFactory, OrganizationFactory, person_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organisation_page_on_a_phone(live_server: Any, phone_page: Any) -> None:
    lima: Any = CityFactory(slug="lima", name="Lima")
    org: Any = OrganizationFactory(
        slug="fedeval",
        name="Federación Departamental de Vendedores Ambulantes de Lima",
        website="https://example.org/averyveryverylongaddresswithoutanyplacetobreakthelineatall",
        cities=[lima],
    )
    MembershipFigureFactory(organization=org, source="Annual report of the federation, 2024")
    person_in(org, listed=True, name="Gladys Listed", phone="+51 999 123 456")
    person_in(org, name="Julio Hidden", phone="+51 999 654 321")

    response = phone_page.goto(f"{live_server.url}/en/directory/organisations/fedeval/")
    assert response.status == 200
    assert page_width(phone_page) <= 360
    text = phone_page.locator("main").inner_text()
    assert "Gladys Listed" in text and "Julio Hidden" not in text
    assert "+51 999" not in phone_page.content()
    assert phone_page.locator("section[aria-labelledby=people-heading] li").count() == 1
    assert phone_page.locator("table").is_visible()
    for language in ("th", "hi"):  # longer words, other scripts: still no sideways scrolling
        for path in ("directory/", "directory/organisations/fedeval/"):
            phone_page.goto(f"{live_server.url}/{language}/{path}")
            assert page_width(phone_page) <= 360, path

    coordinator = user_with_role(Role.CITY_COORDINATOR, username="coord", scopes=[lima])
    log_in_page(phone_page, live_server, coordinator.username, PASSWORD)
    phone_page.goto(f"{live_server.url}/en/directory/organisations/fedeval/")
    text = phone_page.locator("main").inner_text()
    assert "Julio Hidden" in text
    assert page_width(phone_page) <= 360
    phone_page.click("text=Julio Hidden")
    assert "+51 999 654 321" in phone_page.locator("main").inner_text()
    assert page_width(phone_page) <= 360


def test_coordinator_adds_a_person_on_a_phone_without_javascript(
    live_server: Any, browser: Any
) -> None:
    lima: Any = CityFactory(slug="lima", name="Lima")
    OrganizationFactory(slug="fedeval", name="FEDEVAL", cities=[lima])
    coordinator = user_with_role(Role.CITY_COORDINATOR, username="coord", scopes=[lima])
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    log_in_page(page, live_server, coordinator.username, PASSWORD)
    page.goto(f"{live_server.url}/en/directory/organisations/fedeval/people/add/")
    assert page_width(page) <= 360
    assert page.locator("fieldset legend", has_text="The person agreed to").count() == 1
    page.fill("input[name=name]", "Marina Condori")
    page.select_option("select[name=gender]", "woman")
    page.select_option("select[name=title]", "treasurer")
    page.fill("input[name=phone]", "+51 999 777 888")
    page.check("input[name=consent_scopes][value=contact-by-staff]")
    page.select_option("select[name=consent_method]", "verbal-recorded")
    page.fill("input[name=consent_date]", "2025-03-01")
    page.click("main button[type=submit]")
    main = page.locator("main").inner_text()
    assert "Marina Condori" in main and "+51 999 777 888" in main
    context.close()
