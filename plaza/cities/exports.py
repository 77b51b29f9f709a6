"""CSV and XLSX downloads of any list: a header row and rows of plain values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

from plaza.core import tables

EXPORT_FORMATS = ("csv", "xlsx")


def table_response(
    filename: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]], fmt: str
) -> HttpResponse:
    """A download of the table as ``filename``.csv or .xlsx."""
    if fmt == "xlsx":
        response = HttpResponse(
            tables.to_xlsx(filename, [str(h) for h in headers], rows),
            content_type=tables.XLSX_TYPE,
        )
    else:
        response = HttpResponse(
            tables.to_csv([str(h) for h in headers], rows), content_type=tables.CSV_TYPE
        )
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
