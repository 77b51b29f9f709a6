"""The search results show a resource's file links as the library's lists do: type, size and
pages in the reader's language (one partial, library/_file_links.html), only the files of
records the reader may see."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from plaza.library.models import Resource, ResourceFile
from plaza.library.selectors import visible_files
from plaza.search import registry
from tests.library.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def _indexed_with_file(name: str, **fields: Any) -> tuple[Resource, ResourceFile]:
    resource: Resource = ResourceFactory.create(**fields)
    stored = resource.files.create(
        file=ContentFile(b"%PDF-1.4", name=name),
        original_name=name,
        content_type="application/pdf",
        size=1_250_000,
        page_count=14,
    )
    registry.index_object(resource)
    return resource, stored


def _file_links(html: str) -> list[str]:
    return re.findall(r'<ul class="library-file-links small">(.*?)</ul>', html, re.S)


def test_results_show_file_links_in_the_readers_language(client: Client) -> None:
    _resource, stored = _indexed_with_file("vendors.pdf", title="Street vendors and the law")
    html = client.get("/es/search/", {"q": "street vendors", "semantic": "off"}).content.decode()
    (links,) = _file_links(html)
    assert f'href="{stored.get_absolute_url()}"' in links
    assert "vendors.pdf</a>" in links
    assert "(PDF, 1,2 MB, 14 páginas)" in links
    english = client.get("/en/search/", {"q": "street vendors", "semantic": "off"})
    assert "(PDF, 1.2 MB, 14 pages)" in english.content.decode()


def test_results_show_only_files_the_reader_may_see(client: Client, plain_user: Any) -> None:
    public, shown = _indexed_with_file("public.pdf", title="Street vendors in Accra")
    members, hidden = _indexed_with_file(
        "members.pdf", title="Street vendors in Lima", visibility="members"
    )
    assert set(visible_files([public.pk, members.pk], None)) == {public.pk}
    html = client.get("/en/search/", {"q": "street vendors", "semantic": "off"}).content.decode()
    assert "public.pdf</a>" in html and "members.pdf" not in html
    client.force_login(plain_user)
    html = client.get("/en/search/", {"q": "street vendors", "semantic": "off"}).content.decode()
    assert len(_file_links(html)) == 2 and "members.pdf</a>" in html
    assert hidden.get_absolute_url() in html and shown.get_absolute_url() in html


def test_results_without_files_show_no_list(client: Client) -> None:
    registry.index_object(ResourceFactory.create(title="Street vendors without files"))
    html = client.get("/en/search/", {"q": "street vendors", "semantic": "off"}).content.decode()
    assert "without files</a>" in html and not _file_links(html)
