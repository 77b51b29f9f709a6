"""Browse pages (creator, subject, series, city, country), the A-Z indexes and language versions
shown as one work: each page only ever shows and counts what its reader may see."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from plaza.accounts.models import User
from plaza.library import browsing, services
from plaza.library.models import Resource
from tests.library.factories import resource_with_creators

pytestmark = pytest.mark.django_db

SHARED: dict[str, Any] = {
    "keywords": ["Street vending"],
    "series": "WIEGO Law Notes",
    "countries": ["IN"],
}


@pytest.fixture
def shelf(lima: Any, librarian: Any) -> dict[str, Resource]:
    """One public work in two languages and hidden records sharing its creator, subject,
    series, city and country."""
    public = resource_with_creators(
        ("Dias", "Sonia"), title="Vending rights in Delhi", year=2016, **SHARED
    )
    spanish = resource_with_creators(
        ("Dias", "Sonia"),
        title="Derechos de venta en Delhi",
        language="es",
        edition_of=public,
        year=2016,
        **SHARED,
    )
    hidden = {
        "members": resource_with_creators(
            ("Dias", "Sonia"), title="Members vending note", visibility="members", **SHARED
        ),
        "private": resource_with_creators(
            ("Dias", "Sonia"), title="Private vending note", visibility="private", **SHARED
        ),
        "draft": resource_with_creators(
            ("Dias", "Sonia"), title="Draft vending note", status="draft", **SHARED
        ),
        "withdrawn": resource_with_creators(
            ("Dias", "Sonia"), title="Withdrawn vending note", **SHARED
        ),
        "only-members": resource_with_creators(
            ("Hidden", "Author"),
            title="Secret study",
            visibility="members",
            keywords=["members subject"],
        ),
    }
    for record in (public, spanish, *list(hidden.values())[:4]):
        record.cities.set([lima])
    withdrawn = hidden["withdrawn"]
    services.withdraw_resource(librarian, withdrawn, "Replaced")
    return {"public": public, "spanish": spanish, **hidden}


PAGES = [
    "/en/library/creators/dias-sonia/",
    "/en/library/subjects/street-vending/",
    "/en/library/series/wiego-law-notes/",
    "/en/library/cities/lima/",
    "/en/library/countries/IN/",
]
HIDDEN_TITLES = {
    "members": "Members vending note",
    "private": "Private vending note",
    "draft": "Draft vending note",
    "withdrawn": "Withdrawn vending note",
}


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]*" lang="[a-z]+">([^<]*)</a></h3>', html)


@pytest.mark.parametrize("path", PAGES)
def test_every_browse_page_shows_only_what_the_reader_may_see(
    client: Client, shelf: dict[str, Resource], plain_user: User, librarian: Any, path: str
) -> None:
    anonymous = client.get(path)
    assert anonymous.status_code == 200
    assert _titles(anonymous.content.decode()) == ["Vending rights in Delhi"]
    assert "1 resource" in anonymous.content.decode()

    client.force_login(plain_user)
    member = client.get(path).content.decode()
    assert sorted(_titles(member)) == ["Members vending note", "Vending rights in Delhi"]
    assert "2 resources" in member

    client.force_login(librarian)
    curator = client.get(path).content.decode()
    assert sorted(_titles(curator)) == [
        "Members vending note",
        "Private vending note",
        "Vending rights in Delhi",
    ]
    for hidden in ("Draft vending note", "Withdrawn vending note"):
        assert hidden not in curator  # never listed, whoever reads


def test_browse_pages_keep_the_library_filters_paging_and_feed(
    client: Client, shelf: dict[str, Resource]
) -> None:
    html = client.get("/en/library/subjects/street-vending/", {"lang": "es"}).content.decode()
    assert _titles(html) == ["Derechos de venta en Delhi"]  # filtered to the Spanish version
    assert 'href="/en/library/subjects/street-vending/"' in html  # "Show all" keeps the subject
    assert 'href="/feeds/library/subject/street-vending.atom"' in html
    assert client.get("/en/library/subjects/street-vending/", {"page": "9"}).status_code == 200
    feed = client.get("/feeds/library/subject/street-vending.atom").content.decode()
    assert "Vending rights in Delhi" in feed and "Members vending note" not in feed
    for kind, key in (("creator", "dias-sonia"), ("series", "wiego-law-notes"), ("city", "lima")):
        response = client.get(f"/feeds/library/{kind}/{key}.atom")
        assert response.status_code == 200
        assert "Vending rights in Delhi" in response.content.decode()
    assert client.get("/feeds/library/creator/hidden-author.atom").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/en/library/creators/nobody-at-all/",
        "/en/library/subjects/no-such-subject/",
        "/en/library/series/no-such-series/",
        "/en/library/cities/atlantis/",
        "/en/library/countries/XX/",
        "/en/library/countries/in/",
        # Known only from records the reader may not see: not even their names leak.
        "/en/library/creators/hidden-author/",
        "/en/library/subjects/members-subject/",
    ],
)
def test_unknown_or_hidden_headings_are_404(
    client: Client, shelf: dict[str, Resource], path: str
) -> None:
    assert client.get(path).status_code == 404


def test_hidden_heading_is_there_for_those_who_may_see_it(
    client: Client, shelf: dict[str, Resource], plain_user: User
) -> None:
    client.force_login(plain_user)
    assert client.get("/en/library/creators/hidden-author/").status_code == 200
    assert "Hidden, Author" in client.get("/en/library/creators/").content.decode()


def test_a_to_z_counts_only_visible_works(
    client: Client, shelf: dict[str, Resource], plain_user: User
) -> None:
    html = client.get("/en/library/creators/").content.decode()
    assert re.search(
        r'href="/en/library/creators/dias-sonia/">Dias, Sonia</a> '
        r'<span class="muted">\(1\)</span>',
        html,
    )
    assert "Hidden" not in html
    subjects = client.get("/en/library/subjects/").content.decode()
    assert re.search(r">Street vending</a> <span class=\"muted\">\(1\)</span>", subjects)
    assert "members subject" not in subjects
    client.force_login(plain_user)
    html = client.get("/en/library/creators/").content.decode()
    assert re.search(r">Dias, Sonia</a> <span class=\"muted\">\(2\)</span>", html)


def test_a_to_z_groups_by_script_and_initial_letter(client: Client, db: Any) -> None:
    names = {
        "Émile, Zola": "Latin",
        "Chen, Martha": "Latin",
        "साहू, अंकिता": "Devanagari",
        "क़ुरैशी, ज़ैनब": "Devanagari",
        "เจริญ, สมชาย": "Thai",
        "กิตติ, ประเสริฐ": "Thai",
    }
    for name in names:
        family, given = name.split(", ")
        resource_with_creators((family, given), keywords=[f"{family} studies"])
    assert browsing.initial("Émile, Zola") == ("Latin", "E")
    assert browsing.initial("क़ुरैशी") == ("Devanagari", "क")  # nukta: filed under क
    assert browsing.initial("เจริญ") == ("Thai", "จ")  # the consonant after the leading vowel
    assert browsing.initial("“Quoted” name") == ("Latin", "Q")

    html = client.get("/en/library/creators/").content.decode()
    headings = re.findall(r'<h2 id="script-\d+">([^<]*)</h2>', html)
    assert headings == ["Latin script", "Devanagari script", "Thai script"]
    letters = re.findall(r'<h3 id="[^"]*">([^<]*)</h3>', html)
    assert letters == ["C", "E", "क", "स", "ก", "จ"]  # Thai: ก before จ (collation)
    thai = html.index(">กิตติ, ประเสริฐ<"), html.index(">เจริญ, สมชาย<")
    assert thai[0] < thai[1]
    # Non-Latin names have stable, percent-encoded URLs that lead back to their page.
    key = browsing.name_key("เจริญ, สมชาย")
    assert key == "เจริญ-สมชาย"
    assert f'href="/en/library/creators/{quote(key)}/"' in html
    page = client.get(f"/en/library/creators/{quote(key)}/")
    assert page.status_code == 200 and "เจริญ, สมชาย" in page.content.decode()
    hindi = client.get(f"/hi/library/subjects/{quote(browsing.name_key('साहू studies'))}/")
    assert hindi.status_code == 200
    assert client.get("/th/library/subjects/").status_code == 200


def test_language_versions_are_one_work_in_the_readers_language(
    client: Client, shelf: dict[str, Resource]
) -> None:
    english = client.get("/en/library/subjects/street-vending/").content.decode()
    assert _titles(english) == ["Vending rights in Delhi"]
    assert re.search(
        r'Also in: <a href="[^"]*/library/\d+/[^"]*" hreflang="es">Spanish</a>', english
    )
    spanish = client.get("/es/library/subjects/street-vending/").content.decode()
    assert _titles(spanish) == ["Derechos de venta en Delhi"]  # the reader's version first
    assert 'hreflang="en">Inglés</a>' in spanish
    # The library list too, and its facet counts count works, as the list does.
    listing = client.get("/es/library/").content.decode()
    assert _titles(listing) == ["Derechos de venta en Delhi"]
    facet = re.search(r'lang=en">[^<]*</a> <span class="muted">\((\d+)\)', listing)
    assert facet and facet.group(1) == "1"
    by_english = client.get("/es/library/", {"lang": "en"}).content.decode()
    assert _titles(by_english) == ["Vending rights in Delhi"]
    assert "1 recurso" in by_english


def test_resource_page_links_every_heading_to_its_browse_page(
    client: Client, shelf: dict[str, Resource]
) -> None:
    html = client.get(shelf["public"].get_absolute_url()).content.decode()
    for path in PAGES:
        assert f'href="{path}"' in html, path
    assert 'href="/en/search/?q=author%3A%22Sonia+Dias%22"' in html  # and a fielded search


@pytest.mark.parametrize("language", ["en", "es", "fr", "th", "hi"])
def test_browse_pages_in_every_interface_language(
    client: Client, shelf: dict[str, Resource], language: str
) -> None:
    for path in [*PAGES, "/en/library/creators/", "/en/library/subjects/"]:
        path = f"/{language}{path[3:]}"
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert f'<html lang="{language}"' in html
        assert f'<link rel="canonical" href="http://testserver{path}"' in html or (
            '<link rel="canonical" href="' in html and path in html
        )
        others = {"en", "es", "fr", "th", "hi"} - {language}
        for other in others:
            assert f'hreflang="{other}" href="/{other}{path[3:]}"' in html, (path, other)
