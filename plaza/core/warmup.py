"""What each web process loads once (language model, vectors, caches) before a visitor needs it.

Apps register a step in their ``AppConfig.ready()``; ``plaza serve`` runs every step in a
background thread as each gunicorn process starts, so the first visitor of a process does not
wait for it (and does not hold, for tens of seconds, a lock other requests need). A step only
reads: it must never write to the database. A failing step is logged and skipped.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

logger = logging.getLogger("plaza.warmup")

_steps: dict[str, Callable[[], None]] = {}


def register(name: str, step: Callable[[], None]) -> None:
    """Add (or replace) the warm-up step called ``name``."""
    _steps[name] = step


def steps() -> dict[str, Callable[[], None]]:
    return dict(_steps)


def run() -> dict[str, float]:
    """Run every step once, in registration order; seconds per step (failed steps: -1)."""
    from django.db import connections

    took: dict[str, float] = {}
    for name, step in steps().items():
        started = time.perf_counter()
        try:
            step()
            took[name] = round(time.perf_counter() - started, 3)
        except Exception:
            logger.exception("warm-up step %s failed", name)
            took[name] = -1.0
    connections.close_all()  # this thread's own connections; requests have theirs
    logger.info(
        "process warmed up in %.1f s",
        sum(s for s in took.values() if s > 0),
        extra={f"seconds_{name}": s for name, s in took.items()},
    )
    return took


def start_in_background() -> threading.Thread:
    thread = threading.Thread(target=run, name="plaza-warmup", daemon=True)
    thread.start()
    return thread
