"""The in-memory matrix: ranking rules and when a process reloads it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from plaza.search.semantic import encoder, index, storage
from plaza.search.semantic.index import VectorMatrix
from plaza.search.semantic.models import Passage


def unit(*values: float) -> np.ndarray:
    vector = np.zeros(encoder.DIMENSIONS, np.float32)
    vector[: len(values)] = values
    return vector / np.linalg.norm(vector)


def test_nearest_keeps_the_best_passage_per_record_and_filters_languages() -> None:
    # 100 passages of record 0 are all closer to the query than record 1's only passage:
    # the search must look past them instead of returning one record.
    rows = [unit(1, 0.01 * i) for i in range(100)] + [unit(0.5, 1), unit(0, 1)]
    matrix = VectorMatrix(
        token="t",
        vectors=np.stack(rows),
        passage_ids=np.arange(102, dtype=np.int64) + 1000,
        record_ids=np.array([0] * 100 + [1, 2], dtype=np.int64),
        language_ids=np.array([0] * 100 + [1, 0], dtype=np.int16),
        records=[("m", 0), ("m", 1), ("m", 2)],
        languages=["en", "es"],
    )
    hits = matrix.nearest(unit(1, 0), limit=3)
    assert [passage for passage, _ in hits] == [1000, 1100, 1101]
    assert hits[0][1] == pytest.approx(1.0)
    assert [p for p, _ in matrix.nearest(unit(1, 0), limit=3, languages=["es"])] == [1100]
    assert matrix.nearest(unit(1, 0), limit=3, languages=["th"]) == []


def _store(pk: int, vector: np.ndarray) -> None:
    Passage.objects.create(
        record_model="library.resource",
        record_pk=pk,
        ordinal=0,
        text=f"record {pk}",
        content_hash="h",
        vector_hash="h",
        vector=encoder.to_bytes(vector),
    )
    storage.bump_version()


def test_a_change_by_another_process_is_seen_at_once_when_loading_is_cheap(db: Any) -> None:
    _store(1, unit(1, 0))
    assert index.current_matrix().size == 1
    _store(2, unit(0, 1))  # as if written by a worker: only the version token tells
    assert index.current_matrix().size == 2


def test_a_slow_to_load_matrix_is_not_reloaded_on_every_change(db: Any, monkeypatch: Any) -> None:
    _store(1, unit(1, 0))
    matrix = index.current_matrix()
    matrix.load_seconds = 2.0  # as if the library were large
    _store(2, unit(0, 1))
    assert index.current_matrix() is matrix  # within 40 s of the last load: keep it
    matrix.loaded_at -= 41
    assert index.current_matrix().size == 2
