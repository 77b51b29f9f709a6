"""Demo: check that the search index is in step with every record the demo loaders wrote.

Every loader keeps the index in step itself (through the apps' services or, where it upserts
records, through the app's ``indexing`` hook, as the services do). This step, run after them
(plaza.demo.DEMO_STEPS), only checks: a missing, stale or orphaned entry is a bug in a loader,
and fails the demo loudly instead of being repaired quietly. It writes nothing.
"""

from __future__ import annotations

from typing import Any

from plaza.search import indexer


class DemoIndexOutOfStep(RuntimeError):
    """A demo loader wrote a record without keeping its search entry in step."""


def load(ctx: Any) -> None:
    labels = indexer.model_labels()
    report = indexer.check(labels)
    if not report.ok:
        raise DemoIndexOutOfStep(
            f"search index out of step after the demo loaders: {len(report.missing)} missing "
            f"{report.missing[:5]}, {len(report.stale)} stale {report.stale[:5]}, "
            f"{len(report.orphaned)} orphaned {report.orphaned[:5]}; a loader wrote without "
            "going through its app's services or indexing hook"
        )
    ctx.write(f"search index: in step ({', '.join(labels)})")
