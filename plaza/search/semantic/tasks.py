"""Background work: embed the passages of one record after it was published or changed."""

from __future__ import annotations

import time

from django.conf import settings
from django_tasks import TaskContext, task

from plaza.core import priorities
from plaza.core.queueing import enqueue_once

from . import encoder
from .models import Passage
from .storage import embed_pending, pending_passages

# Priorities of embedding tasks (see plaza.core.priorities; a publication enqueues its
# title + abstract at HEAD_PRIORITY and its full text at the default 0; the demo
# enqueues its bulk full-text chunks at BODY_PRIORITY, after everything else).
HEAD_PRIORITY = priorities.RECORD_HEAD
BODY_PRIORITY = priorities.BULK

# Passages embedded per batch inside a task: small, so that a task stops soon after its time
# slice (SEMANTIC_TASK_SECONDS) ends.
SLICE_BATCH_SIZE = 4


@task(takes_context=True)
def embed_record(
    context: TaskContext, record_model: str, record_pk: int, heads_only: bool = False
) -> int:
    """Compute the missing vectors of one record's passages; returns how many were stored.

    ``heads_only``: only passage 0 (title + abstract), enough for the record to be found;
    its full-text chunks are left for a later task.

    A task works for one time slice (``SEMANTIC_TASK_SECONDS``) and queues the rest of the
    record as a new task of the same priority: the worker then takes whatever came first in
    the queue meanwhile (an uploaded file's text, a new record's title), so interactive work
    never waits behind a whole record's full text (a long report is hundreds of passages).
    """
    if not encoder.is_installed():
        return 0
    passages = Passage.objects.filter(record_model=record_model, record_pk=record_pk)
    if heads_only:
        passages = passages.filter(ordinal=0)
    deadline = time.monotonic() + settings.SEMANTIC_TASK_SECONDS
    stored = embed_pending(passages, batch_size=SLICE_BATCH_SIZE, deadline=deadline)
    # Only after progress: a passage that cannot be embedded (no text) must not loop forever.
    if stored and passages.filter(pk__in=pending_passages().values("pk")).exists():
        rest = embed_record.using(priority=context.task_result.task.priority)
        enqueue_once(rest, record_model, record_pk, **({"heads_only": True} if heads_only else {}))
    return stored
