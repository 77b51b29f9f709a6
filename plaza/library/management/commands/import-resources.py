"""plaza import-resources FILE: import a CSV, BibTeX or RIS file (or the UNDP pages folder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from plaza.accounts.models import User
from plaza.library import importers, undp


class Command(BaseCommand):
    help = (
        "Import resources from a CSV, BibTeX (.bib) or RIS (.ris) file, or from a folder of "
        "UNDP Accelerator Labs pages. Every record is checked first; nothing is written unless "
        "all are valid. Duplicates (same DOI, or same title, year and language) are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", help="a .csv, .bib or .ris file, or a folder of UNDP pages (.md)"
        )
        parser.add_argument("--publish", action="store_true", help="publish what is imported")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument("--user", help="username to import as (default: the first superuser)")
        parser.add_argument("--language", default="en", help="language of records that do not say")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path}: no such file or folder")
        user = self._user(options["user"])
        if path.is_dir():
            rows = undp.rows_from_directory(path)
            publish = True
        else:
            rows = importers.rows_from_file(path.name, path.read_bytes(), options["language"])
            publish = options["publish"]
        with tqdm(
            total=len(rows) * 2,
            desc=f"Importing {path.name}",
            unit="record",
            disable=options["no_progress"],
            file=cast(Any, self.stderr),
        ) as bar:

            def advance(n: int) -> None:
                bar.update(n)

            report = importers.import_rows(
                user,
                rows,
                publish=publish,
                dry_run=options["dry_run"],
                progress=advance,
            )
        for line in report.lines():
            self.stdout.write(line)
        if report.rejected:
            raise CommandError(f"{len(report.rejected)} record(s) rejected; nothing imported")

    def _user(self, username: str | None) -> User:
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"--user: there is no active user {username!r}")
        else:
            user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
            if user is None:
                raise CommandError("--user: no superuser exists; name a librarian with --user")
        if not user.has_perm("library.import_resources"):
            raise CommandError(
                f"--user: {user.username} may not import resources (needs Librarian)"
            )
        return user
