"""Demo: bring the search index in step with every record the demo loaders wrote.

Some loaders upsert records directly (organisations, city work, statistics) rather than
through the services that index them, so this step, run after them (plaza.demo.DEMO_STEPS), checks
every registered model against the index and re-indexes what is missing or stale: after
`plaza demo`, `plaza reindex --check` reports nothing to do. Idempotent: a second load finds
the index in step and writes nothing.
"""

from __future__ import annotations

from typing import Any

from plaza.search import indexer


def load(ctx: Any) -> None:
    labels = indexer.model_labels()
    report = indexer.check(labels)
    repaired = indexer.repair(report) if not report.ok else 0
    ctx.write(
        f"search index: {len(report.missing)} missing, {len(report.stale)} stale and "
        f"{len(report.orphaned)} orphaned entries brought in step ({', '.join(labels)})"
    )
    ctx.summary["search_entries_repaired"] = repaired
