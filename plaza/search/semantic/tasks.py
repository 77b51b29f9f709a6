"""Background work: embed the passages of one record after it was published or changed."""

from __future__ import annotations

from django_tasks import task

from . import encoder
from .models import Passage
from .storage import embed_pending

# Priorities of the demo's tasks around ordinary ones (publications enqueue at the
# default 0; the demo's own records already queued one such task each while loading):
# title + abstract passages first, full-text chunks after everything else.
HEAD_PRIORITY = 10
BODY_PRIORITY = -10


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
