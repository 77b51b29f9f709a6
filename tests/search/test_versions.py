"""Language versions of one work are one search result: the reader's version first, "Also in"
links to the others the reader may see, and the total and facet counts count works, so a click
on a facet still gives the number it shows (issue 19)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from plaza.accounts.models import User
from plaza.library.models import Resource
from plaza.search import registry
from plaza.search.services import SearchParams, search
from tests.library.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def _indexed(**fields: Any) -> Resource:
    resource: Resource = ResourceFactory.create(**fields)
    registry.index_object(resource)
    return resource


@pytest.fixture
def work(db: Any) -> dict[str, Resource]:
    original = _indexed(title="Street vendors and the law", language="en", year=2016)
    return {
        "en": original,
        "es": _indexed(
            title="Vendedores ambulantes y la ley (street vendors)",
            language="es",
            edition_of=original,
            year=2016,
        ),
        "fr": _indexed(
            title="Vendeurs de rue et la loi (street vendors)",
            language="fr",
            edition_of=original,
            year=2017,
            visibility="members",
        ),
        "other": _indexed(title="Street vendors in Accra", language="en", year=2020),
    }


def _titles(html: str) -> list[str]:
    found = re.findall(r'<li class="search-hit">\s*<h3><a [^>]*>(.*?)</a></h3>', html, re.S)
    return [re.sub(r"<[^>]+>", "", t) for t in found]


def test_versions_are_one_result_in_the_readers_language(
    client: Client, work: dict[str, Resource]
) -> None:
    english = client.get("/en/search/", {"q": "street vendors", "semantic": "off"})
    html = english.content.decode()
    assert sorted(_titles(html)) == ["Street vendors and the law", "Street vendors in Accra"]
    assert re.search(r"2 results", html)
    pk = work["es"].pk
    assert re.search(rf'Also in: <a href="/en/library/{pk}/[^"]*" hreflang="es">Spanish</a>', html)
    assert "Vendeurs de rue" not in html and f"/library/{work['fr'].pk}/" not in html  # members

    spanish = client.get("/es/search/", {"q": "street vendors", "semantic": "off"}).content.decode()
    assert "Vendedores ambulantes y la ley (street vendors)" in _titles(spanish)
    assert "Street vendors and the law" not in _titles(spanish)
    assert 'hreflang="en">Inglés</a>' in spanish


def test_counts_count_works_and_equal_what_a_click_gives(work: dict[str, Resource]) -> None:
    params = SearchParams(q="street vendors", semantic=False, collapse_versions=True)
    result = search(params)
    assert result.total == 2
    languages = {v.value: v.count for v in result.facets["lang"]}
    assert languages == {"en": 2, "es": 1}
    for code, count in languages.items():
        clicked = search(
            SearchParams(
                q="street vendors", semantic=False, collapse_versions=True, filters={"lang": [code]}
            )
        )
        assert clicked.total == count == len(clicked.hits), code
    browse = search(SearchParams(semantic=False, collapse_versions=True))
    assert browse.total == 2
    # Without grouping (the API's default) every version is a result.
    assert search(SearchParams(q="street vendors", semantic=False)).total == 3


def test_members_see_the_members_only_version_listed(
    client: Client, work: dict[str, Resource], plain_user: User
) -> None:
    client.force_login(plain_user)
    html = client.get("/fr/search/", {"q": "street vendors", "semantic": "off"}).content.decode()
    assert "Vendeurs de rue et la loi (street vendors)" in _titles(html)  # the reader's version
    assert len(_titles(html)) == 2
