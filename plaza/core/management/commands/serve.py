"""Serve Plaza with gunicorn (a production-grade WSGI server), optionally with a task worker."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def warm_up_process(_worker: object) -> None:
    from plaza.core import warmup

    warmup.start_in_background()


class Command(BaseCommand):
    help = (
        "Serve Plaza over HTTP with gunicorn; --with-worker also runs the background task worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("PLAZA_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.WEB_WORKERS,
            help="web processes, 1-64 (PLAZA_WEB_WORKERS)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=settings.WEB_THREADS,
            help="threads per process, 1-64 (PLAZA_WEB_THREADS)",
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="Also start `plaza worker` for background tasks (the embedded default).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("workers", "threads"):
            if not 1 <= options[name] <= 64:
                raise CommandError(f"--{name}: expected a whole number from 1 to 64")
        from gunicorn.app.base import BaseApplication

        from plaza.wsgi import application

        class PlazaServer(BaseApplication):
            def load_config(self) -> None:
                self.cfg.set("bind", options["bind"])
                self.cfg.set("workers", options["workers"])
                self.cfg.set("threads", options["threads"])
                self.cfg.set("worker_class", "gthread" if options["threads"] > 1 else "sync")
                self.cfg.set("keepalive", settings.WEB_KEEPALIVE)
                self.cfg.set("timeout", 120)
                self.cfg.set("graceful_timeout", 20)
                self.cfg.set("accesslog", None)  # Plaza logs requests itself, as JSON
                self.cfg.set(
                    "forwarded_allow_ips", os.environ.get("PLAZA_FORWARDED_ALLOW_IPS", "127.0.0.1")
                )
                # Each process loads the model, vectors and caches as it starts, not when its
                # first visitor asks (plaza.core.warmup).
                self.cfg.set("post_worker_init", warm_up_process)

            def load(self) -> Any:
                return application

        worker = None
        if options["with_worker"]:
            # A session of its own, so that the worker's low CPU priority covers its whole
            # scheduling group and never the web processes' (plaza worker: yield_to_pages).
            worker = subprocess.Popen(
                [sys.executable, "-m", "plaza", "worker"], start_new_session=True
            )
        self.stdout.write(f"Plaza is serving on http://{options['bind']}/ (Ctrl+C stops it)")
        try:
            PlazaServer().run()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=20)
