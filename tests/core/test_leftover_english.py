"""No English left in the interface: one page of every kind in es, fr, th and hi, as an anonymous
reader and as a city coordinator.

Content (titles, abstracts, names: anything in an element with a ``lang`` attribute or
``translate="no"``) is stripped; every remaining word that belongs to the English interface
vocabulary (the words of the catalogues' English messages) must also be a word of the page's
language (the words of that language's translations) or be on the short allow-list below.
Every ``<html lang>`` and every content ``lang`` attribute is checked too.
"""

from __future__ import annotations

import datetime
import re
from functools import cache
from pathlib import Path
from typing import Any

import polib
import pytest
from babel import Locale
from bs4 import BeautifulSoup
from bs4.element import Tag
from django.utils import timezone

from plaza.accounts.roles import Role
from plaza.cities.models import Activity, City
from plaza.directory.models import Organization
from plaza.library.models import Resource
from tests.accounts.factories import user_with_role
from tests.cities.factories import (
    ActivityFactory,
    AgreementFactory,
    CityFactory,
    CommitmentFactory,
    MeetingFactory,
    PlatformFactory,
)
from tests.directory.factories import OrganizationFactory
from tests.library.factories import ResourceFactory

PLAZA = Path(__file__).resolve().parents[2] / "plaza"
LANGS = ("es", "fr", "th", "hi")
WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{[^}]*\}\}|%[sd]|<[^>]+>|&\w+;")

# Words an interface in any language may show as they are (each with its reason).
ALLOWED = {
    "api",  # the name of the programming interface, kept in every language
    "pdf",
    "csv",
    "xlsx",
    "json",
    "ris",
    "bibtex",
    "apa",
    "csl",  # names of file formats
    "plaza",  # the site's name (SITE_NAME)
    "iso",  # ISO standard numbers shown with codes
}


def _words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(PLACEHOLDER.sub(" ", text))}


@cache
def english_words() -> frozenset[str]:
    words: set[str] = set()
    for po_path in PLAZA.glob("**/locale/es/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po_path)):
            words |= _words(entry.msgid) | _words(entry.msgid_plural or "")
    return frozenset(words)


@cache
def dictionary(lang: str) -> frozenset[str]:
    words: set[str] = set()
    for po_path in PLAZA.glob(f"**/locale/{lang}/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po_path)):
            texts = [entry.msgstr, *entry.msgstr_plural.values()]
            for text in texts:
                words |= _words(text)
    # CLDR's names of countries and languages in this language are this language's words
    # ("Isla de Man" is Spanish), whatever English words they share.
    locale = Locale.parse(lang)
    for name in [*locale.territories.values(), *locale.languages.values()]:
        words |= _words(name)
    return frozenset(words)


def leftover_english(html: str, lang: str) -> tuple[set[str], list[str]]:
    """(English interface words left on the page, problems with lang attributes)."""
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    root = soup.find("html")
    assert isinstance(root, Tag)
    if root.get("lang") != lang:
        problems.append(f"<html lang={root.get('lang')!r}>")
    for element in soup.find_all(lang=True):
        value = str(element.get("lang", ""))
        if element is not root and not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)?", value):
            problems.append(f"<{element.name} lang={value!r}>")
    # <title> and <meta> cannot mark a content part with lang: the title repeats the page's
    # heading (checked there) and the description is the resource's abstract on its page.
    for element in soup.find_all(["script", "style", "code", "pre", "kbd", "samp", "title"]):
        element.decompose()
    for element in soup.find_all(translate="no"):
        element.decompose()
    for element in soup.find_all(lang=True):
        if element is not root and element.get("lang") != lang:
            element.decompose()
    texts = [soup.get_text(" ")]
    for element in soup.find_all(True):
        for attribute in ("title", "aria-label", "placeholder", "alt"):
            if element.get(attribute):
                texts.append(str(element[attribute]))
    words = set().union(*(_words(t) for t in texts))
    left = {w for w in words if w in english_words() and w not in dictionary(lang)} - ALLOWED
    return left, problems


@pytest.fixture
def site(db: Any) -> dict[str, Any]:
    """A small site like the demo: Delhi with a platform, an activity, a resource, a partner."""
    delhi: City = CityFactory.create(
        slug="delhi",
        name="Delhi",
        country="IN",
        languages=["hi", "en"],
        year_joined=2016,
        names={"hi": "दिल्ली", "th": "เดลี", "es": "Delhi", "fr": "Delhi"},
        summary="Added as a focal city in 2016.",
        summaries={"hi": "2016 में फ़ोकल शहर के रूप में जोड़ा गया।"},
    )
    org: Organization = OrganizationFactory.create(
        name="Dilli Rehri Patri Sangathan", slug="drps", country="IN", cities=[delhi]
    )
    platform: Activity = PlatformFactory.create(
        city=delhi, title="दिल्ली पथ विक्रेता संवाद मंच", language="hi", outcomes=""
    )
    platform.organizations.set([org])
    meeting = MeetingFactory(
        platform=platform, date=timezone.localdate() + datetime.timedelta(days=9)
    )
    agreement = AgreementFactory(platform=platform, title="बाज़ार में पानी")
    CommitmentFactory(agreement=agreement, responsible="नगर निगम", action="चार जल बिंदु लगाना")
    ActivityFactory(city=delhi, title="Rights course for vendors", language="en")
    resource: Resource = ResourceFactory.create(
        title="Street vendors and the law", type="law", language="en", year=2014
    )
    resource.cities.set([delhi])
    coordinator = user_with_role(
        Role.CITY_COORDINATOR,
        username="coord-delhi",
        scopes=[delhi],
        first_name="Asha",
        last_name="Devi",
    )
    return {
        "city": delhi,
        "org": org,
        "platform": platform,
        "agreement": agreement,
        "meeting": meeting,
        "resource": resource,
        "coordinator": coordinator,
    }


def pages(site: dict[str, Any], as_coordinator: bool) -> list[str]:
    resource: Resource = site["resource"]
    platform = site["platform"]
    return [
        "",
        "library/",
        resource.get_absolute_url().split("/", 2)[2],
        "search/?type=law",
        "statistics/",
        "statistics/country/in/",
        "statistics/city/delhi/",
        "cities/",
        "cities/delhi/",
        "cities/delhi/activities/",
        f"cities/delhi/activities/{platform.pk}/",
        f"cities/delhi/agreements/{site['agreement'].pk}/",
        "cities/delhi/commitments/",
        "cities/delhi/timeline/",
        "cities/delhi/dashboard/",
        "cities/dashboard/",
        "directory/",
        "directory/networks/",
        f"directory/organisations/{site['org'].slug}/",
        "partnering/",
        "partnering/institutional-members/",
        "partnering/press/",
        *(
            [
                "accounts/profile/",
                "cities/delhi/report/",
                f"cities/delhi/meetings/{site['meeting'].pk}/",
                "cities/delhi/activities/new/campaign/",
            ]
            if as_coordinator
            else ["accounts/login/"]
        ),
    ]


@pytest.mark.parametrize("as_coordinator", [False, True], ids=["anonymous", "coordinator"])
@pytest.mark.parametrize("lang", LANGS)
def test_no_english_left(
    client: Any, site: dict[str, Any], lang: str, as_coordinator: bool
) -> None:
    if as_coordinator:
        client.force_login(site["coordinator"])
    found: dict[str, set[str]] = {}
    problems: list[str] = []
    for page in pages(site, as_coordinator):
        response = client.get(f"/{lang}/{page}")
        assert response.status_code == 200, page
        left, bad_lang = leftover_english(response.content.decode(), lang)
        if left:
            found[page] = left
        problems += [f"{page}: {p}" for p in bad_lang]
    assert not problems, problems
    assert not found, "English left on the page:\n" + "\n".join(
        f"/{lang}/{page}: {sorted(words)}" for page, words in found.items()
    )


def test_the_crawl_finds_english() -> None:
    html = (
        '<html lang="hi"><body><p>Good practice</p>'
        '<p lang="en">Street vendors and the law</p></body></html>'
    )
    left, problems = leftover_english(html, "hi")
    assert left == {"good", "practice"}
    assert not problems
    assert leftover_english('<html lang="en"><p lang="English">x</p></html>', "th")[1] == [
        "<html lang='en'>",
        "<p lang='English'>",
    ]
