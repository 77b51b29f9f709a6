"""CSV and XLSX downloads of any list: a header row and rows of plain values."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook

from plaza.directory.exports import _safe as neutralise_formula

EXPORT_FORMATS = ("csv", "xlsx")


def _cell(value: Any) -> Any:
    """A plain value; text that a spreadsheet would run as a formula (= + - @) is neutralised."""
    if value is None:
        return ""
    if isinstance(value, (int, float, datetime.date)):
        return value
    return neutralise_formula(str(value))


def table_response(
    filename: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]], fmt: str
) -> HttpResponse:
    """A download of the table as ``filename``.csv or .xlsx."""
    header_cells = [_cell(str(h)) for h in headers]
    if fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = filename[:31]
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_cell(v) for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # so spreadsheet programs read UTF-8 (Thai, Devanagari)
        writer = csv.writer(response)
        writer.writerow(header_cells)
        for row in rows:
            writer.writerow([_cell(v) for v in row])
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
