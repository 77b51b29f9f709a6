"""Rebuilding the index from the registered records, and checking it for stale entries."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction

from plaza.search import registry
from plaza.search.backends import get_backend
from plaza.search.backends.base import fingerprint
from plaza.search.models import SearchEntry, SearchTerm
from plaza.search.registry import SearchDocument

logger = logging.getLogger("plaza.search")
Progress = Callable[[int], object]


@dataclass
class RebuildReport:
    indexed: int = 0
    skipped: int = 0  # not indexable (drafts, withdrawn)
    removed: int = 0  # entries whose record is gone


@dataclass
class CheckReport:
    missing: list[str] = field(default_factory=list)  # indexable record without an entry
    stale: list[str] = field(default_factory=list)  # entry differs from the record
    orphaned: list[str] = field(default_factory=list)  # entry without an indexable record

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.orphaned)


def model_labels(only: Iterable[str] | None = None) -> list[str]:
    labels = sorted(registry.registered_models())
    if only:
        wanted = {label.lower() for label in only}
        unknown = wanted - set(labels)
        if unknown:
            raise LookupError(
                f"not registered for search: {', '.join(sorted(unknown))} "
                f"(registered: {', '.join(labels) or 'none'})"
            )
        labels = [label for label in labels if label in wanted]
    return labels


def count_records(labels: list[str]) -> int:
    return sum(apps.get_model(label)._default_manager.count() for label in labels)


def _documents(label: str) -> Iterator[SearchDocument]:
    model: type[models.Model] = apps.get_model(label)
    for record in model._default_manager.order_by("pk").iterator(chunk_size=500):
        yield registry.build_document(record)


def _flush(batch: list[SearchDocument], progress: Progress | None, workers: int = 1) -> None:
    with transaction.atomic():
        get_backend().index_many(batch, workers=workers)
    if progress:
        progress(len(batch))
    batch.clear()


def rebuild(
    labels: list[str],
    *,
    batch_size: int = 200,
    progress: Progress | None = None,
    workers: int = 1,
) -> RebuildReport:
    """Index every record of ``labels`` again and drop entries whose record is gone."""
    report = RebuildReport()
    backend = get_backend()
    full = set(labels) == set(registry.registered_models())
    if full:
        SearchTerm.objects.all().delete()  # document counts are recomputed below
    for label in labels:
        seen: set[str] = set()
        batch: list[SearchDocument] = []
        for document in _documents(label):
            if document.indexable:
                seen.add(document.key)
                batch.append(document)
                report.indexed += 1
            else:
                report.skipped += 1
                backend.delete(document.model, document.pk)
                if progress:
                    progress(1)
            if len(batch) >= batch_size:
                _flush(batch, progress, workers)
        if batch:
            _flush(batch, progress, workers)
        gone = [
            (key, pk)
            for key, pk in SearchEntry.objects.filter(model=label).values_list("key", "object_pk")
            if key not in seen
        ]
        for _key, pk in gone:
            backend.delete(label, int(pk))
        report.removed += len(gone)
    return report


def check(labels: list[str], progress: Progress | None = None) -> CheckReport:
    """Compare every record with its index entry (by the fingerprint of its SearchDocument)."""
    report = CheckReport()
    for label in labels:
        entries = dict(SearchEntry.objects.filter(model=label).values_list("key", "fingerprint"))
        seen: set[str] = set()
        for document in _documents(label):
            if progress:
                progress(1)
            if not document.indexable:
                continue
            seen.add(document.key)
            stored = entries.get(document.key)
            if stored is None:
                report.missing.append(document.key)
            elif stored != fingerprint(document):
                report.stale.append(document.key)
        report.orphaned += [key for key in entries if key not in seen]
    return report


def repair(report: CheckReport) -> int:
    """Re-index what ``check`` found; returns the number of keys handled."""
    backend = get_backend()
    keys = report.missing + report.stale + report.orphaned
    for key in keys:
        label, _sep, pk = key.rpartition(":")
        record = apps.get_model(label)._default_manager.filter(pk=pk).first()
        with transaction.atomic():
            if record is None:
                backend.delete(label, int(pk))
            else:
                registry.index_object(record)
    return len(keys)
