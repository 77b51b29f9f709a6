"""A reader in a real browser: from a resource page to its subject, two resources into a
reading list, the list exported as RIS, a search saved, and the worker's e-mail alert when a
new matching record is published (issue 18's own test)."""

from __future__ import annotations

from typing import Any

import pytest
import rispy
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from plaza.accounts.models import User
from plaza.library import services
from tests.accounts.factories import PASSWORD
from tests.conftest import log_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _publish(librarian: Any, title: str, keywords: list[str]) -> Any:
    return services.create_resource(
        librarian,
        {
            "title": title,
            "type": "policy-brief",
            "language": "en",
            "year": 2021,
            "keywords": keywords,
            "status": "published",
        },
        [{"family_name": "Roever", "given_names": "Sally"}],
    )


def test_reader_keeps_a_reading_list_and_gets_an_alert(
    live_server: Any, browser: Any, librarian: Any, plain_user: User
) -> None:
    from playwright.sync_api import expect

    first = _publish(librarian, "Street vendors in Lima", ["street vending", "Peru"])
    _publish(librarian, "Regulating street vending in Accra", ["street vending"])
    context = browser.new_context()
    try:
        page = context.new_page()
        log_in_page(page, live_server, plain_user.username, PASSWORD)
        page.goto(f"{live_server.url}{first.get_absolute_url()}")
        page.get_by_role("button", name="Add to reading list").click()
        expect(page.get_by_text("Added to My reading list.")).to_be_visible()

        # The keyword leads to its subject page; the search adds a result to the list.
        page.get_by_role("link", name="street vending", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Subject: street vending")
        expect(page.get_by_role("link", name="Regulating street vending in Accra")).to_be_visible()
        page.goto(f"{live_server.url}/en/search/?q=street+vending")
        hit = page.locator("li.search-hit", has_text="Regulating street vending in Accra")
        hit.get_by_role("button", name="Add to reading list").click()
        expect(page.get_by_text("Added to My reading list.")).to_be_visible()

        page.goto(f"{live_server.url}/en/library/lists/")
        page.get_by_role("link", name="My reading list").click()
        expect(page.get_by_role("link", name="Street vendors in Lima")).to_be_visible()
        href = page.get_by_role("link", name="ris", exact=True).get_attribute("href")
        exported = context.request.get(f"{live_server.url}{href}")
        assert exported.status == 200
        entries = rispy.loads(exported.text())
        assert sorted(e["title"] for e in entries) == [
            "Regulating street vending in Accra",
            "Street vendors in Lima",
        ]

        page.goto(f"{live_server.url}/en/search/?q=street+vending")
        page.locator("#save-frequency").select_option("daily")
        page.get_by_role("button", name="Save this search").click()
        expect(page.get_by_text("Search saved.")).to_be_visible()
    finally:
        context.close()

    _publish(librarian, "Street vending and public space", ["street vending"])
    with override_settings(TASKS=DB_TASKS):
        call_command("worker", "--batch", "--interval", "0.1")
    alerts = [m for m in mail.outbox if m.to == [plain_user.email]]
    assert len(alerts) == 1
    assert "Street vending and public space" in alerts[0].body
    assert "Street vendors in Lima" not in alerts[0].body  # not new
