"""Import speed of the ILOSTAT informal employment file: Plaza's bulk import vs a per-row peer.

Runs alone: `.venv/bin/python bench/statistics_import.py` (a throw-away SQLite database in a
temporary PLAZA_DATA_DIR). The peer saves each row with update_or_create (one query or two
per row, one history row each): the obvious way to write an importer. Both read the same
parsed rows in the same run; the table gives times and the ratio. Rewrites its section of
docs/dev/benchmarks.md.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["PLAZA_DATA_DIR"] = tempfile.mkdtemp(prefix="plaza-bench-statistics-")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plaza.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from plaza.statistics.builtin import ensure_builtin_indicators  # noqa: E402
from plaza.statistics.importers import parse_file  # noqa: E402
from plaza.statistics.models import Indicator, Observation  # noqa: E402
from plaza.statistics.services import import_statistics  # noqa: E402

FILE = Path(settings.SHARED_DATA_DIR) / "ilostat-informal" / "EMP_NIFL_SEX_RT_A-20240726T0000.csv"
DOC = ROOT / "docs" / "dev" / "benchmarks.md"
NAME = "statistics_import"


def per_row_import(data: bytes) -> int:
    """The peer: one update_or_create per row, inside one transaction."""
    parsed = parse_file(data)
    indicator = Indicator.objects.get(source_label=parsed.records[0].indicator)
    with transaction.atomic():
        for record in parsed.records:
            Observation.objects.update_or_create(
                indicator=indicator,
                country=record.country,
                city=None,
                sex=record.sex,
                year=record.year,
                period=record.period,
                defaults={
                    "value": record.value,
                    "status": record.status,
                    "source": record.source,
                    "source_note": record.source_note,
                    "imported_from": FILE.name,
                },
            )
    return len(parsed.records)


def timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def reset() -> None:
    Observation.history.all().delete()
    Observation.objects.all().delete()


def main() -> None:
    if not FILE.is_file():
        print(f"skipped: {FILE} not found (needs ../shared/data)")
        return
    call_command("migrate", verbosity=0)
    ensure_builtin_indicators()
    data = FILE.read_bytes()
    rows: list[tuple[str, float, float]] = []
    plaza_first = timed(lambda: import_statistics(None, data, FILE.name))
    plaza_again = timed(lambda: import_statistics(None, data, FILE.name))
    count = Observation.objects.count()
    reset()
    peer_first = timed(lambda: per_row_import(data))
    peer_again = timed(lambda: per_row_import(data))
    assert Observation.objects.count() == count
    rows.append(("first import (empty database)", plaza_first, peer_first))
    rows.append(("second import (nothing changes)", plaza_again, peer_again))
    table = [
        f"Import of `{FILE.name}` ({count} figures), SQLite, one run, same parsed rows.",
        "",
        "| step | Plaza bulk import (s) | per-row update_or_create (s) | peer / Plaza |",
        "|---|---:|---:|---:|",
        *(
            f"| {step} | {ours:.2f} | {peer:.2f} | {peer / ours:.1f}× |"
            for step, ours, peer in rows
        ),
        "",
        "Both times include reading and checking the file with the same parser. On the second",
        "import the peer saves every row again (update_or_create always saves), adding a",
        "history row for each unchanged figure; Plaza compares and writes nothing.",
    ]
    print("\n".join(table))
    write_section("\n".join(table))


def write_section(body: str) -> None:
    begin, end = f"<!-- BEGIN {NAME} -->", f"<!-- END {NAME} -->"
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    section = f"{begin}\n## Statistics import\n\n{body}\n{end}"
    if begin in text and end in text:
        text = text[: text.index(begin)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text)


if __name__ == "__main__":
    main()
