"""Background work: embed the passages of one record after it was published or changed."""

from __future__ import annotations

from django_tasks import task

from plaza.core import priorities

from . import encoder
from .models import Passage
from .storage import embed_pending

# Priorities of embedding tasks (see plaza.core.priorities; a publication enqueues its
# title + abstract at HEAD_PRIORITY and its full text at the default 0; the demo
# enqueues its bulk full-text chunks at BODY_PRIORITY, after everything else).
HEAD_PRIORITY = priorities.RECORD_HEAD
BODY_PRIORITY = priorities.BULK


@task()
def embed_record(record_model: str, record_pk: int, heads_only: bool = False) -> int:
    """Compute the missing vectors of one record's passages; returns how many were stored.

    ``heads_only``: only passage 0 (title + abstract), enough for the record to be found;
    its full-text chunks are left for a later task.
    """
    if not encoder.is_installed():
        return 0
    passages = Passage.objects.filter(record_model=record_model, record_pk=record_pk)
    if heads_only:
        passages = passages.filter(ordinal=0)
    return embed_pending(passages)
