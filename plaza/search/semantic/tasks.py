"""Background work: embed the passages of one record after it was published or changed."""

from __future__ import annotations

from django_tasks import task

from . import encoder
from .models import Passage
from .storage import embed_pending


@task()
def embed_record(record_model: str, record_pk: int) -> int:
    """Compute the missing vectors of one record's passages; returns how many were stored."""
    if not encoder.is_installed():
        return 0
    return embed_pending(Passage.objects.filter(record_model=record_model, record_pk=record_pk))
