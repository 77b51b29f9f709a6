"""`plaza embed` computes what is missing and resumes after an interruption."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from plaza.cities.models import City
from plaza.search import registry
from plaza.search.registry import SearchDocument
from plaza.search.semantic import encoder, storage
from plaza.search.semantic.models import Passage
from tests.cities.factories import CityFactory

pytestmark = pytest.mark.usefixtures("cached_encoder")


def city_document(city: City) -> SearchDocument:
    return SearchDocument(
        model="cities.city",
        pk=city.pk,
        title=city.name,
        language="en",
        abstract=f"A focal city of the network in {city.country}.",
    )


@pytest.fixture
def cities_registered() -> Iterator[None]:
    before = registry.registered_models()
    registry.register(City, city_document)
    yield
    registry._builders.clear()
    registry._builders.update(before)


@pytest.fixture
def three_cities(db: Any, cities_registered: None) -> list[Any]:
    return [
        CityFactory(slug="lima", name="Lima", country="PE"),
        CityFactory(slug="accra", name="Accra", country="GH"),
        CityFactory(slug="delhi", name="Delhi", country="IN"),
    ]


def test_embed_resumes_after_an_interruption(
    three_cities: list[City], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = encoder.embed_passages
    embedded: list[str] = []

    def interrupted_after_one_batch(texts: list[str]) -> encoder.Matrix:
        if embedded:
            raise KeyboardInterrupt
        embedded.extend(texts)
        return real(texts)

    monkeypatch.setattr(encoder, "embed_passages", interrupted_after_one_batch)
    with pytest.raises(KeyboardInterrupt):
        call_command("embed", batch_size=1, verbosity=0)
    assert storage.current_vectors().count() == 1  # the first batch was committed

    calls: list[str] = []

    def counting(texts: list[str]) -> encoder.Matrix:
        calls.extend(texts)
        return real(texts)

    monkeypatch.setattr(encoder, "embed_passages", counting)
    call_command("embed", batch_size=1, verbosity=0)
    assert len(calls) == 2  # only what was missing
    assert embedded[0] not in calls
    assert storage.current_vectors().count() == 3

    calls.clear()
    call_command("embed", verbosity=0)
    assert calls == []  # nothing stale: nothing to do


def test_embed_recomputes_stale_vectors_and_drops_deleted_records(three_cities: list[City]) -> None:
    call_command("embed", verbosity=0)
    lima, accra, _ = three_cities
    City.objects.filter(pk=lima.pk).update(name="Lima Metropolitana")
    accra.delete()
    call_command("embed", verbosity=0)
    assert set(Passage.objects.values_list("record_pk", flat=True)) == {lima.pk, three_cities[2].pk}
    assert storage.pending_passages().count() == 0
    assert Passage.objects.get(record_pk=lima.pk).text.startswith("Lima Metropolitana")


def test_embed_rejects_an_unknown_model(db: Any) -> None:
    with pytest.raises(CommandError, match=r"--model: nowhere\.thing is not registered"):
        call_command("embed", model=["nowhere.thing"], verbosity=0)
