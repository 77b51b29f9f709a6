"""Figures computed once per data change: a per-process cache keyed by a data version.

A service that changes some kind of data calls :func:`bump` in its transaction; a page that
shows figures computed from it asks :func:`cached`, which reads the version (one indexed
query) and reuses what this process computed for that version, or computes it. Every app
server sees a change as soon as it commits (no shared cache server needed); a process keeps
at most ``MAX_ENTRIES`` results, the least recently used dropped first.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.db import connection

from plaza.core.models import DataVersion

T = TypeVar("T")
MAX_ENTRIES = 512

_lock = threading.Lock()
_entries: OrderedDict[tuple[str, str, Hashable], Any] = OrderedDict()


def token(name: str) -> str:
    """The current version of ``name`` ("" before its first change)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM core_dataversion WHERE name = %s", [name])
        row = cursor.fetchone()
    return str(row[0]) if row else ""


def bump(name: str) -> None:
    """Say that ``name``'s data changed (call inside the writing transaction)."""
    new = uuid.uuid4().hex
    if not DataVersion.objects.filter(name=name).update(token=new):
        DataVersion.objects.update_or_create(name=name, defaults={"token": new})


def cached(name: str, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` for the current version of ``name``, computed once per process.

    ``key`` must hold everything else the result depends on (place, language...). The
    result is shared: callers must not change it."""
    entry = (name, token(name), key)
    with _lock:
        if entry in _entries:
            _entries.move_to_end(entry)
            return _entries[entry]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        _entries[entry] = value
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
