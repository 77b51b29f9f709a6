"""Demo statistics: the ILOSTAT informal employment rate by sex (real figures, not invented).

With ../shared/data present, the whole ILOSTAT file is imported; otherwise a sample of
the same figures shipped with Plaza (the latest six survey years of the six focal-city
countries, taken from ILOSTAT's EMP_NIFL_SEX_RT_A file of 26 July 2024), so that every
focal city's country page shows a chart.
"""

from __future__ import annotations

from pathlib import Path

from plaza.demo import DemoContext
from plaza.demo.accounts import demo_actor
from plaza.statistics.builtin import ensure_builtin_indicators
from plaza.statistics.models import Observation
from plaza.statistics.services import import_statistics

ILOSTAT_FILE = Path("ilostat-informal") / "EMP_NIFL_SEX_RT_A-20240726T0000.csv"
SAMPLE_FILE = Path(__file__).parent / "data" / "informal_employment_sample.csv"


def load(ctx: DemoContext) -> None:
    ensure_builtin_indicators()
    path = ctx.shared_data_dir / ILOSTAT_FILE
    if not (ctx.has_shared_data and path.is_file()):
        path = SAMPLE_FILE
    report = import_statistics(demo_actor(), path.read_bytes(), path.name)
    if not report.applied:
        raise RuntimeError(f"statistics demo: {report.summary()} {report.errors[:3]}")
    ctx.write(f"statistics: {path.name}: {report.summary()}")
    ctx.summary["statistical observations"] = Observation.objects.count()
