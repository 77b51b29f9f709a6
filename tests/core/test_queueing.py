"""A background task is not queued twice while an identical call waits for the worker."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from plaza.core.queueing import OnceQueue, enqueue_once
from plaza.search.semantic.tasks import HEAD_PRIORITY, embed_record

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _waiting() -> list[tuple[int, object]]:
    rows = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=embed_record.module_path
    )
    return sorted(rows.values_list("priority", "args_kwargs"), key=str)


@override_settings(TASKS=DB_TASKS)
def test_an_identical_waiting_call_is_not_queued_again() -> None:
    head = embed_record.using(priority=HEAD_PRIORITY)
    assert enqueue_once(head, "library.resource", 7, heads_only=True)
    assert not enqueue_once(head, "library.resource", 7, heads_only=True)
    # Another record, other arguments or another priority are other calls.
    assert enqueue_once(head, "library.resource", 8, heads_only=True)
    assert enqueue_once(head, "library.resource", 7)
    assert enqueue_once(embed_record, "library.resource", 7, heads_only=True)
    assert len(_waiting()) == 4
    # A call the worker finished (or started) no longer counts as waiting.
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    assert enqueue_once(head, "library.resource", 7, heads_only=True)
    assert len(_waiting()) == 1


@override_settings(TASKS=DB_TASKS)
def test_a_queue_of_many_calls_reads_the_waiting_ones_once(
    django_assert_num_queries: object,
) -> None:
    embed_record.enqueue("library.resource", 1)
    queue = OnceQueue(embed_record)
    with django_assert_num_queries(1 + 2):  # type: ignore[operator]  # the read, two inserts
        for pk in (1, 2, 3, 2):
            queue.enqueue("library.resource", pk)
    assert [args["args"][1] for _p, args in _waiting()] == [1, 2, 3]  # type: ignore[index]
