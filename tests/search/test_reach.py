"""Issue 19, reach and presentation: results in the reader's language, plain-text snippets,
the whole of Plaza in one index (kinds, visibility, kept in step), the home page's search box
and the phone's filter bar. Each test is one observation made on the demo."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from plaza.accounts.models import User
from plaza.cities import services as city_services
from plaza.cities.models import Activity, ActivityKind, PlatformType
from plaza.directory import services as directory_services
from plaza.directory.models import OrganizationKind
from plaza.library.models import ResourceType
from plaza.search import indexer, registry
from plaza.search.models import SearchEntry
from plaza.search.presentation import (
    FACET_TITLES,
    facet_label,
    format_duration,
    localized_url,
)
from plaza.search.services import SearchParams, search
from plaza.statistics import services as statistics_services
from tests.library.factories import ResourceFactory
from tests.statistics.factories import IndicatorFactory

pytestmark = pytest.mark.django_db
LANGUAGES = ("en", "es", "fr", "th", "hi")


def _hits(html: str) -> list[str]:
    return re.findall(r'<li class="search-hit">(.*?)</li>', html, flags=re.S)


@pytest.fixture
def law(db: Any) -> Any:
    resource = ResourceFactory.create(
        title="Street vending law of Lima",
        type=ResourceType.LAW,
        abstract=(
            '<div class="group"><p>The municipal <b>ordinance</b> on street vending.</p></div>\n'
            "![Missing alt text](https://example.org/figure.png)\n"
            "See [the full text](https://example.org/law.pdf) and **sanctions**."
        ),
        keywords=["street vending", "public space"],
    )
    registry.index_object(resource)
    return resource


# 4. The reader's language everywhere on the results ------------------------------------------


@pytest.mark.parametrize("language", ["th", "hi", "es"])
def test_result_links_lead_to_the_page_in_the_interface_language(
    client: Client, law: Any, language: str
) -> None:
    html = client.get(f"/{language}/search/", {"q": "ordinance", "semantic": "off"}).content
    (hit,) = _hits(html.decode())
    assert f'href="/{language}/library/{law.pk}/' in hit
    assert 'href="/en/' not in hit
    api = client.get(
        "/api/search", {"q": "ordinance", "semantic": "false"}, HTTP_ACCEPT_LANGUAGE=language
    ).json()
    assert api["hits"][0]["url"].startswith(f"/{language}/library/{law.pk}/")
    assert api["hits"][0]["kind"] == "resource"


def test_localized_url_changes_only_the_language_prefix() -> None:
    assert localized_url("/en/library/4/", "th") == "/th/library/4/"
    assert localized_url("/en/statistics/?indicator=X", "hi") == "/hi/statistics/?indicator=X"
    assert localized_url("https://example.org/en/x", "th") == "https://example.org/en/x"
    assert localized_url("/media/en/file.pdf", "th") == "/media/en/file.pdf"
    assert localized_url("/en/library/4/", "de") == "/en/library/4/"  # not a site language


@pytest.mark.parametrize("language", ["es", "fr", "th", "hi"])
def test_type_and_kind_labels_are_translated_on_results_and_facets(
    client: Client, law: Any, language: str
) -> None:
    response = client.get(f"/{language}/search/", {"q": "ordinance", "semantic": "off"})
    html = response.content.decode()
    with translation.override(language):
        law_label = str(ResourceType.LAW.label)
        kind_label = facet_label("kind", "resource")
        peru = facet_label("country", "PE")
    assert law_label != "Law or regulation" and kind_label != "Knowledge-base resource"
    (hit,) = _hits(html)
    assert law_label in hit and kind_label in hit
    assert "· law" not in hit
    facets = html[html.index('id="search-filters"') :]
    assert f">{law_label}</a>" in facets and f">{kind_label}</a>" in facets
    assert "Good practice" not in facets
    titles = re.findall(r"<h3>(.*?)</h3>", facets)
    with translation.override(language):
        kind_title, type_title = str(FACET_TITLES["kind"]), str(FACET_TITLES["type"])
    assert titles[:2] == [kind_title, type_title]
    assert kind_title not in ("Kind", type_title)  # two filters, named apart
    assert peru not in facets  # a resource without countries has no country filter


@pytest.mark.parametrize(
    ("language", "milliseconds", "expected"),
    [
        ("en", 45.4, "45 ms"),
        ("fr", 1234.0, "1,2 s"),
        ("es", 11000.0, "11,0 s"),
        ("th", 12.0, "12 มิลลิวินาที"),
        ("hi", 12.0, "12 मि.से."),
    ],
)
def test_time_taken_is_formatted_for_the_locale(
    language: str, milliseconds: float, expected: str
) -> None:
    with translation.override(language):
        assert format_duration(milliseconds) == expected


def test_hindi_results_page_shows_no_english_unit(client: Client, law: Any) -> None:
    html = client.get("/hi/search/", {"q": "ordinance", "semantic": "off"}).content.decode()
    took = re.search(r'<span class="search-took">\((.*?)\)</span>', html)
    assert took and took.group(1).endswith("मि.से.")


def test_snippets_are_plain_text_without_html_or_markdown(client: Client, law: Any) -> None:
    html = client.get("/en/search/", {"q": "ordinance", "semantic": "off"}).content.decode()
    (hit,) = _hits(html)
    snippet = re.search(r'<p class="search-snippet"[^>]*>(.*?)</p>', hit, flags=re.S)
    assert snippet
    text = snippet.group(1)
    assert "<mark>ordinance</mark>" in text
    for markup in ("&lt;div", "class=", "&lt;p&gt;", "![", "](", "**", "Missing alt text"):
        assert markup not in text, markup
    assert "See the full text and sanctions." in text
    # The markup's own words are not in the index either.
    assert search(SearchParams(q="group", semantic=False)).total == 0
    assert search(SearchParams(q="png", semantic=False)).total == 0


# 5. Search the whole of Plaza ------------------------------------------------------------------


@pytest.fixture
def plaza_records(lima: Any, staff_user: User) -> dict[str, Any]:
    """One record of every kind, each written through its app's service (which indexes it)."""
    org = directory_services.create_organization(
        staff_user,
        name="Lima Market Porters Union",
        kind=OrganizationKind.MBO,
        country="PE",
        description="Porters of the wholesale markets of Lima.",
        cities=[lima],
    )
    training = city_services.create_activity(
        staff_user,
        lima,
        ActivityKind.CAPACITY_BUILDING,
        {"title": "Negotiation training for porters", "language": "en", "is_public": True},
    )
    platform = city_services.create_activity(
        staff_user,
        lima,
        ActivityKind.DIALOGUE_PLATFORM,
        {
            "title": "Wholesale market roundtable",
            "language": "en",
            "is_public": True,
            "platform_type": PlatformType.NEGOTIATION,
        },
    )
    meeting = city_services.record_meeting(
        staff_user,
        platform,
        city_services.MeetingInput(date=datetime.date(2026, 4, 1), minutes="Private minutes"),
        agreements=[city_services.AgreementInput(title="Shaded loading bays for porters")],
        commitments=[
            city_services.CommitmentInput(
                agreement_index=0,
                responsible="Municipality of Lima",
                action="Build shaded loading bays at the porters' gate",
                due_date=datetime.date(2026, 12, 31),
            )
        ],
    )
    indicator: Any = IndicatorFactory(
        code="PORTERS_RT",
        names={"en": "Share of porters in market employment", "th": "สัดส่วนลูกหาบในตลาด"},
    )
    statistics_services.record_city_figure(
        staff_user,
        lima,
        indicator=indicator,
        sex="total",
        year=2024,
        value=Decimal("12.5"),
        source="Porters survey",
    )
    agreement = meeting.agreements.get()
    return {
        "organization": org,
        "activity": training,
        "platform": platform,
        "agreement": agreement,
        "commitment": agreement.commitments.get(),
        "statistics": indicator,
    }


def test_every_kind_of_record_is_found_and_says_what_it_is(
    client: Client, plaza_records: dict[str, Any]
) -> None:
    result = search(SearchParams(q="porters", semantic=False))
    kinds = {h.facets["kind"][0]: h for h in result.hits}
    assert set(kinds) == {
        "organization",
        "activity",
        "agreement",
        "commitment",
        "statistics",
    }
    assert search(SearchParams(q="roundtable", semantic=False)).hits[0].facets["kind"] == [
        "platform"
    ]
    assert search(SearchParams(q="สัดส่วนลูกหาบในตลาด", semantic=False)).total == 1
    html = client.get("/th/search/", {"q": "porters", "semantic": "off"}).content.decode()
    with translation.override("th"):
        labels = {kind: facet_label("kind", kind) for kind in kinds}
    for kind, label in labels.items():
        assert f'data-kind="{kind}">{label}</span>' in html
        assert 'href="/th/' in html
    assert "/th/statistics/?indicator=PORTERS_RT" in html
    assert "Private minutes" not in html


def test_results_filter_by_kind(client: Client, plaza_records: dict[str, Any]) -> None:
    everything = search(SearchParams(q="porters", semantic=False))
    kind_counts = {v.value: v.count for v in everything.facets["kind"]}
    assert kind_counts == {
        "organization": 1,
        "activity": 1,
        "agreement": 1,
        "commitment": 1,
        "statistics": 1,
    }
    only = search(SearchParams(q="porters", filters={"kind": ["agreement"]}, semantic=False))
    assert [h.key for h in only.hits] == [f"cities.agreement:{plaza_records['agreement'].pk}"]
    html = client.get(
        "/en/search/", {"q": "porters", "kind": "commitment", "semantic": "off"}
    ).content.decode()
    assert len(_hits(html)) == 1 and "Build shaded loading bays" in html


def test_index_follows_every_create_edit_and_delete(
    plaza_records: dict[str, Any], staff_user: User
) -> None:
    assert indexer.check(indexer.model_labels()).ok
    activity = plaza_records["activity"]
    city_services.update_activity(
        staff_user, activity, {"title": "Leadership school for porters", "is_public": False}
    )
    hit = search(SearchParams(q="leadership", semantic=False), staff_user).hits[0]
    assert hit.key == f"cities.activity:{activity.pk}"
    assert search(SearchParams(q="leadership", semantic=False)).total == 0  # now private
    assert indexer.check(indexer.model_labels()).ok
    Activity.objects.filter(pk=plaza_records["platform"].pk).delete()  # cascades
    gone = {
        f"cities.activity:{plaza_records['platform'].pk}",
        f"cities.agreement:{plaza_records['agreement'].pk}",
        f"cities.commitment:{plaza_records['commitment'].pk}",
    }
    assert not gone & {h.key for h in search(SearchParams(q="", per_page=50), staff_user).hits}
    assert not SearchEntry.objects.filter(key__in=gone).exists()
    assert indexer.check(indexer.model_labels()).ok


@pytest.mark.usefixtures("demo")
def test_demo_leaves_the_index_in_step() -> None:
    """`plaza demo` then `plaza reindex --check`: nothing missing, stale or orphaned (the
    fixture's copy is what the loaders wrote, their own `search_index` check included)."""
    report = indexer.check(indexer.model_labels())
    assert report.ok, (report.missing[:5], report.stale[:5], report.orphaned[:5])
    assert search(SearchParams(q="", filters={"kind": ["organization"]}, semantic=False)).total


# 7. Phone and home page ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_has_a_search_box_in_every_language(client: Client, language: str) -> None:
    html = client.get(f"/{language}/").content.decode()
    form = re.search(r'<form class="search-form home-search"[^>]*>(.*?)</form>', html, re.S)
    assert form, language
    assert f'action="/{language}/search/"' in html
    assert 'name="q"' in form.group(1)
    with translation.override(language):
        assert translation.gettext("Search") in form.group(1)


def test_filter_bar_comes_before_the_results_and_needs_no_javascript(
    client: Client, law: Any
) -> None:
    html = client.get(
        "/th/search/", {"q": "ordinance", "type": "law", "semantic": "off"}
    ).content.decode()
    bar, results = html.index('class="search-filterbar"'), html.index('class="search-results"')
    assert bar < results
    assert re.search(r'<details class="search-filters" id="search-filters"[^>]*>\s*<summary>', html)
    with translation.override("th"):
        law_label = str(ResourceType.LAW.label)
    chip = re.search(r'<a href="([^"]*)" class="search-chip"[^>]*>(.*?)</a>', html, re.S)
    assert chip and law_label in chip.group(2)
    assert "type=law" not in chip.group(1)  # the chip's link removes the filter
    assert "<script>" not in html.split("</head>")[1]


def test_resource_page_links_keywords_and_authors_to_browse_pages_and_searches(
    client: Client,
) -> None:
    resource = ResourceFactory.create(keywords=["public space"])
    resource.creators.create(position=0, kind="person", family_name="Chen", given_names="Martha")
    html = client.get(f"/th{resource.get_absolute_url()[3:]}").content.decode()
    assert 'href="/th/library/subjects/public-space/"' in html  # the subject's page
    assert 'href="/th/library/creators/chen-martha/"' in html
    assert 'href="/th/search/?q=author%3A%22Martha+Chen%22"' in html


def test_kind_operator_in_the_query_and_its_help(
    client: Client, plaza_records: dict[str, Any]
) -> None:
    only = search(SearchParams(q="porters kind:agreement", semantic=False))
    assert [h.key for h in only.hits] == [f"cities.agreement:{plaza_records['agreement'].pk}"]
    two = search(SearchParams(q="porters kind:agreement,commitment", semantic=False))
    assert {h.facets["kind"][0] for h in two.hits} == {"agreement", "commitment"}
    html = client.get("/hi/search/", {"q": "porters"}).content.decode()
    assert "<code>kind:organization</code>" in html
    with translation.override("hi"):
        assert f"({facet_label('kind', 'organization')})" in html
