from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.utils import translation

from plaza.search import registry
from plaza.search.registry import SearchDocument


@dataclass
class RecordingWriter:
    indexed: list[SearchDocument] = field(default_factory=list)
    removed: list[tuple[str, int]] = field(default_factory=list)

    def index(self, document: SearchDocument) -> None:
        self.indexed.append(document)

    def remove(self, model: str, pk: int) -> None:
        self.removed.append((model, pk))


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are checked in English; a page test in another language must not leak into the next."""
    with translation.override("en"):
        yield


@pytest.fixture
def index_writer() -> Iterator[RecordingWriter]:
    """Record the calls to the search index; restore the engine's writer afterwards."""
    previous = registry._writer
    writer = RecordingWriter()
    registry.set_index_writer(writer)
    try:
        yield writer
    finally:
        registry.set_index_writer(previous)
