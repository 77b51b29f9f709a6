"""Issue 19, item 5: the press room and the referral pages are searchable in every interface
language, with their own kind, from their templates' own text, and kept in step."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from plaza.search import indexer, pages, registry
from plaza.search.models import SearchEntry, SitePage
from plaza.search.presentation import facet_label
from plaza.search.services import SearchParams, search
from tests.library.factories import ResourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_pages")]
LANGUAGES = ("en", "es", "fr", "th", "hi")
# A word of the press room's text in each language ("journalists").
PRESS_WORD = {
    "en": "journalists",
    "es": "periodistas",
    "fr": "journalistes",
    "th": "นักข่าว",
    "hi": "पत्रकारों",
}
PRESS_PATH = "/partnering/press/"


@pytest.fixture
def site_pages(db: Any) -> None:
    """What `plaza migrate` does at its end (tests/conftest.py keeps it out of other tests)."""
    pages.sync_after_migrate(apps.get_app_config("search"))


def _hits(html: str) -> list[str]:
    return re.findall(r'<li class="search-hit">(.*?)</li>', html, flags=re.S)


def _press(language: str) -> SitePage:
    return SitePage.objects.get(name="press", language=language)


def test_every_registered_page_is_indexed_once_per_language() -> None:
    """The migrate path (post_migrate) indexed them: no loader, no command needed."""
    names = set(pages.registered_pages())
    assert {"partnering", "press", "institutional-members", "worker-networks"} <= names
    entries = SearchEntry.objects.filter(model="search.sitepage")
    assert entries.count() == len(names) * len(LANGUAGES)
    assert set(entries.values_list("language", flat=True)) == set(LANGUAGES)
    assert all(e.facets["kind"] == ["page"] and e.visibility == "public" for e in entries)
    assert indexer.check(["search.sitepage"]).ok


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_word_of_the_press_room_finds_it_in_each_language(client: Client, language: str) -> None:
    word = PRESS_WORD[language]
    page = client.get(f"/{language}{PRESS_PATH}").content.decode()
    assert word in page.lower()  # the word is on the page the visitor sees
    result = search(SearchParams(q=word, semantic=False, interface_language=language))
    press = f"search.sitepage:{_press(language).pk}"
    assert press in {h.key for h in result.hits}
    assert all(h.facets["kind"] == ["page"] for h in result.hits)
    (hit,) = [h for h in result.hits if h.key == press]
    assert hit.facets["kind"] == ["page"]
    with translation.override(language):
        title = translation.gettext("Press room")
        kind_label = facet_label("kind", "page")
    assert str(hit.title) == title
    html = client.get(f"/{language}/search/", {"q": word, "semantic": "off"}).content.decode()
    (shown,) = [h for h in _hits(html) if title in h]
    assert f'href="/{language}{PRESS_PATH}"' in shown
    assert f'data-kind="page">{kind_label}</span>' in shown
    api = client.get(
        "/api/search", {"q": word, "semantic": "false"}, HTTP_ACCEPT_LANGUAGE=language
    ).json()
    (from_api,) = [h for h in api["hits"] if f"{h['model']}:{h['pk']}" == press]
    assert from_api["kind"] == "page" and from_api["kind_label"] == kind_label
    assert from_api["url"] == f"/{language}{PRESS_PATH}"


def test_the_kind_label_is_translated_in_every_language() -> None:
    labels = set()
    for language in LANGUAGES:
        with translation.override(language):
            labels.add(facet_label("kind", "page"))
    assert len(labels) == len(LANGUAGES)  # no language left with the English label


@pytest.mark.parametrize("language", ["th", "hi", "es"])
def test_the_result_link_opens_the_page_in_the_readers_language(
    client: Client, language: str
) -> None:
    """An English word, read in another interface: the link opens that language's page, and
    the other language versions are linked in their own languages."""
    html = client.get(f"/{language}/search/", {"q": "journalists", "semantic": "off"})
    (shown,) = _hits(html.content.decode())
    link = re.search(r'<a href="([^"]+)"', shown)
    assert link and link.group(1) == f"/{language}{PRESS_PATH}"
    opened = client.get(link.group(1)).content.decode()
    with translation.override(language):
        assert translation.gettext("Press room") in opened
    versions = re.search(r'class="small search-versions">(.*?)</p>', shown, flags=re.S)
    assert versions, shown
    linked = set(re.findall(r'href="/(\w\w)/partnering/press/" hreflang="(\w\w)"', shown))
    assert {(code, code) for code in LANGUAGES if code != "en"} == linked


def test_the_kind_filter_and_operator(client: Client) -> None:
    ResourceFactory.create(title="Journalists and street vendors", language="en")
    resource = registry.index_object(ResourceFactory.create(title="Journalists at work"))
    everything = search(SearchParams(q="journalists", semantic=False))
    counts = {v.value: v.count for v in everything.facets["kind"]}
    assert counts["page"] == 1 and counts["resource"] >= 1
    only_pages = search(SearchParams(q="journalists", filters={"kind": ["page"]}, semantic=False))
    assert [h.key for h in only_pages.hits] == [f"search.sitepage:{_press('en').pk}"]
    by_operator = search(SearchParams(q="journalists kind:page", semantic=False))
    assert [h.key for h in by_operator.hits] == [h.key for h in only_pages.hits]
    resources = search(SearchParams(q="journalists kind:resource", semantic=False))
    assert resource.key in {h.key for h in resources.hits}
    assert all(h.facets["kind"] == ["resource"] for h in resources.hits)
    html = client.get(
        "/fr/search/", {"q": "journalistes", "kind": "page", "semantic": "off"}
    ).content.decode()
    assert len(_hits(html)) == 1 and f'href="/fr{PRESS_PATH}"' in html
    with translation.override("fr"):
        assert f"<code>kind:page</code> ({facet_label('kind', 'page')})" in (
            client.get("/fr/search/", {"q": "x"}).content.decode()
        )


def test_a_page_shows_its_own_text_not_the_records_it_lists(client: Client) -> None:
    """The members page's own paragraph is indexed; its list (organisations, searchable as
    records of their own) and the request form of the Partnering page are not."""
    entry = SearchEntry.objects.get(key=f"search.sitepage:{_press('en').pk}")
    assert "Journalists are welcome." in entry.snippet_source
    assert "<" not in entry.snippet_source  # plain text
    partnering = SitePage.objects.get(name="partnering", language="en")
    document = registry.build_document(partnering)
    assert "We are not a funding body" in document.body
    assert "Leave this field empty" not in document.body  # the form is not the page's text
    assert document.url == "/en/partnering/"
    grant = search(SearchParams(q="funding body", semantic=False))
    assert f"search.sitepage:{partnering.pk}" in {h.key for h in grant.hits}
    intern = search(SearchParams(q="interns", semantic=False, interface_language="en"))
    members = SitePage.objects.get(name="institutional-members", language="en")
    assert f"search.sitepage:{members.pk}" in {h.key for h in intern.hits}


def test_a_changed_page_is_stale_and_reindex_repairs_it(monkeypatch: Any) -> None:
    """The text comes from the template: when it changes, `reindex --check` says so."""
    spec = pages.registered_pages()["press"]
    monkeypatch.setitem(
        pages._pages,
        "press",
        pages.PageSpec(name="press", url_name=spec.url_name, template="inquiries/members.html"),
    )
    report = indexer.check(["search.sitepage"])
    assert sorted(report.stale) == sorted(
        f"search.sitepage:{_press(lang).pk}" for lang in LANGUAGES
    )
    with pytest.raises(CommandError):
        call_command("reindex", "--check", "--no-progress")
    call_command("reindex", "search.sitepage", "--no-progress", "--workers", "1")
    assert indexer.check(["search.sitepage"]).ok


def test_pages_follow_the_registry(monkeypatch: Any) -> None:
    """A page registered since the last migrate is brought in by `plaza reindex`; a page no
    longer registered leaves the index."""
    monkeypatch.setattr(pages, "_pages", dict(pages._pages))
    pages.register_page(
        "networks-copy", url_name="directory:networks", template="directory/network_list.html"
    )
    call_command("reindex", "search.sitepage", "--no-progress", "--workers", "1")
    assert SearchEntry.objects.filter(url="/th/directory/networks/").count() == 2
    del pages._pages["press"]
    pages.sync_pages()
    assert not SitePage.objects.filter(name="press").exists()
    assert not search(SearchParams(q="journalists", semantic=False)).total
    assert indexer.check(indexer.model_labels()).ok


def test_a_page_without_its_text_block_fails_loudly() -> None:
    with pytest.raises(LookupError, match="page_text"):
        pages.render_block("inquiries/received.html", pages.TEXT_BLOCK)


@pytest.mark.usefixtures("demo")
def test_demo_then_reindex_check_is_clean_with_the_pages() -> None:
    """`plaza migrate` (the pages, the site_pages fixture ran before the demo was restored,
    which replaced every table: run it again), then `plaza demo`, then `reindex --check`."""
    pages.sync_after_migrate(apps.get_app_config("search"))
    call_command("reindex", "--check", "--no-progress")  # raises when anything is out of step
    result = search(SearchParams(q="", filters={"kind": ["page"]}, per_page=50, semantic=False))
    assert result.total == len(pages.registered_pages()) * len(LANGUAGES)
