"""Search ordering over a small library embedded with the real model."""

from __future__ import annotations

from typing import Any

import pytest

from plaza.search.semantic import services, storage
from plaza.search.semantic.models import Passage
from plaza.search.semantic.writer import CompositeIndexWriter, SemanticIndexWriter

from .conftest import LIBRARY, document

pytestmark = pytest.mark.usefixtures("cached_encoder")


@pytest.fixture
def library(db: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for doc in LIBRARY:
            services.schedule_embedding(doc)  # the embedding task runs on commit
    assert storage.pending_passages().count() == 0


def test_available_once_vectors_exist(db: Any) -> None:
    assert not services.is_available()
    assert services.search_passages("informal workers", limit=5) == []


def test_a_thai_query_finds_the_english_passage_on_informal_workers(library: None) -> None:
    assert services.is_available()
    hits = services.search_passages("แรงงานนอกระบบไม่มีประกันสังคม", limit=3)
    assert (hits[0].model, hits[0].pk) == ("library.resource", 1)
    assert hits[0].language == "en"
    assert hits[0].passage.startswith("Social protection for informal workers")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_a_hindi_query_finds_the_spanish_waste_pickers(library: None) -> None:
    hits = services.search_passages("कचरा बीनने वाले", limit=2)
    assert hits[0].pk == 2
    assert hits[0].language == "es"


def test_language_filter_and_limit(library: None) -> None:
    hits = services.search_passages("street food vendors", limit=10, languages=["es"])
    assert [h.pk for h in hits] == [2]
    assert len(services.search_passages("street food vendors", limit=2)) == 2


def test_one_hit_per_record_with_its_best_passage(
    library: None, django_capture_on_commit_callbacks: Any
) -> None:
    long = document(
        6,
        "Annual report",
        language="en",
        abstract="The network's activities in 2024.",
        body="The board met four times. " * 60
        + "\n\nWaste pickers in Pune run their own cooperative and sort dry waste for the city.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_embedding(long)
    assert Passage.objects.filter(record_pk=6).count() >= 3
    hits = services.search_passages("waste pickers cooperative in India", limit=10)
    pks = [h.pk for h in hits]
    assert len(pks) == len(set(pks))
    report = next(h for h in hits if h.pk == 6)
    assert "Pune" in report.passage


def test_removed_records_leave_the_results(library: None) -> None:
    assert services.search_passages("grilled fish", limit=1)[0].pk == 4
    services.remove("library.resource", 4)  # another process would see the version change too
    assert all(h.pk != 4 for h in services.search_passages("grilled fish", limit=5))


def test_composite_writer_calls_the_lexical_writer_then_embeds(
    db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    calls: list[tuple[str, Any]] = []

    class LexicalWriter:
        def index(self, doc: Any) -> None:
            calls.append(("index", doc.pk))

        def remove(self, model: str, pk: int) -> None:
            calls.append(("remove", pk))

    writer = CompositeIndexWriter(LexicalWriter(), SemanticIndexWriter())
    with django_capture_on_commit_callbacks(execute=True):
        writer.index(LIBRARY[0])
    assert calls == [("index", 1)]
    assert storage.current_vectors().filter(record_pk=1).exists()
    writer.remove("library.resource", 1)
    assert calls[-1] == ("remove", 1)
    assert not Passage.objects.exists()
