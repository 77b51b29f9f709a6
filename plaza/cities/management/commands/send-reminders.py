"""Send the cities' commitment reminders and weekly digests now (the worker also runs this)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plaza.cities import notices


class Command(BaseCommand):
    help = (
        "E-mail the commitment reminders (coming due, newly overdue) and, on the digest day, "
        "the coordinators' weekly digest. Never sends the same notice twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today: expected a date as YYYY-MM-DD") from None
        sent = notices.send_reminders(today)
        self.stdout.write(
            f"Sent {sent.due_soon} due-soon, {sent.overdue} overdue, {sent.digests} digest(s)."
        )
