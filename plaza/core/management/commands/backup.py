from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from plaza.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the embedded SQLite database and uploaded files into one .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive",
            nargs="?",
            help="Where to write the archive (default: DATA_DIR/backups/plaza-<time>.tar.gz).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        archive = Path(
            options["archive"] or settings.DATA_DIR / "backups" / f"plaza-{stamp}.tar.gz"
        )
        try:
            info = create_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(
                f"cannot write the backup to {archive}: {exc.strerror or exc}"
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {info.path} (database sha256 {info.database_sha256[:12]}…, "
                f"{info.media_files} files"
                + (", the secret key" if info.secret_key else "")
                + "). It holds personal data"
                + (" and the secret key" if info.secret_key else "")
                + ": store it as securely as the server."
            )
        )
