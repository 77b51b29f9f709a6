"""Each export is read back with a parser we did not write, and the fields compared."""

from __future__ import annotations

import json
from typing import Any

import bibtexparser
import pytest
import rispy
from citeproc.source.json import CiteProcJSON

from plaza.library.citations import export, resource_to_csl
from tests.library.factories import resource_with_creators

THAI_TITLE = "พระราชบัญญัติคุ้มครองผู้รับงานไปทำที่บ้าน พ.ศ. 2553"
HINDI_TITLE = "पथ विक्रेता (जीविका संरक्षण और पथ विक्रय विनियमन) अधिनियम, 2014"

ITEMS: list[dict[str, Any]] = [
    {
        "id": "plaza-1",
        "type": "report",
        "title": "Statistics on the Informal Economy: Definitions, Regional Estimates and Challenges",
        "author": [
            {"family": "Vanek", "given": "Joann"},
            {"family": "Chen", "given": "Martha Alter"},
        ],
        "issued": {"date-parts": [[2014]]},
        "publisher": "WIEGO",
        "publisher-place": "Cambridge, MA",
        "genre": "WIEGO Working Paper (Statistics)",
        "number": "2",
        "URL": "https://example.org/wp2",
        "language": "en",
    },
    {
        "id": "plaza-2",
        "type": "legislation",
        "title": THAI_TITLE,
        "author": [{"literal": "ราชอาณาจักรไทย"}],
        "issued": {"date-parts": [[2010, 5, 13]]},
        "language": "th",
    },
    {
        "id": "plaza-3",
        "type": "article-journal",
        "title": "Waste pickers & cities: 100% of them?",
        "author": [{"family": "Dias", "given": "Sonia Maria"}],
        "container-title": "Environment and Urbanization",
        "volume": "28",
        "issue": "2",
        "page": "375-390",
        "issued": {"date-parts": [[2016]]},
        "DOI": "10.1234/example.5678",
    },
    {
        "id": "plaza-4",
        "type": "legislation",
        "title": HINDI_TITLE,
        "issued": {"date-parts": [[2014]]},
    },
]


def test_bibtex_parses_with_bibtexparser() -> None:
    library = bibtexparser.parse_string(
        export(ITEMS, "bibtex"),
        append_middleware=[bibtexparser.middlewares.LatexDecodingMiddleware()],
    )
    assert not library.failed_blocks
    entries = {e.fields_dict["title"].value: e for e in library.entries}
    report = entries[ITEMS[0]["title"]]
    assert report.entry_type == "techreport"
    assert report.fields_dict["author"].value == "Vanek, Joann and Chen, Martha Alter"
    assert report.fields_dict["year"].value == "2014"
    assert report.fields_dict["number"].value == "2"
    assert report.fields_dict["institution"].value == "WIEGO"
    assert THAI_TITLE in entries
    assert HINDI_TITLE in entries
    article = entries["Waste pickers & cities: 100% of them?"]
    assert article.entry_type == "article"
    assert article.fields_dict["journal"].value == "Environment and Urbanization"
    assert article.fields_dict["doi"].value == "10.1234/example.5678"
    assert len({e.key for e in library.entries}) == 4


def test_ris_parses_with_rispy() -> None:
    records = rispy.loads(export(ITEMS, "ris"))
    assert [r["title"] for r in records] == [item["title"] for item in ITEMS]
    assert records[0]["type_of_reference"] == "RPRT"
    assert records[0]["authors"] == ["Vanek, Joann", "Chen, Martha Alter"]
    assert records[0]["year"] == "2014"
    assert records[1]["authors"] == ["ราชอาณาจักรไทย"]
    assert records[1]["date"] == "2010/05/13"
    assert records[2]["start_page"] == "375" and records[2]["end_page"] == "390"
    assert records[2]["doi"] == "10.1234/example.5678"


def test_csl_json_reads_with_citeproc() -> None:
    data = json.loads(export(ITEMS, "csl-json"))
    assert data == ITEMS
    source = CiteProcJSON(data)
    assert str(source["plaza-2"].title) == THAI_TITLE
    assert source["plaza-1"].author[0].family == "Vanek"


@pytest.mark.parametrize("style", ["apa", "chicago"])
def test_formatted_references(style: str) -> None:
    text = export(ITEMS, style)
    assert "Vanek, J." in text or "Vanek, Joann" in text
    assert "2014" in text
    assert THAI_TITLE in text
    assert HINDI_TITLE in text
    assert len(text.split("\n\n")) == 4


def test_formatted_reference_in_another_locale() -> None:
    assert THAI_TITLE in export(ITEMS[1:2], "apa", "th")
    assert "Vanek" in export(ITEMS[:1], "chicago", "es")


def test_unknown_format() -> None:
    with pytest.raises(ValueError):
        export(ITEMS, "word")


@pytest.mark.django_db
def test_resource_to_csl() -> None:
    resource = resource_with_creators(
        ("Chen", "Martha Alter"),
        "WIEGO",
        title="The Informal Economy",
        subtitle="Definitions, Theories and Policies",
        year=2012,
        series="WIEGO Working Paper",
        series_number="1",
        keywords=["informality"],
    )
    item = resource_to_csl(resource)
    assert item["type"] == "report"
    assert item["title"] == "The Informal Economy: Definitions, Theories and Policies"
    assert item["author"] == [{"family": "Chen", "given": "Martha Alter"}, {"literal": "WIEGO"}]
    assert item["issued"] == {"date-parts": [[2012]]}
    assert item["genre"] == "WIEGO Working Paper" and item["number"] == "1"
    assert "(WIEGO Working Paper No. 1)" in export([item], "apa")


@pytest.mark.django_db
def test_resource_page_renders_each_reference_once_and_a_changed_record_anew(
    client: Any, librarian: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.cache import cache
    from django.utils.html import escape

    from plaza.library import citations, services

    cache.clear()
    rendered: list[str] = []
    real = citations._render_references

    def counting(items: list[dict[str, Any]], style: str, locale: str) -> list[str]:
        rendered.append(style)
        return real(items, style, locale)

    monkeypatch.setattr(citations, "_render_references", counting)
    resource = resource_with_creators(("Vanek", "Joann"), title="Counting street vendors")
    url = resource.get_absolute_url()
    first = client.get(url).content.decode()
    assert "Vanek, J." in first and "Counting street vendors" in first
    assert sorted(rendered) == ["apa", "chicago"]
    client.get(url)
    assert len(rendered) == 2, "the second view re-rendered a cached reference"

    services.update_resource(
        librarian,
        resource,
        {"title": "Counting home-based workers"},
        creators=[{"family_name": "Chen", "given_names": "Martha Alter"}],
    )
    resource.refresh_from_db()
    changed = client.get(resource.get_absolute_url(), follow=True).content.decode()
    assert len(rendered) == 4
    apa = citations.export([citations.resource_to_csl(resource)], "apa", "en")
    assert escape(apa) in changed
    assert "Chen, M. A." in changed and "Counting home-based workers" in changed
    assert "Vanek" not in changed
