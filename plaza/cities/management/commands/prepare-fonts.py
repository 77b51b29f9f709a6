"""Make the PDF report's fonts now (static regular and bold instances of the Noto variable
fonts, kept in PLAZA_DATA_DIR/cache/fonts), so the first report takes seconds, not minutes."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Prepare the PDF report's fonts (run once at install; `plaza worker` also does it)."

    def handle(self, *args: Any, **options: Any) -> None:
        from plaza.cities.report import font_files

        started = time.monotonic()
        files = font_files()
        self.stdout.write(
            f"{len(files)} font files ready in {time.monotonic() - started:.1f} s "
            f"({next(iter(files.values())).parent})."
        )
