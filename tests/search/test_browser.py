"""The search page in a real Chromium: the acceptance queries, highlighted snippets, facets."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.search.test_service import ACCEPTANCE

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_search_page_in_the_browser(live_server: Any, chromium_path: str, corpus: Any) -> None:
    # Playwright's sync API refuses to run where an asyncio loop is running (another test in
    # the same worker may leave one): drive the browser from a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_drive_browser, live_server.url, chromium_path).result()


def _drive_browser(base_url: str, chromium_path: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto(f"{base_url}/en/search/")
        for query, _pk, _highlighted in ACCEPTANCE:
            page.fill("#search-q", query)
            with page.expect_navigation():
                page.click("button[type=submit] >> text=Search")
            first = page.locator(".search-hit").first
            assert first.locator("mark").count() >= 1, query
            assert page.locator(".search-count").inner_text().startswith("1 result"), query
            assert page.locator(".search-facets a[data-facet=sector]").count() >= 1
        # A facet narrows the result set and stays selected; unselecting restores it.
        page.fill("#search-q", "")
        page.click("button[type=submit] >> text=Search")
        assert page.locator(".search-count").inner_text().startswith("8 results")
        # On a phone the filters are a closed "Filters" disclosure above the results.
        page.click("#search-filters > summary")
        page.click(".search-facets a[data-facet=sector][data-value=waste-pickers]")
        assert page.locator(".search-count").inner_text().startswith("3 results")
        assert page.locator(".search-facets a.selected").count() == 1
        page.click("#search-filters > summary")
        page.click(".search-facets a[data-facet=lang][data-value=fr]")
        assert page.locator(".search-count").inner_text().startswith("1 result")
        assert "Dakar" in page.locator(".search-hit").first.inner_text()
        page.click("#search-filters > summary")
        page.click(".search-facets a.selected[data-facet=sector]")
        assert page.locator(".search-count").inner_text().startswith("1 result")
        # A typo is corrected with a notice; the interface follows the language prefix.
        page.goto(f"{base_url}/es/search/?q=wsate+pickres")
        assert "waste pickers" in page.locator(".search-notice").first.inner_text()
        assert page.locator("h1").inner_text() == "Buscar en Plaza"
        browser.close()
