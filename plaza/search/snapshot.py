"""A per-process in-memory copy of index data, reloaded when the index's version token changes.

The search engine keeps two such copies in each process: the entries' facet columns
(plaza.search.columns) and the semantic vectors (plaza.search.semantic.index). Before
each search the caller reads the version token (one row); a different token means some
process changed the data, so the copy is reloaded. A copy that takes long to load (a large
library) is not reloaded more often than every ``spacing`` x its load time (at least
``min_interval`` seconds), so a bulk job committing batch after batch does not make every
search reload it; small copies (and tests) always see changes at once. A change committed by
this process is always seen at once by this process (``changed_here``): a librarian who
publishes a record finds it in browse listings and facet counts on the next page; other
processes see it within the spacing (new entries at once, read from the database).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

FAST_RELOAD_SECONDS = 0.05
RELOAD_SPACING = 20


class Loaded(Protocol):
    token: str
    loaded_at: float  # time.monotonic() at the end of the load
    load_seconds: float


T = TypeVar("T", bound=Loaded)


class Snapshot(Generic[T]):
    def __init__(
        self,
        empty: Callable[[], T],
        load: Callable[[str], T],
        version_token: Callable[[], str],
        *,
        min_interval: float,
    ) -> None:
        self._empty = empty
        self._load = load
        self._version_token = version_token
        self.min_interval = min_interval
        self._lock = threading.Lock()
        self._value = empty()
        self._loaded = False
        self._changed_here = False

    def changed_here(self) -> None:
        """This process committed a change: reload on the next read, whatever the spacing."""
        self._changed_here = True

    def reload_due(self) -> bool:
        value = self._value
        if not self._loaded or self._changed_here or value.load_seconds < FAST_RELOAD_SECONDS:
            return True
        wait = max(self.min_interval, RELOAD_SPACING * value.load_seconds)
        return time.monotonic() - value.loaded_at >= wait

    def current(self) -> T:
        """The copy, reloaded first if the data changed anywhere since it was loaded."""
        token = self._version_token()
        if token != self._value.token and self.reload_due():
            with self._lock:
                if token != self._value.token or not self._loaded:
                    self._changed_here = False
                    self._value = self._load(token)
                    self._loaded = True
        return self._value

    def forget(self) -> None:
        """Drop the copy (it is loaded again on the next search)."""
        with self._lock:
            self._value = self._empty()
            self._loaded = False
            self._changed_here = False
