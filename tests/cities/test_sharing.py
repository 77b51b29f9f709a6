"""Open Graph and Twitter-card tags on public pages (city, activity, commitment, resource)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from tests.cities.factories import ActivityFactory, CommitmentFactory
from tests.library.factories import ResourceFactory

pytestmark = pytest.mark.django_db


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        key = a.get("property") or a.get("name")
        if tag == "meta" and key and a.get("content") is not None:
            self.tags[key] = a["content"] or ""


def _tags(client: Any, url: str) -> dict[str, str]:
    response = client.get(url, follow=True)
    assert response.status_code == 200
    parser = _Meta()
    parser.feed(response.content.decode())
    return parser.tags


def test_public_pages_carry_sharing_tags(client: Any, lima: Any) -> None:
    activity: Any = ActivityFactory(
        city=lima, title="Escuela de líderes", description="Ocho sesiones"
    )
    commitment: Any = CommitmentFactory(agreement__platform__city=lima)
    resource: Any = ResourceFactory(title="Street vendors and the law", abstract="A brief.")
    pages = {
        "/en/cities/lima/": "Lima",
        activity.get_absolute_url(): "Escuela de líderes · Lima",
        commitment.get_absolute_url(): commitment.responsible,
        resource.get_absolute_url(): "Street vendors and the law",
    }
    for url, title in pages.items():
        tags = _tags(client, url)
        assert tags["og:title"].startswith(title), url
        assert tags["og:image"].startswith("http://testserver/") and tags["og:image"].endswith(
            ".png"
        )
        assert tags["og:url"].startswith("http://testserver/")
        assert tags["twitter:card"] == "summary_large_image"
    assert _tags(client, activity.get_absolute_url())["og:description"] == "Ocho sesiones"
