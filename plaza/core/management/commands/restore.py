from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plaza.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the embedded SQLite database and uploaded files from a `plaza backup` archive. "
        "Stop the server first. The archive is verified completely before anything is "
        "replaced, the replaced data is kept in PLAZA_DATA_DIR/restore-previous/, and the "
        "restored data is verified again in place."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="A .tar.gz written by `plaza backup`.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            info = restore_backup(Path(options["archive"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Restored the backup of {info.created} ({info.media_files} files)")
        )
        if info.secret_key:
            self.stdout.write("The secret key was restored from the backup.")
        if info.previous is not None:
            self.stdout.write(
                f"The replaced data is kept in {info.previous}; delete it once the site works."
            )
