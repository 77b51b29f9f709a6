"""plaza import-directory FILE: import organisations or people from CSV, whole or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from plaza.accounts.models import User
from plaza.directory.importers import CommandLineOperator, import_directory


class Command(BaseCommand):
    help = (
        "Import organisations or people from a CSV file (columns in docs/user/directory.md). The whole "
        "file is checked first; if any row is wrong nothing is imported and every wrong row is "
        "listed. Exit status 1 when the file was not imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", choices=["organizations", "people"], default="")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--user", default="", help="record the import as done by this user (default: operator)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user: Any = CommandLineOperator()
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}")
        report = import_directory(
            user,
            path.read_bytes(),
            kind=options["kind"],
            dry_run=options["dry_run"],
            progress=lambda items: tqdm(items, desc="import", unit="row", file=self.stderr),
        )
        for error in report.errors:
            self.stdout.write(f"row {error.row}: {error.column or '-'}: {error.message}")
        if not report.ok:
            raise CommandError(
                f"{len(report.bad_rows)} bad row(s) in {report.rows}; nothing was imported."
            )
        if report.dry_run:
            self.stdout.write(self.style.SUCCESS(f"{report.rows} {report.kind} rows are correct."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {report.rows} {report.kind} rows: "
                    f"{report.created} created, {report.updated} updated."
                )
            )
