"""Run background tasks (text extraction, indexing, embeddings, reminders, scheduled jobs)."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils.module_loading import import_string


def enqueue_periodic_tasks() -> int:
    """Queue each of ``settings.PERIODIC_TASKS`` once (they are idempotent)."""
    count = 0
    for path in getattr(settings, "PERIODIC_TASKS", []):
        import_string(path).enqueue()
        count += 1
    return count


def run_startup_commands() -> None:
    """``settings.WORKER_STARTUP_COMMANDS`` (e.g. preparing the report fonts), once."""
    for name in getattr(settings, "WORKER_STARTUP_COMMANDS", []):
        try:
            call_command(name)
        except Exception:
            logging.getLogger("plaza.worker").exception("startup command %s failed", name)
        finally:
            close_old_connections()


def yield_to_pages() -> int:
    """Run this process below the web processes; returns its nice value.

    The kernel then gives pages the CPU first and background work (embedding above all) only
    what is idle, so the worker may use every core (``WORKER_SEMANTIC_THREADS``) without
    slowing a page. On Linux, processes are also grouped by session for scheduling
    ("autogroup"), and nice only orders processes of one group: a worker that leads its own
    session (a systemd service, ``plaza serve --with-worker``) lowers its whole group too.
    """
    wanted = int(getattr(settings, "WORKER_NICE", 0))
    current = os.nice(0)
    if wanted > current:
        current = os.nice(wanted - current)
    autogroup = Path("/proc/self/autogroup")
    if current > 0 and os.getsid(0) == os.getpid() and autogroup.exists():
        try:
            autogroup.write_text(str(min(current, 19)))
        except OSError:  # not allowed here (a container may forbid it): nice alone applies
            logging.getLogger("plaza.worker").info("could not lower the session's CPU priority")
    return current


def _periodic_loop(stop: threading.Event, every_seconds: float) -> None:
    run_startup_commands()
    while True:
        try:
            enqueue_periodic_tasks()
        finally:
            close_old_connections()
        if stop.wait(every_seconds):
            return


class Command(BaseCommand):
    help = (
        "Run the database-backed background task worker (no Redis needed); it also queues the "
        "periodic jobs (PERIODIC_TASKS: reminders, digests) every "
        "PLAZA_PERIODIC_TASKS_EVERY_MINUTES minutes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Queue the periodic jobs once, run what is queued, then exit.",
        )
        parser.add_argument(
            "--no-periodic", action="store_true", help="Do not queue the periodic jobs."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        yield_to_pages()
        # This process only: the embedding model reads SEMANTIC_THREADS when it first loads.
        settings.SEMANTIC_THREADS = int(getattr(settings, "WORKER_SEMANTIC_THREADS", 0))
        extra = ["--batch"] if options["batch"] else []
        stop = threading.Event()
        if not options["no_periodic"]:
            if options["batch"]:
                enqueue_periodic_tasks()
            else:
                every = max(60.0, 60.0 * settings.PERIODIC_TASKS_EVERY_MINUTES)
                threading.Thread(
                    target=_periodic_loop, args=(stop, every), daemon=True, name="periodic"
                ).start()
        try:
            call_command(
                "db_worker", "--interval", str(options["interval"]), "--no-startup-delay", *extra
            )
        finally:
            stop.set()
