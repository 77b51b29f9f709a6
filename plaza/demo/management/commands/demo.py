from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from plaza.demo import DemoContext, load_demo


class Command(BaseCommand):
    help = "Load the demo data set (idempotent: loading it twice duplicates nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        ctx = load_demo(DemoContext(write=lambda line: self.stdout.write(line)))
        for key, count in ctx.summary.items():
            self.stdout.write(f"  {key}: {count}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
