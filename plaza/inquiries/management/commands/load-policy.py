"""`plaza load-policy`: load the partnering policy rules from policy.yaml into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from plaza.inquiries import meaning
from plaza.inquiries.policy import POLICY_FILE, load_policy
from plaza.inquiries.screening import active_rules


class Command(BaseCommand):
    help = (
        "Load the policy rules from a YAML file (default: plaza/inquiries/policy.yaml). "
        "Rules in the file overwrite their database versions (the history keeps the old ones); "
        "with --missing-only, only rules not yet in the database are created."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=POLICY_FILE)
        parser.add_argument("--missing-only", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"--file: {path} is not a file")
        try:
            created, updated = load_policy(path, replace=not options["missing_only"])
        except ValidationError as exc:
            raise CommandError(f"{path}: invalid rule: {'; '.join(exc.messages)}") from None
        except (KeyError, TypeError) as exc:
            raise CommandError(f"{path}: missing or malformed entry {exc}") from None
        self.stdout.write(f"Policy loaded: {created} rules created, {updated} updated.")
        if meaning.is_available():  # embedded here once, not by each server's first inquiry
            embedded = meaning.prepare_examples(active_rules())
            self.stdout.write(f"Rule examples: {embedded} rules embedded.")
