"""Observations as CSV and XLSX, in Plaza's statistics CSV layout (which re-imports as is)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from plaza.core.countries import country_name
from plaza.statistics.models import Observation

# The first columns are what the importer reads; the others say what the figure is and
# where it comes from (the importer ignores them).
COLUMNS = [
    "indicator",
    "country",
    "city",
    "sex",
    "year",
    "period",
    "value",
    "status",
    "source",
    "source_note",
    "indicator_name",
    "place",
    "unit",
    "publisher",
    "source_url",
    "licence",
]


def observation_row(obs: Observation) -> list[Any]:
    indicator = obs.indicator
    return [
        indicator.code,
        obs.country,
        obs.city.slug if obs.city_id and obs.city else "",
        obs.sex,
        obs.year,
        obs.period,
        obs.value,
        obs.status,
        obs.source,
        obs.source_note,
        indicator.name_in("en"),
        obs.city.name if obs.city_id and obs.city else country_name(obs.country, "en"),
        indicator.unit,
        indicator.source,
        indicator.source_url,
        indicator.licence,
    ]


def to_csv(observations: Iterable[Observation]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for obs in observations:
        row = observation_row(obs)
        row[6] = format(obs.value.normalize(), "f")  # exact, without padding zeros
        writer.writerow(row)
    return out.getvalue()


def to_xlsx(observations: Iterable[Observation]) -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "observations"
    sheet.append(COLUMNS)
    for obs in observations:
        row = observation_row(obs)
        row[6] = float(obs.value)
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula (a note may start with "=")
    sheet.freeze_panes = "A2"
    for index, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, len(name) + 2)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
