"""`plaza reindex` and the stale-entry check, with a test-only registration of cities."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from plaza.cities.models import City
from plaza.search import pages, registry
from plaza.search.backends import get_backend
from plaza.search.models import SearchEntry
from plaza.search.services import SearchParams, search
from plaza.search.tasks import check_index
from tests.cities.factories import CityFactory


def city_document(city: Any) -> registry.SearchDocument:
    return registry.SearchDocument(
        model="cities.city",
        pk=city.pk,
        title=city.name,
        abstract=city.summary,
        language="en",
        facets={"country": [city.country]},
        indexable=city.slug != "hidden",
    )


@pytest.fixture
def registered_cities(db: Any) -> Iterator[None]:
    saved = registry.registered_models()
    registry.register(City, city_document)
    yield
    registry._builders.clear()
    registry._builders.update(saved)


def run(*args: str) -> str:
    out = StringIO()
    call_command("reindex", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_reindex_and_check(registered_cities: None) -> None:
    lima: Any = CityFactory(
        slug="lima", name="Lima", country="PE", summary="Street vendors of Lima"
    )
    CityFactory(slug="hidden", name="Hidden", country="PE")
    assert "Indexed 1 records (1 not indexable" in run("cities.city")
    assert [h.pk for h in search(SearchParams(q="vendors")).hits] == [lima.pk]

    assert "0 missing, 0 stale, 0 orphaned" in run("--check")
    City.objects.filter(pk=lima.pk).update(summary="Waste pickers of Lima")  # index not told
    accra: Any = CityFactory(slug="accra", name="Accra", country="GH")
    with pytest.raises(CommandError, match="out of date"):
        run("--check")
    assert check_index.call() == {"missing": 1, "stale": 1, "orphaned": 0}
    out = run("--check", "--repair")
    assert "1 missing, 1 stale" in out and "repaired 2" in out
    assert [h.pk for h in search(SearchParams(q="pickers")).hits] == [lima.pk]

    key = f"cities.city:{accra.pk}"
    assert SearchEntry.objects.filter(key=key).exists()
    accra.delete()  # any delete (service, admin, cascade) drops the entry: post_delete hook
    assert not SearchEntry.objects.filter(key=key).exists()
    # An entry whose record went away unseen (raw SQL, a restore) is removed by the next run.
    get_backend().index(registry.SearchDocument(model="cities.city", pk=999999, title="Gone"))
    assert "1 removed" in run()
    assert not SearchEntry.objects.filter(key="cities.city:999999").exists()


def test_reindex_unknown_model(registered_cities: None) -> None:
    with pytest.raises(CommandError, match="not registered"):
        run("nope.model")


def _index_contents() -> tuple[list[Any], list[Any]]:
    from django.db import connection

    from plaza.search.models import SearchFacet, SearchTerm

    entries = sorted(SearchEntry.objects.values_list("key", "language", "fingerprint"))
    rest: list[Any] = sorted(SearchFacet.objects.values_list("entry__key", "name", "value"))
    rest += sorted(SearchTerm.objects.values_list("term", "word", "document_count"))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.key, f.title, f.keywords, f.body FROM search_fts f "
                "JOIN search_searchentry e ON e.id = f.rowid"
            )
            rest += sorted(cursor.fetchall())
    else:
        rest += sorted(SearchEntry.objects.extra(select={"t": "tsv::text"}).values_list("key", "t"))
    return entries, rest


def test_parallel_analysis_builds_the_same_index(registered_cities: None) -> None:
    for i in range(30):
        CityFactory(
            slug=f"city-{i}",
            name=f"Ciudad {i}",
            country="PE",
            summary="Vendedores ambulantes y recicladores de la ciudad, número " + str(i),
        )
    # A full reindex also brings in the site's information pages, in every language.
    indexed = f"Indexed {30 + len(pages.registered_pages()) * len(settings.LANGUAGES)} records"
    assert indexed in run("--workers", "1", "--batch-size", "16")
    serial = _index_contents()
    assert indexed in run("--workers", "2", "--batch-size", "16")
    assert _index_contents() == serial
    with pytest.raises(CommandError, match="--workers"):
        run("--workers", "0")
