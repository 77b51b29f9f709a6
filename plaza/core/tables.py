"""The one table writer of Plaza: every CSV and XLSX download goes through it.

A cell is written as its value, never run: text that a spreadsheet program would read as a
formula (beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed
with ``'``, unless it is a plain number or phone number ("-12.5", "+51 911 000 111"); characters
that XML cannot hold are dropped from XLSX cells. CSV files are UTF-8 with a byte-order mark
(so spreadsheet programs read Thai and Devanagari) and CRLF line ends (RFC 4180).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from plaza.core.text import clean_control, xml_safe

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?[\d][\d\s().,]*")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should show it: numbers and dates as they are, text never a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float, Decimal, datetime.date)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def to_csv(columns: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(c) for c in columns])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(title: str, columns: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = clean_control(re.sub(r"[\[\]:*?/\\]", " ", title))[:31] or "data"
    header = [clean_control(str(c)) for c in columns]
    sheet.append(header)
    for row in rows:
        sheet.append(xml_safe([safe_cell(v) for v in row]))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(len(name) + 2, 40))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def table_body(
    fmt: str, title: str, columns: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> bytes:
    return to_xlsx(title, columns, rows) if fmt == "xlsx" else to_csv(columns, rows)


def table_response(
    filename: str, columns: Sequence[Any], rows: Iterable[Sequence[Any]], fmt: str
) -> HttpResponse:
    """A download of the table as ``filename``.csv or ``filename``.xlsx (CSV unless xlsx is asked)."""
    fmt = fmt if fmt in FORMATS else "csv"
    response = HttpResponse(table_body(fmt, filename, columns, rows), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
