from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from plaza.statistics.services import import_statistics


class Command(BaseCommand):
    help = (
        "Import figures from an ILOSTAT bulk CSV or a Plaza statistics CSV. The whole file is "
        "checked first and applied whole or not at all; importing it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Treat an unknown country label as an error (default: skip and report it).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; save nothing."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from None
        total = max(data.count(b"\n") - 1, 0)

        def progress(rows: Any) -> Any:
            return tqdm(
                rows,
                total=total,
                unit="rows",
                desc=path.name,
                disable=options["no_progress"],
                file=self.stderr._out,  # type: ignore[call-overload]
            )

        report = import_statistics(
            None,
            data,
            path.name,
            strict=options["strict"],
            dry_run=options["dry_run"],
            progress=progress,
        )
        for label, lines in sorted(report.unmapped.items()):
            shown = ", ".join(str(line) for line in lines[:10])
            more = f" (+{len(lines) - 10} more)" if len(lines) > 10 else ""
            self.stdout.write(f"unmapped place {label!r}: {len(lines)} rows, lines {shown}{more}")
        for code in report.new_indicators:
            self.stdout.write(f"new indicator {code}")
        for problem in report.errors[:50]:
            self.stderr.write(str(problem))
        if len(report.errors) > 50:
            self.stderr.write(f"... and {len(report.errors) - 50} more problems")
        if report.errors:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(f"{report.summary()} ({report.seconds:.2f} s)"))
