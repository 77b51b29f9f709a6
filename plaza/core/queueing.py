"""Queueing a background task once: a call is not queued again while an identical one (the same
task, arguments, priority and queue) still waits for the worker.

Only the database backend (``django_tasks_db``, what ``plaza worker`` runs) keeps waiting calls to
compare with; with any other backend (the immediate one of the tests) every call is queued.
"""

from __future__ import annotations

import json
from typing import Any

from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks.utils import normalize_json
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def _key(args_kwargs: Any) -> str:
    return json.dumps(normalize_json(args_kwargs), sort_keys=True)


def waiting_calls(task: Task[Any, Any], *first_args: Any) -> set[str]:
    """The calls of ``task`` queued in the database that no worker has started yet (only those
    whose first arguments are ``first_args``, when given: one record's calls)."""
    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return set()
    rows = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path=task.module_path,
        priority=task.priority,
        queue_name=task.queue_name,
        backend_name=backend.alias,
        **{f"args_kwargs__args__{i}": value for i, value in enumerate(first_args)},
    ).values_list("args_kwargs", flat=True)
    return {_key(row) for row in rows}


def enqueue_once(task: Task[Any, Any], *args: Any, **kwargs: Any) -> bool:
    """Queue one call unless an identical one waits; False when nothing was queued."""
    if _key({"args": args, "kwargs": kwargs}) in waiting_calls(task, *args):
        return False
    task.enqueue(*args, **kwargs)
    return True


class OnceQueue:
    """``enqueue_once`` for many calls of one task: the waiting calls are read once, on the
    first call, rather than once a call."""

    def __init__(self, task: Task[Any, Any]) -> None:
        self.task = task
        self._waiting: set[str] | None = None

    def enqueue(self, *args: Any, **kwargs: Any) -> bool:
        """Queue the call; False when an identical one was waiting (nothing queued)."""
        if self._waiting is None:
            self._waiting = waiting_calls(self.task)
        key = _key({"args": args, "kwargs": kwargs})
        if key in self._waiting:
            return False
        self.task.enqueue(*args, **kwargs)
        self._waiting.add(key)
        return True
