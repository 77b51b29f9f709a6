"""The issue's acceptance queries on the /search page, over real library resources.

A small real library (English and Spanish resources on informal workers, waste pickers
and street vendors, plus two off-topic ones) is published through the library, indexed
by both writers (lexical, then semantic) and embedded with the real model. A Thai and a
Hindi query, which share no word with any resource, must find them, labelled as results
in another language, with the passage that matched as the snippet.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from plaza.library.models import Resource
from plaza.search import registry
from plaza.search.semantic import storage
from tests.library.factories import ResourceFactory

pytestmark = pytest.mark.usefixtures("cached_encoder")

RESOURCES = [
    (
        "Social protection for informal workers",
        "en",
        "Most informal workers have no pension, no health insurance and no written contract. "
        "This report reviews how cities and states can extend social security to them.",
    ),
    (
        "Waste pickers and cities",
        "en",
        "Waste pickers collect, sort and sell recyclable materials from household rubbish "
        "and landfills; the report shows how cities can integrate them into solid waste "
        "management.",
    ),
    (
        "Recicladores de base: el reciclaje inclusivo en Bogotá",
        "es",
        "Los recicladores recogen y clasifican la basura reciclable en las calles y exigen ser "
        "remunerados por el servicio público de aseo.",
    ),
    (
        "Vendedores ambulantes y espacio público en Lima",
        "es",
        "Los vendedores ambulantes venden comida y ropa en las calles del centro de Lima y "
        "negocian licencias con la municipalidad.",
    ),
    (
        "Grilled fish with lemon",
        "en",
        "Season the fish with lemon and salt, then grill it for ten minutes on each side.",
    ),
    (
        "Football league results",
        "en",
        "The home team won the match two goals to one after extra time.",
    ),
]


@pytest.fixture
def library(db: Any, django_capture_on_commit_callbacks: Any) -> dict[str, Resource]:
    resources: dict[str, Resource] = {}
    with django_capture_on_commit_callbacks(execute=True):  # the embedding task runs on commit
        for title, language, abstract in RESOURCES:
            resource = ResourceFactory.create(title=title, language=language, abstract=abstract)
            registry.index_object(resource)  # what the library's services do on publication
            resources[title] = resource
    assert storage.pending_passages().count() == 0
    return resources


def _results(html: str) -> list[str]:
    """The result items of the page, in order, as HTML fragments."""
    return re.findall(r'<li class="search-hit">(.*?)</li>', html, flags=re.S)


def _hit(results: list[str], title: str) -> tuple[int, str]:
    for position, item in enumerate(results):
        heading = re.search(r"<h3>(.*?)</h3>", item, flags=re.S)
        if heading and re.sub(r"<[^>]+>", "", heading.group(1)).strip() == title:
            return position, item
    raise AssertionError(f"{title!r} not among the results: {results}")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("แรงงานนอกระบบ", ["Social protection for informal workers"]),
        (
            "कचरा बीनने वाले",
            ["Waste pickers and cities", "Recicladores de base: el reciclaje inclusivo en Bogotá"],
        ),
    ],
)
def test_thai_and_hindi_queries_find_english_and_spanish_resources(
    client: Any, library: dict[str, Resource], query: str, expected: list[str]
) -> None:
    response = client.get("/en/search/", {"q": query})  # "search in all languages" is on
    assert response.status_code == 200
    html = response.content.decode()
    assert "semantic search) are off" not in html
    results = _results(html)
    for title in expected:
        position, item = _hit(results, title)
        assert position < 3, f"{title!r} is result {position + 1}"
        assert "in another language" in item
        assert "found by meaning" in item
        # The snippet is the passage that matched, in the resource's own language.
        abstract = library[title].abstract
        snippet = re.search(r'<p class="search-snippet"[^>]*>(.*?)</p>', item, flags=re.S)
        assert snippet is not None
        words = re.sub(r"<[^>]+>", "", snippet.group(1)).split()[:6]
        assert " ".join(words) in f"{title} {abstract}"
    off_topic = [
        p for p, item in enumerate(results) if "Grilled fish" in item or "Football" in item
    ]
    assert all(position >= len(expected) for position in off_topic)


def test_a_spanish_query_finds_its_words_and_the_english_resource_by_meaning(
    client: Any, library: dict[str, Resource]
) -> None:
    results = _results(client.get("/en/search/", {"q": "recicladores"}).content.decode())
    position, item = _hit(results, "Recicladores de base: el reciclaje inclusivo en Bogotá")
    assert position == 0
    assert "found by meaning" not in item  # a word match (and a semantic one)
    _position, english = _hit(results, "Waste pickers and cities")
    assert "in another language" in english


def test_unticking_all_languages_keeps_word_matches_only(
    client: Any, library: dict[str, Resource]
) -> None:
    html = client.get("/en/search/", {"q": "แรงงานนอกระบบ", "semantic": "off"}).content.decode()
    assert _results(html) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_thai_query_in_the_browser(live_server: Any, chromium_path: str) -> None:
    for title, language, abstract in RESOURCES[:3]:
        resource = ResourceFactory.create(title=title, language=language, abstract=abstract)
        registry.index_object(resource)  # autocommit: the embedding task runs at once
    assert storage.pending_passages().count() == 0
    # Playwright's sync API refuses to run where an asyncio loop is running: own thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_thai_query, live_server.url, chromium_path).result()


def _thai_query(base_url: str, chromium_path: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto(f"{base_url}/en/search/")
        assert page.locator("input[type=checkbox][name=semantic]").is_checked()
        page.fill("#search-q", "แรงงานนอกระบบ")
        with page.expect_navigation():
            page.click("button[type=submit] >> text=Search")
        first = page.locator(".search-hit").first
        assert first.locator("h3").inner_text() == "Social protection for informal workers"
        assert "in another language" in first.inner_text()
        assert (
            "Most informal workers have no pension" in first.locator(".search-snippet").inner_text()
        )
        browser.close()
