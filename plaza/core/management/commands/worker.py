"""Run background tasks (text extraction, indexing, embeddings, reminders, scheduled jobs)."""

from __future__ import annotations

import logging
import threading
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
