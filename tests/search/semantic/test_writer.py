from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from plaza.search import registry
from plaza.search.semantic.models import Passage
from plaza.search.semantic.writer import (
    CompositeIndexWriter,
    SemanticIndexWriter,
    chain_after_current_writer,
)

from .conftest import LIBRARY


class RecordingWriter:
    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def index(self, document: Any) -> None:
        self.calls.append(("index", document.pk))

    def remove(self, model: str, pk: int) -> None:
        self.calls.append(("remove", pk))


@pytest.fixture
def lexical_writer() -> Iterator[RecordingWriter]:
    before = registry._writer
    writer = RecordingWriter()
    registry.set_index_writer(writer)
    yield writer
    registry.set_index_writer(before)


def test_chaining_keeps_the_lexical_writer_first_and_is_idempotent(
    db: Any, lexical_writer: RecordingWriter
) -> None:
    composite = chain_after_current_writer()
    assert chain_after_current_writer() is composite
    assert registry._writer is composite
    assert isinstance(composite, CompositeIndexWriter)
    assert composite.writers[0] is lexical_writer
    assert isinstance(composite.writers[1], SemanticIndexWriter)

    composite.index(LIBRARY[2])  # no commit in this test: passages stored, no embedding yet
    assert lexical_writer.calls == [("index", 3)]
    assert Passage.objects.filter(record_pk=3, vector__isnull=True).count() == 1
    composite.remove("library.resource", 3)
    assert lexical_writer.calls[-1] == ("remove", 3)
    assert not Passage.objects.exists()
