"""`plaza reindex`: rebuild the search index from the records, or check it for stale entries."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from plaza.search import indexer, pages
from plaza.search.backends import get_backend


class Command(BaseCommand):
    help = (
        "Rebuild the search index from every registered record (with a progress bar), "
        "or with --check report records whose index entry is missing or stale."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("models", nargs="*", help="Only these models (app_label.model).")
        parser.add_argument(
            "--check", action="store_true", help="Report stale entries; change nothing."
        )
        parser.add_argument(
            "--repair", action="store_true", help="With --check: re-index what is stale."
        )
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes that analyse the text (default: one per core; 1: none).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            labels = indexer.model_labels(options["models"])
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        if options["batch_size"] < 1:
            raise CommandError("--batch-size: must be at least 1")
        if options["workers"] < 1:
            raise CommandError("--workers: must be at least 1")
        if not options["check"] and pages.PAGE_MODEL in labels:
            pages.sync_rows()  # the site pages registered since the last migrate, if any
        total = indexer.count_records(labels)
        bar = tqdm(
            total=total,
            unit="doc",
            disable=options["no_progress"],
            file=sys.stderr,
            desc="check" if options["check"] else "reindex",
        )
        with bar:
            if options["check"]:
                report = indexer.check(labels, progress=bar.update)
            else:
                rebuilt = indexer.rebuild(
                    labels,
                    batch_size=options["batch_size"],
                    progress=bar.update,
                    workers=options["workers"],
                )
        if options["check"]:
            self.stdout.write(
                f"{len(report.missing)} missing, {len(report.stale)} stale, "
                f"{len(report.orphaned)} orphaned index entries"
            )
            for key in (report.missing + report.stale + report.orphaned)[:20]:
                self.stdout.write(f"  {key}")
            if options["repair"] and not report.ok:
                self.stdout.write(f"repaired {indexer.repair(report)} entries")
            elif not report.ok:
                raise CommandError("the search index is out of date: run `plaza reindex`")
            return
        stats = get_backend().stats()
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {rebuilt.indexed} records ({rebuilt.skipped} not indexable, "
                f"{rebuilt.removed} removed entries); the {stats.backend} index holds "
                f"{stats.documents} documents and {stats.terms} terms."
            )
        )
