"""Writes to the passage table: keep a record's passages in step with its document, store vectors.

Every function here runs in one transaction. Whenever the set of current vectors
changes, ``bump_version`` records it so each process reloads its in-memory matrix.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.db import transaction
from django.db.models import F, Q, QuerySet

from plaza.search.registry import SearchDocument

from . import encoder
from .chunking import PassageText, document_passages
from .models import Passage, VectorIndexVersion

DEFAULT_BATCH_SIZE = 16


def current_vectors() -> QuerySet[Passage]:
    """Passages whose stored vector was computed from their current text by the current model."""
    return Passage.objects.filter(vector__isnull=False, vector_hash=F("content_hash"))


def pending_passages() -> QuerySet[Passage]:
    """Passages with no vector yet, or one computed from an older text or model."""
    return Passage.objects.filter(Q(vector__isnull=True) | ~Q(vector_hash=F("content_hash")))


def version_token() -> str:
    """The token of the last vector change ("" before the first)."""
    return VectorIndexVersion.objects.filter(pk=1).values_list("token", flat=True).first() or ""


def bump_version() -> None:
    """Say that vectors changed: a new random token (safe across rollbacks and restores)."""
    token = uuid.uuid4().hex
    if not VectorIndexVersion.objects.filter(pk=1).update(version=F("version") + 1, token=token):
        VectorIndexVersion.objects.update_or_create(pk=1, defaults={"version": 1, "token": token})


@transaction.atomic
def sync_record_passages(document: SearchDocument) -> int:
    """Make the stored passages of one record match its document; return how many need vectors.

    A passage whose text did not change keeps its vector; a changed one keeps its old
    vector out of search (hashes differ) until it is embedded again.
    """
    wanted: list[PassageText] = document_passages(document) if document.indexable else []
    existing = {
        passage.ordinal: passage
        for passage in Passage.objects.filter(record_model=document.model, record_pk=document.pk)
    }
    vectors_changed = False
    pending = 0
    for item in wanted:
        passage = existing.pop(item.ordinal, None)
        if passage is None:
            Passage.objects.create(
                record_model=document.model,
                record_pk=document.pk,
                ordinal=item.ordinal,
                language=item.language,
                text=item.text,
                context=item.context[:500],
                content_hash=item.content_hash,
            )
            pending += 1
            continue
        if passage.content_hash != item.content_hash or passage.language != item.language:
            vectors_changed = vectors_changed or passage.is_current
            passage.text, passage.context = item.text, item.context[:500]
            passage.language, passage.content_hash = item.language, item.content_hash
            passage.save(
                update_fields=["text", "context", "language", "content_hash", "updated_at"]
            )
        if not passage.is_current:
            pending += 1
    if existing:
        vectors_changed = vectors_changed or any(p.is_current for p in existing.values())
        Passage.objects.filter(pk__in=[p.pk for p in existing.values()]).delete()
    if vectors_changed:
        bump_version()
    return pending


@transaction.atomic
def remove_record(record_model: str, record_pk: int) -> int:
    """Delete every passage of one record; return how many there were."""
    passages = Passage.objects.filter(record_model=record_model, record_pk=record_pk)
    had_vectors = passages.filter(vector__isnull=False).exists()
    deleted, _ = passages.delete()
    if had_vectors:
        bump_version()
    return deleted


def _store_batch(batch: list[Passage]) -> int:
    """Embed one batch and store the vectors (one transaction). Returns how many were stored."""
    items = [PassageText(p.ordinal, p.text, p.context, p.language) for p in batch]
    vectors = encoder.embed_passages([item.embedding_input for item in items])
    stored = 0
    with transaction.atomic():
        for passage, item, vector in zip(batch, items, vectors, strict=True):
            # Only if the text did not change meanwhile (a newer edit is embedded by its own task).
            stored += Passage.objects.filter(pk=passage.pk, content_hash=item.content_hash).update(
                vector=encoder.to_bytes(vector), vector_hash=item.content_hash
            )
        if stored:
            bump_version()
    return stored


def embed_pending(
    passages: QuerySet[Passage] | None = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int], object] | None = None,
    deadline: float | None = None,
) -> int:
    """Compute the missing or stale vectors among ``passages`` (default: all), batch by batch.

    Passage 0 (title + abstract) of every record comes before any full-text chunk, so
    a long run makes every record findable early and refines it afterwards.
    Each batch commits on its own, so an interrupted run loses at most one batch and
    the next run carries on from there. ``deadline`` (a ``time.monotonic()`` value): no new
    batch starts after it, the rest stays pending. Returns how many vectors were stored.
    """
    queryset = (passages if passages is not None else Passage.objects.all()).filter(
        pk__in=pending_passages().values("pk")
    )
    # Title + abstract passages first (every record becomes findable), then full-text chunks.
    rows = queryset.values_list("pk", "ordinal")
    ids = [pk for pk, _ordinal in sorted(rows, key=lambda row: (row[1] > 0, row[0]))]
    stored = 0
    for start in range(0, len(ids), batch_size):
        if deadline is not None and start and time.monotonic() >= deadline:
            break
        chunk = ids[start : start + batch_size]
        found = Passage.objects.in_bulk(chunk)
        batch = [found[pk] for pk in chunk if pk in found]
        batch = [p for p in batch if p.content_hash and not p.is_current]
        if batch:
            stored += _store_batch(batch)
        if progress is not None:
            progress(len(chunk))
    return stored
