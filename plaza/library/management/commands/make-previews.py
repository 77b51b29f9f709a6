"""Make the first-page thumbnails and page counts of stored PDFs that have none yet.

Uploads get theirs from the worker automatically; this is for files stored before previews
existed (or, with ``--retry``, those whose preview failed, e.g. after raising a bound).
Each file is drawn in a bounded child process, outside any transaction (plaza.library.tasks).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from plaza.library.models import PreviewStatus, ResourceFile
from plaza.library.previews import PREVIEW_TYPES
from plaza.library.tasks import make_file_preview, run_preview


class Command(BaseCommand):
    help = "Make the first-page thumbnails and page counts of PDFs that have none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--retry", action="store_true", help="also files whose preview failed before"
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="queue the work for `plaza worker` instead of doing it now",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        statuses = [PreviewStatus.PENDING]
        if options["retry"]:
            statuses.append(PreviewStatus.FAILED)
        ids = list(
            ResourceFile.objects.filter(
                content_type__in=PREVIEW_TYPES, preview_status__in=statuses
            ).values_list("pk", flat=True)
        )
        outcomes: dict[str, int] = {}
        for file_id in ids:
            if options["queue"]:
                make_file_preview.enqueue(file_id)
                outcome = "queued"
            else:
                outcome = run_preview(file_id)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        summary = ", ".join(f"{n} {what}" for what, n in sorted(outcomes.items())) or "nothing"
        self.stdout.write(f"{len(ids)} file(s): {summary}")
