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


def test_contrast_takes_off_what_random_letters_are_close_to() -> None:
    """A record close to the query only as it is close to every string of letters (the
    random-letters centroid) has no contrast; one close to what sets the query apart has."""
    from plaza.search.semantic import nonsense

    rng = np.random.default_rng(7)
    centre = nonsense.centroid()
    query = centre + 0.4 * unit(1, 0)  # letters, with a little of one direction of meaning
    query /= np.linalg.norm(query)
    noise = [v / np.linalg.norm(v) for v in rng.normal(size=(40, encoder.DIMENSIONS))]
    hub = centre + 0.05 * noise[0]  # close to random letters, and so to the query
    meant = unit(1, 0) + 0.3 * centre  # close to the query's meaning
    rows = [
        v.astype(np.float32)
        for v in [hub / np.linalg.norm(hub), meant / np.linalg.norm(meant), *noise[1:]]
    ]
    matrix = VectorMatrix(
        token="t",
        vectors=np.stack(rows),
        passage_ids=np.arange(len(rows), dtype=np.int64) + 1,
        record_ids=np.arange(len(rows), dtype=np.int64),
        language_ids=np.zeros(len(rows), dtype=np.int16),
        records=[("m", i) for i in range(len(rows))],
        languages=["en"],
    )
    hits, baseline = matrix.nearest_with_contrast(query.astype(np.float32), limit=2)
    scores = matrix.vectors @ query.astype(np.float32)
    contrasted = scores - matrix.vectors @ centre
    assert [h[0] for h in hits] == [1, 2]  # the hub is the nearest record
    assert baseline == pytest.approx(float(np.median(scores)))
    for passage_id, score, contrast, margin in hits:
        row = passage_id - 1
        assert score == pytest.approx(float(scores[row]))
        assert contrast == pytest.approx(float(contrasted[row] - np.median(contrasted)))
        assert margin == pytest.approx(float(scores[row] - np.median(scores)))
    assert hits[1][2] > hits[0][2] + 0.2  # the record about the meaning stands out


def test_a_language_close_to_the_query_as_a_whole_is_measured_against_its_own_median() -> None:
    """The model puts texts of one language near each other whatever they say: a record in
    the query's language is not "relevant" only for being in that language. Its margin is
    taken over its own language's median when that is higher than the library's."""
    rng = np.random.default_rng(3)
    query = unit(1, 0, 0)
    english = [unit(0, 1, 0) + 0.3 * rng.normal(size=encoder.DIMENSIONS) for _ in range(60)]
    # Thai: every record shares the query's "Thai" direction, one also its topic.
    thai = [unit(0.7, 0, 1) + 0.1 * rng.normal(size=encoder.DIMENSIONS) for _ in range(30)]
    topical = unit(1, 0, 0.4)
    rows = [v / np.linalg.norm(v) for v in [*english, *thai, topical]]
    matrix = VectorMatrix(
        token="t",
        vectors=np.stack(rows).astype(np.float32),
        passage_ids=np.arange(len(rows), dtype=np.int64),
        record_ids=np.arange(len(rows), dtype=np.int64),
        language_ids=np.array([0] * 60 + [1] * 31, dtype=np.int16),
        records=[("m", i) for i in range(len(rows))],
        languages=["en", "th"],
    )
    hits, library_median = matrix.nearest_with_contrast(query, limit=91)
    scores = matrix.vectors @ query
    thai_median = float(np.median(scores[60:]))
    assert thai_median > library_median + 0.2
    by_passage = {pid: (score, margin) for pid, score, _contrast, margin in hits}
    assert by_passage[90][1] == pytest.approx(by_passage[90][0] - thai_median)
    assert by_passage[70][1] == pytest.approx(by_passage[70][0] - thai_median)
    assert by_passage[70][1] < 0.1 < by_passage[90][1]  # only the topical Thai record stands out
    assert by_passage[5][1] == pytest.approx(by_passage[5][0] - library_median)


def test_a_small_language_is_measured_against_the_library(monkeypatch: Any) -> None:
    monkeypatch.setattr(index, "MIN_LANGUAGE_PASSAGES", 50)
    rows = [unit(0, 1)] * 60 + [unit(1, 0.2)] * 30
    matrix = VectorMatrix(
        token="t",
        vectors=np.stack(rows).astype(np.float32),
        passage_ids=np.arange(90, dtype=np.int64),
        record_ids=np.arange(90, dtype=np.int64),
        language_ids=np.array([0] * 60 + [1] * 30, dtype=np.int16),
        records=[("m", i) for i in range(90)],
        languages=["en", "th"],
    )
    hits, library_median = matrix.nearest_with_contrast(unit(1, 0), limit=1)
    assert hits[0][3] == pytest.approx(hits[0][1] - library_median)


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
    matrix = index.current_matrix()
    assert matrix.size == 1
    # What the load measured depends on the machine's load; a one-vector matrix is cheap.
    matrix.load_seconds = 0.001
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
