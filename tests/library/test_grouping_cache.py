"""The grouped library list, its facets, the browse pages and the A-Z indexes are computed once
per library change and reader class (issue 17): a publication shows at once, and no reader
ever gets the grouping of a class that sees more."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from plaza.library import services
from tests.accounts.factories import UserFactory
from tests.library.factories import resource_with_creators

pytestmark = pytest.mark.django_db

PAGES = ["/en/library/", "/en/library/creators/", "/en/library/subjects/"]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_second_view_reuses_the_grouping(client: Client) -> None:
    for i in range(5):
        resource_with_creators(("Chen", f"Martha {i}"), title=f"Street vendors {i}", keywords=["x"])
    for url in PAGES:
        first = _queries(client, url)
        assert _queries(client, url) < first, url


def test_a_publication_shows_at_once(client: Client, librarian: Any) -> None:
    draft = resource_with_creators(
        ("Zapata", "Quirina"), title="Quetzal market study", status="draft", keywords=["Quetzal"]
    )
    marks = dict(zip(PAGES, ("Quetzal market study", "Zapata", "Quetzal"), strict=True))
    for url, mark in marks.items():
        assert mark not in client.get(url).content.decode(), url
    services.publish_resource(librarian, draft)
    for url, mark in marks.items():
        assert mark in client.get(url).content.decode(), url
    assert client.get("/en/library/subjects/quetzal/").status_code == 200
    services.withdraw_resource(librarian, draft, "Replaced")
    for url, mark in marks.items():
        assert mark not in client.get(url).content.decode(), url
    assert client.get("/en/library/subjects/quetzal/").status_code == 404


def test_each_reader_class_gets_its_own_grouping(
    client: Client, librarian: Any, plain_user: Any
) -> None:
    resource_with_creators(("Open", "Ada"), title="Open study", keywords=["open"])
    resource_with_creators(
        ("Member", "Bea"), title="Members study", visibility="members", keywords=["members"]
    )
    resource_with_creators(
        ("Own", "Cy"),
        title="Own private study",
        visibility="private",
        keywords=["own"],
        created_by=plain_user,
    )
    client.force_login(librarian)  # sees everything: fills the cache first
    assert "Own private study" in client.get("/en/library/").content.decode()
    assert "Own, Cy" in client.get("/en/library/creators/").content.decode()
    client.force_login(plain_user)  # a member, with a private record of their own
    mine = client.get("/en/library/").content.decode()
    assert "Members study" in mine and "Own private study" in mine
    another: Any = UserFactory(username="another-member")
    client.force_login(another)
    theirs = {url: client.get(url).content.decode() for url in PAGES}
    assert "Members study" in theirs["/en/library/"]
    client.logout()
    anonymous = {url: client.get(url).content.decode() for url in PAGES}
    for url in PAGES:
        assert "Own private study" not in theirs[url] and "Own, Cy" not in theirs[url], url
        for hidden in ("Members study", "Member, Bea", "Own private study", "Own, Cy"):
            assert hidden not in anonymous[url], (url, hidden)
        assert "Open" in anonymous[url] or "open" in anonymous[url], url
