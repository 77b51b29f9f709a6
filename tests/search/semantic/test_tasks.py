"""Embedding tasks work in time slices (issue 17): a bulk task embeds one slice of a record's
passages and queues the rest behind what was queued meanwhile, so an upload or a new record's
title never waits for a whole long text to be embedded. Real worker, real database queue."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from plaza.search.semantic import storage
from plaza.search.semantic.models import Passage
from plaza.search.semantic.tasks import (
    BODY_PRIORITY,
    HEAD_PRIORITY,
    SLICE_BATCH_SIZE,
    embed_record,
)
from tests.conftest import DB_TASKS, run_worker_tasks

from .conftest import document

pytestmark = pytest.mark.django_db(transaction=True)

LONG = document(
    21,
    "Waste pickers' cooperatives in Pune",
    language="en",
    abstract="How a union of waste pickers won door-to-door collection contracts.",
    body=" ".join(f"Paragraph {i} tells how ward {i} sorted its waste." for i in range(400)),
)
SHORT = document(22, "Street vendors in Lima", language="es", abstract="Mercados y calles.")


@pytest.fixture(autouse=True)
def _empty_queue() -> None:
    """Only what each test queues (a fresh database queues the policy's rule examples)."""
    DBTaskResult.objects.all().delete()


def _embedded(pk: int) -> int:
    return sum(p.is_current for p in Passage.objects.filter(record_pk=pk))


def _waiting() -> Any:
    return DBTaskResult.objects.filter(status="READY").order_by("-priority", "enqueued_at")


def test_a_bulk_task_embeds_one_slice_and_queues_the_rest_behind_newer_work(
    cached_encoder: None, settings: Any
) -> None:
    settings.SEMANTIC_TASK_SECONDS = 0  # a slice is one batch
    with override_settings(TASKS=DB_TASKS):
        storage.sync_record_passages(LONG)
        storage.sync_record_passages(SHORT)
        total = Passage.objects.filter(record_pk=21).count()
        assert total > 3 * SLICE_BATCH_SIZE
        embed_record.using(priority=BODY_PRIORITY).enqueue("library.resource", 21)

        run_worker_tasks(1)
        assert _embedded(21) == SLICE_BATCH_SIZE
        rest = _waiting().get()
        assert rest.priority == BODY_PRIORITY
        assert rest.args_kwargs == {"args": ["library.resource", 21], "kwargs": {}}

        # A record saved now: its title goes before the rest of the long text.
        embed_record.using(priority=HEAD_PRIORITY).enqueue("library.resource", 22, heads_only=True)
        run_worker_tasks(1)
        assert _embedded(22) == 1
        assert _embedded(21) == SLICE_BATCH_SIZE

        slices = -(-total // SLICE_BATCH_SIZE)
        run_worker_tasks(slices)  # one task per remaining slice, then nothing is left
        assert _embedded(21) == total
        assert not _waiting().exists()


def test_a_task_with_time_left_embeds_the_whole_record(cached_encoder: None) -> None:
    with override_settings(TASKS=DB_TASKS):
        storage.sync_record_passages(SHORT)
        embed_record.enqueue("library.resource", 22)
        run_worker_tasks(1)
        assert _embedded(22) == Passage.objects.filter(record_pk=22).count()
        assert not _waiting().exists()


def test_a_passage_that_cannot_be_embedded_does_not_requeue_forever(
    cached_encoder: None, settings: Any
) -> None:
    settings.SEMANTIC_TASK_SECONDS = 0
    with override_settings(TASKS=DB_TASKS):
        storage.sync_record_passages(SHORT)
        Passage.objects.filter(record_pk=22).update(content_hash="")  # nothing to embed
        embed_record.enqueue("library.resource", 22)
        run_worker_tasks(1)
        assert not _waiting().exists()
