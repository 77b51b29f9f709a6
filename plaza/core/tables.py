"""The one CSV/XLSX writer: a header row and rows of plain values, safe to open anywhere.

Every cell is cleaned of control characters (openpyxl refuses them; the XML inside an XLSX
cannot hold them). No text ever runs as a formula: in CSV a text that a spreadsheet program
would read as one (``=``, ``@``, ``+``/``-`` not followed by a digit, a leading tab or CR) is
prefixed with ``'``; in XLSX every text cell is stored as text, so it stays as written.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from plaza.core.text import clean_control

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def plain_cell(value: Any) -> Any:
    """Numbers and dates as they are; anything else as text without control characters."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float | Decimal | datetime.date):
        return value
    return clean_control(str(value))


def safe_cell(value: Any) -> Any:
    """``plain_cell``, and a text a spreadsheet would run as a formula prefixed with ``'``."""
    text = plain_cell(value)
    if not isinstance(text, str):
        return text
    if text[:1] in ("=", "@", "\t", "\r"):
        return "'" + text
    if text[:1] in ("+", "-") and not text[1:2].isdigit():
        return "'" + text
    return text


def to_csv(header: Sequence[Any], rows: Iterable[Sequence[Any]], bom: bool = True) -> str:
    """CSV text (CRLF line ends); with a byte-order mark so spreadsheet programs read UTF-8."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" if bom else "") + out.getvalue()


def to_xlsx(
    title: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    widths: bool = False,
) -> bytes:
    """One sheet named ``title`` with the header row frozen; every text cell is text."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = clean_control(title)[:31] or "data"
    header_cells = [plain_cell(h) for h in header]
    sheet.append(header_cells)
    for row in rows:
        sheet.append([plain_cell(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
    sheet.freeze_panes = "A2"
    if widths:
        for index, name in enumerate(header_cells, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(10, len(str(name)) + 2)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
