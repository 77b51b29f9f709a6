from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from plaza.cities.models import City
from plaza.core.demo import DemoContext
from plaza.search import registry
from plaza.search.registry import SearchDocument
from plaza.search.semantic import demo, service, storage
from tests.cities.factories import CityFactory


@pytest.fixture
def cities_registered() -> Iterator[None]:
    before = registry.registered_models()
    registry.register(
        City,
        lambda city: SearchDocument(
            model="cities.city", pk=city.pk, title=f"Street vendors of {city.name}", language="en"
        ),
    )
    yield
    registry._builders.clear()
    registry._builders.update(before)


@pytest.mark.usefixtures("cached_encoder", "cities_registered")
def test_demo_records_are_embedded_by_the_worker_after_loading(
    db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    CityFactory(slug="lima", name="Lima")
    lines: list[str] = []
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(DemoContext(write=lines.append))
    assert "1 queued for embedding" in lines[0]
    assert storage.current_vectors().count() == 1
    assert (
        service.search_passages("vendedores ambulantes de Lima", limit=1)[0].model == "cities.city"
    )
