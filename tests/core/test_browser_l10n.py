"""Issue 16, done when: in Hindi and in Thai, a phone shows the Delhi city page, a search result
and a dashboard with the city's name, the type labels, dates and numbers in that language."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone, translation

from plaza.accounts.roles import Role
from plaza.cities.models import City
from plaza.core.formatting import format_date, format_percent, format_year
from plaza.library.models import Resource
from plaza.search import columns, registry
from tests.accounts.factories import user_with_role
from tests.cities.factories import CityFactory, CommitmentFactory, MeetingFactory, PlatformFactory
from tests.conftest import page_width
from tests.library.factories import ResourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED = {
    # city name, country name, resource type "law" (checked against the catalogue below)
    "hi": {"city": "दिल्ली", "country": "भारत", "summary": "फ़ोकल शहर", "joined": "2016"},
    "th": {"city": "เดลี", "country": "อินเดีย", "summary": "2559", "joined": "2559"},
}


@pytest.fixture
def delhi(db: Any) -> dict[str, Any]:
    city: City = CityFactory.create(
        slug="delhi",
        name="Delhi",
        country="IN",
        languages=["hi", "en"],
        year_joined=2016,
        names={"hi": "दिल्ली", "th": "เดลี"},
        summary="Added as a focal city in 2016.",
        summaries={"hi": "2016 में फ़ोकल शहर के रूप में जोड़ा गया।", "th": "เป็นเมืองเป้าหมายตั้งแต่ พ.ศ. 2559"},
    )
    platform = PlatformFactory(city=city, title="दिल्ली पथ विक्रेता संवाद मंच", language="hi")
    meeting_day = timezone.localdate() + datetime.timedelta(days=12)
    MeetingFactory(platform=platform, date=meeting_day)
    due = timezone.localdate() + datetime.timedelta(days=30)
    CommitmentFactory(
        agreement__platform=platform, action="पानी के चार नल लगाना", due_date=due, progress=50
    )
    resource: Resource = ResourceFactory.create(
        title="पथ विक्रेता अधिनियम 2014", type="law", language="hi", year=2014
    )
    resource.cities.set([city])
    registry.index_object(resource)
    # A busy machine can make the per-process facet columns slow to load, and then not reloaded
    # for a few seconds: drop this process's copy so the search sees this test's index.
    columns._snapshot.forget()
    coordinator = user_with_role(Role.CITY_COORDINATOR, username="coord-delhi", scopes=[city])
    return {"city": city, "meeting_day": meeting_day, "due": due, "coordinator": coordinator}


@pytest.mark.parametrize("lang", ["hi", "th"])
def test_delhi_search_and_dashboard_in_the_reader_language(
    live_server: Any, browser: Any, client: Any, delhi: dict[str, Any], lang: str
) -> None:
    expected = EXPECTED[lang]
    with translation.override(lang):
        law = str(translation.gettext("Law or regulation"))
        upcoming = format_date(delhi["meeting_day"], lang=lang)
        due = format_date(delhi["due"], "short", lang=lang)
        year = format_year(2014, lang=lang)
        half = format_percent(50, lang=lang)
    assert law != "Law or regulation"
    client.force_login(delhi["coordinator"])
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()

    page.goto(f"{live_server.url}/{lang}/cities/delhi/")
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("h1").inner_text().strip() == expected["city"]
    facts = page.locator("dl.facts").inner_text()
    assert expected["country"] in facts and expected["joined"] in facts
    main = page.locator("main").inner_text()
    assert expected["summary"] in main
    assert upcoming in main  # the meeting's date, in the reader's calendar and month names
    assert due in main  # the commitment's deadline
    assert page_width(page) <= 360

    page.goto(f"{live_server.url}/{lang}/search/?type=law")
    hit = page.locator(".search-hit").first.inner_text()
    assert law in hit and year in hit
    assert "law" not in hit.lower().split()
    facets = (
        page.locator(".search-facets").text_content() or ""
    )  # inside the closed Filters disclosure
    assert law in facets and expected["city"] in facets

    page.goto(f"{live_server.url}/{lang}/cities/delhi/dashboard/")
    assert expected["city"] in page.locator("h1").inner_text()
    assert page.locator("#mean-progress").inner_text().strip() == half
    if lang == "th":  # the activities table counts years in the Buddhist era
        assert (
            format_year(timezone.localdate().year, "th")
            in page.locator("#activities-table").inner_text()
        )
    context.close()
