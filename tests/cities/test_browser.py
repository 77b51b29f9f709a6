"""Acceptance: a coordinator records a meeting on a 360-px phone, then progress on a commitment,
and sees the commitments board and the city dashboard change."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from plaza.accounts.roles import Role
from plaza.cities.models import Commitment
from tests.accounts.factories import PASSWORD, user_with_role
from tests.cities.factories import CityFactory, PlatformFactory
from tests.conftest import log_in_page, page_width
from tests.directory.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Any) -> None:
    assert page_width(page) <= 360


def test_record_meeting_and_progress_on_a_phone(live_server: Any, phone_page: Any) -> None:
    lima: Any = CityFactory(slug="lima", name="Lima")
    OrganizationFactory(slug="fedeval", name="FEDEVAL", cities=[lima])
    platform: Any = PlatformFactory(city=lima, title="Mesa de diálogo de La Parada")
    coordinator = user_with_role(Role.CITY_COORDINATOR, username="coord", scopes=[lima])
    page = phone_page
    log_in_page(page, live_server, coordinator.username, PASSWORD)
    base = f"{live_server.url}/en/cities/lima"
    today = timezone.localdate()
    past = (today - datetime.timedelta(days=10)).isoformat()
    soon = (today + datetime.timedelta(days=30)).isoformat()

    page.goto(f"{base}/dashboard/")
    assert "0%" in page.locator("#commitment-figures").inner_text()

    page.goto(f"{base}/activities/{platform.pk}/")
    with page.expect_navigation():
        page.click("text=Record a meeting")
    _fits(page)
    page.fill("input[name=date]", today.isoformat())
    page.fill("input[name=place]", "Municipalidad de La Victoria")
    page.fill("input[name=women]", "6")
    page.fill("input[name=men]", "3")
    page.fill("input[name=agreements-0-title]", "Puntos de agua en el mercado")
    page.fill("input[name=agreements-1-title]", "Toldos para la sombra")
    rows = [
        ("1", "Gerencia de mercados", "Instalar cuatro caños", past),
        ("1", "FEDEVAL", "Mantener limpios los caños", soon),
        ("2", "Gerencia de mercados", "Colocar toldos", soon),
    ]
    for i, (agreement, who, what, when) in enumerate(rows):
        page.select_option(f"select[name=commitments-{i}-agreement]", agreement)
        page.fill(f"input[name=commitments-{i}-responsible]", who)
        page.fill(f"textarea[name=commitments-{i}-action]", what)
        page.fill(f"input[name=commitments-{i}-due_date]", when)
    # The small script adds a row in place; the server would do the same without it.
    page.click("button[name=add_row][value=commitments]")
    assert page.locator("textarea[name=commitments-3-action]").count() == 1
    _fits(page)
    page.click("button[name=save]")
    page.wait_for_url("**/meetings/*/")
    assert "Meeting recorded." in page.locator("main").inner_text()
    assert Commitment.objects.filter(agreement__platform=platform).count() == 3

    page.goto(f"{base}/commitments/")
    _fits(page)
    cards = page.locator("ul.board > li")
    assert cards.count() == 3
    assert "Overdue" in cards.nth(0).inner_text()
    assert "Instalar cuatro caños" in cards.nth(0).inner_text()

    page.goto(f"{base}/dashboard/")
    figures = page.locator("#commitment-figures").inner_text()
    assert "3" in figures

    # Later: evidence that the taps are in.
    page.goto(f"{base}/commitments/")
    cards.nth(0).locator("a").click()
    page.fill("input[name=progress]", "100")
    page.select_option("select[name=status]", "done")
    page.fill("textarea[name=note]", "Los cuatro caños funcionan desde hoy.")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/commitments/*/")
    assert "Progress recorded." in page.locator("main").inner_text()
    assert "Los cuatro caños funcionan" in page.locator("ol.timeline").inner_text()
    _fits(page)

    page.goto(f"{base}/commitments/")
    assert page.locator("ul.board > li").count() == 2
    assert "Overdue" not in page.locator("ul.board").inner_text()
    page.goto(f"{base}/dashboard/")
    _fits(page)
    assert page.locator("#overdue-count").inner_text().strip() == "0"
    assert page.locator("#implemented-share").inner_text().strip() == "33%"
