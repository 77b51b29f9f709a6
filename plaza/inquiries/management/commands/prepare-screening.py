"""`plaza prepare-screening`: embed the policy rules' example requests once, for every process."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from plaza.inquiries import meaning
from plaza.inquiries.screening import active_rules


class Command(BaseCommand):
    help = (
        "Embed and store the example requests of the active policy rules that are not stored "
        "yet (screening by meaning), so that no server process embeds them on its first "
        "inquiry; drops the stored vectors no rule uses. The worker runs it when it starts."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not meaning.is_available():
            self.stdout.write("Screening by meaning is off: nothing to prepare.")
            return
        embedded = meaning.prepare_examples(active_rules())
        self.stdout.write(f"Rule examples: {embedded} rules embedded, the others were stored.")
