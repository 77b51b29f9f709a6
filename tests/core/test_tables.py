"""The one table writer: CSV and XLSX read back by the csv module and openpyxl, with
formula-looking text neutralised and characters XML cannot hold dropped."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from plaza.core.tables import safe_cell, table_response, to_csv, to_xlsx

COLUMNS = ["name", "phone", "note", "count", "day"]
ROWS = [
    [
        '=HYPERLINK("http://x")',
        "+51 911 000 111",
        "-2+3+cmd|' /C calc'!A0",
        3,
        datetime.date(2026, 1, 2),
    ],
    ["@SUM(A1)", "-12.5", "Vendeurs\x0b de rue ไทย हिंदी", 0, None],
]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("+51 911 000 111", "+51 911 000 111"),
        ("-12.5", "-12.5"),
        ("plain", "plain"),
        (None, ""),
        (7, 7),
    ],
)
def test_safe_cell(value: object, written: object) -> None:
    assert safe_cell(value) == written


def test_csv_reads_back_neutralised() -> None:
    body = to_csv(COLUMNS, ROWS)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == COLUMNS
    assert rows[1][:3] == ['\'=HYPERLINK("http://x")', "+51 911 000 111", "'-2+3+cmd|' /C calc'!A0"]
    assert rows[2][0] == "'@SUM(A1)" and "ไทย हिंदी" in rows[2][2]


def test_xlsx_reads_back_as_text_never_formulas() -> None:
    sheet = load_workbook(io.BytesIO(to_xlsx("people: list/1", COLUMNS, ROWS))).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == COLUMNS
    assert values[1][0] == '\'=HYPERLINK("http://x")' and values[1][3] == 3
    assert values[2][2] == "Vendeurs de rue ไทย हिंदी"  # the vertical tab is dropped
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_table_response_names_the_file() -> None:
    response = table_response("lima-commitments", COLUMNS, ROWS, "xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="lima-commitments.xlsx"'
    assert table_response("x", COLUMNS, ROWS, "exe")["Content-Type"].startswith("text/csv")
