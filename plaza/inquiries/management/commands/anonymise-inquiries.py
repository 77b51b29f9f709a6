"""`plaza anonymise-inquiries`: run daily from cron (or hand the work to `plaza worker`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from plaza.inquiries.tasks import anonymise_expired_inquiries


class Command(BaseCommand):
    help = (
        "Anonymise inquiries older than PLAZA_INQUIRY_RETENTION_DAYS (name, e-mail, message, "
        "notes and replies are removed; outcome and dates are kept for the figures)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the task for `plaza worker` instead of running it now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = getattr(settings, "PLAZA_INQUIRY_RETENTION_DAYS", 365)
        if options["enqueue"]:
            result = anonymise_expired_inquiries.enqueue()
            self.stdout.write(f"Queued anonymisation task {result.id}.")
            return
        count = anonymise_expired_inquiries.call()
        self.stdout.write(f"Anonymised {count} inquiries older than {days} days.")
