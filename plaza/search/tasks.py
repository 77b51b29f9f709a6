"""Background tasks of the search engine (django-tasks; run by `plaza worker`)."""

from __future__ import annotations

import logging

from django_tasks import task

from plaza.core.priorities import BULK
from plaza.search import indexer

logger = logging.getLogger("plaza.search")


@task(priority=BULK)
def check_index(repair: bool = False) -> dict[str, int]:
    """Report records whose index entry is missing, stale or orphaned (optionally repair)."""
    report = indexer.check(indexer.model_labels())
    counts = {
        "missing": len(report.missing),
        "stale": len(report.stale),
        "orphaned": len(report.orphaned),
    }
    if not report.ok:
        logger.warning(
            "search index is out of date: %(missing)s missing, %(stale)s stale, "
            "%(orphaned)s orphaned entries (run `plaza reindex`)",
            counts,
            extra={"search_index": counts},
        )
        if repair:
            counts["repaired"] = indexer.repair(report)
    return counts
