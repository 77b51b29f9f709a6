from __future__ import annotations

from typing import Any

import numpy as np

from plaza.search.semantic import encoder, storage
from plaza.search.semantic.models import Passage

from .conftest import document

DOC = document(
    11,
    "Home-based workers",
    language="en",
    abstract="Home-based workers sew garments at home for subcontractors.",
    body="They are paid by the piece. " * 200,
)


def test_vector_bytes_round_trip_through_the_database(db: Any) -> None:
    storage.sync_record_passages(DOC)
    passage = Passage.objects.get(record_model="library.resource", record_pk=11, ordinal=0)
    vector = np.random.default_rng(7).standard_normal(encoder.DIMENSIONS).astype(np.float32)
    Passage.objects.filter(pk=passage.pk).update(
        vector=encoder.to_bytes(vector), vector_hash=passage.content_hash
    )
    stored = Passage.objects.get(pk=passage.pk)
    assert stored.is_current
    assert np.array_equal(encoder.from_bytes(stored.vector or b""), vector)
    assert list(storage.current_vectors()) == [stored]


def _give_vectors(passages: Any) -> None:
    for passage in passages:
        Passage.objects.filter(pk=passage.pk).update(
            vector=encoder.to_bytes(np.ones(encoder.DIMENSIONS, np.float32)),
            vector_hash=passage.content_hash,
        )


def test_sync_keeps_unchanged_vectors_marks_changed_ones_and_drops_extra(db: Any) -> None:
    pending = storage.sync_record_passages(DOC)
    count = Passage.objects.count()
    assert pending == count > 2
    _give_vectors(Passage.objects.all())
    token = storage.version_token()

    assert storage.sync_record_passages(DOC) == 0  # same document: nothing to do
    assert storage.version_token() == token

    edited = document(11, DOC.title, language="en", abstract="A new abstract.", body="")
    assert storage.sync_record_passages(edited) == 1
    passages = list(Passage.objects.all())
    assert [p.ordinal for p in passages] == [0]
    assert passages[0].text == "Home-based workers\nA new abstract."
    assert not passages[0].is_current  # its old vector is out of search until re-embedded
    assert storage.version_token() != token
    assert storage.pending_passages().count() == 1


def test_not_indexable_or_removed_records_lose_their_passages(db: Any) -> None:
    storage.sync_record_passages(DOC)
    _give_vectors(Passage.objects.all())
    token = storage.version_token()
    hidden = document(11, DOC.title, language="en", abstract="x", indexable=False)
    storage.sync_record_passages(hidden)
    assert not Passage.objects.exists()
    assert storage.version_token() != token
    storage.sync_record_passages(DOC)
    assert storage.remove_record("library.resource", 11) > 0
    assert not Passage.objects.exists()
