"""Exports and the dashboard API: by-city table, commitment ids, periods, formula cells."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.cities.factories import CommitmentFactory
from tests.directory.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_all_cities_export_has_the_by_city_table(client: Any, lima: Any, accra: Any) -> None:
    CommitmentFactory(agreement__platform__city=lima)
    rows = _csv(client.get("/en/cities/dashboard/?format=csv"))
    by_city = [r for r in rows if r[0] == "By city"]
    assert ["By city", "Lima · Commitments", "1"] in by_city
    assert ["By city", "Accra · Commitments", "0"] in by_city


def test_commitments_csv_has_id_city_organisation_and_neutralised_formulas(
    client: Any, lima: Any
) -> None:
    org = OrganizationFactory(name="FEDEVAL", slug="fedeval", cities=[lima])
    c: Any = CommitmentFactory(
        agreement__platform__city=lima,
        responsible_organization=org,
        action='=HYPERLINK("http://evil.example","x")',
        responsible="@SUM(1)",
    )
    rows = _csv(client.get("/en/cities/lima/commitments/?format=csv"))
    header, row = rows[0], rows[1]
    assert header[:3] == ["Id", "City", "Agreement"]
    assert row[0] == str(c.pk) and row[1] == "Lima"
    assert row[header.index("Responsible organisation")] == "FEDEVAL"
    assert row[header.index("What")].startswith("'=")
    assert row[header.index("Who")].startswith("'@")
    book = load_workbook(io.BytesIO(client.get("/en/cities/lima/commitments/?format=xlsx").content))
    sheet = book.active
    assert sheet is not None
    cells = [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert all(not str(v).startswith(("=", "@")) for v in cells if v is not None)


def test_dashboard_api_takes_a_period_and_refuses_a_reversed_one(client: Any, lima: Any) -> None:
    CommitmentFactory(agreement__platform__city=lima, agreement__reached_on="2026-04-01")
    inside = client.get("/api/cities/lima/dashboard?start=2026-01-01&end=2026-12-31").json()
    assert inside["commitments"]["total"] == 1 and inside["start"] == "2026-01-01"
    outside = client.get("/api/cities/lima/dashboard?start=2025-01-01&end=2025-12-31").json()
    assert outside["commitments"]["total"] == 0
    reversed_ = client.get("/api/cities/lima/dashboard?start=2026-12-31&end=2026-01-01")
    assert reversed_.status_code == 400
    assert "before the start date" in reversed_.json()["errors"]["end"][0]
    page = client.get("/en/cities/lima/dashboard/?start=2026-12-31&end=2026-01-01")
    assert page.status_code == 400 and b"before the start date" in page.content
    assert (
        client.get(
            "/en/cities/lima/dashboard/?start=2026-12-31&end=2026-01-01&format=csv"
        ).status_code
        == 400
    )
