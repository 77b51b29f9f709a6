"""The acceptance queries of the search issue against the real demo records (the whole demo, as
the `demo` fixture restores it), in Chromium on a phone-sized page: each finds the relevant demo
resources, highlighted, with working facets."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

# query -> (a title the first page must show, the sector facet value it must offer)
ACCEPTANCE = {
    "vendedores ambulantes": ("Ordenanza N° 1787", "street-vendors"),
    "หาบเร่แผงลอย": ("พระราชบัญญัติรักษาความสะอาด", "street-vendors"),
    "कचरा बीनने वाले": ("ठोस अपशिष्ट प्रबंधन नियम", "waste-pickers"),
    "récupérateurs de déchets": ("Loi n° 2020-04", "waste-pickers"),
    "wast pickers": ("Waste pickers and cities", "waste-pickers"),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo")
def test_acceptance_queries_on_the_demo_records(live_server: Any, phone_page: Any) -> None:
    page = phone_page
    for query, (title, sector) in ACCEPTANCE.items():
        page.goto(f"{live_server.url}/en/search/")
        page.fill("#search-q", query)
        with page.expect_navigation():
            page.click("button[type=submit] >> text=Search")
        hits = page.locator(".search-hit")
        assert hits.count() >= 1, query
        assert title in " ".join(hits.all_inner_texts()), query
        assert page.locator(".search-hit mark").count() >= 1, query
        facet = page.locator(f".search-facets a[data-facet=sector][data-value={sector}]")
        assert facet.count() == 1, query
        before = _count(page)
        page.click("#search-filters > summary")  # on a phone the filters are a closed disclosure
        with page.expect_navigation():
            facet.click()
        assert page.locator(".search-facets a.selected[data-facet=sector]").count() == 1, query
        assert title in " ".join(page.locator(".search-hit").all_inner_texts()), query
        assert 1 <= _count(page) <= before, query


def _count(page: Any) -> int:
    """The number in "12 results (3 ms)"."""
    return int(page.locator(".search-count").inner_text().split()[0].replace(",", ""))
