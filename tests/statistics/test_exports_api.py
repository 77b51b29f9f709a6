from __future__ import annotations

import io
from typing import Any

import bibtexparser
import pytest
import rispy
from django.test import Client
from openpyxl import load_workbook

from plaza.statistics.exports import COLUMNS
from plaza.statistics.models import Observation
from plaza.statistics.services import import_statistics
from tests.statistics.samples import GOOD_ROWS, ilostat_file, ilostat_row

pytestmark = pytest.mark.django_db

FIELDS = ("indicator__code", "country", "city", "sex", "year", "period", "value", "status",
          "source", "source_note")  # fmt: skip


def snapshot() -> set[tuple[Any, ...]]:
    return set(Observation.objects.values_list(*FIELDS))


@pytest.fixture
def imported(db: Any) -> None:
    rows = (*GOOD_ROWS, ilostat_row("Ghana", "Total", "2015", "78.051", source='Survey, "A"'))
    assert import_statistics(None, ilostat_file(*rows), "sample.csv").applied


def test_exported_series_csv_reimports_to_identical_values(client: Client, imported: None) -> None:
    response = client.get("/en/statistics/export.csv?indicator=EMP_NIFL_SEX_RT_A&country=PE")
    assert response.status_code == 200
    exported = response.content
    before = {row for row in snapshot() if row[1] == "PE"}
    assert len(before) == 4
    # Unchanged data: re-importing the export changes nothing.
    again = import_statistics(None, exported, "export.csv")
    assert again.applied and (again.created, again.updated, again.unchanged) == (0, 0, 4)
    # From scratch: the export alone rebuilds the same figures.
    Observation.objects.all().delete()
    rebuilt = import_statistics(None, exported, "export.csv")
    assert rebuilt.applied and rebuilt.created == 4
    assert snapshot() == before


def test_csv_has_source_and_licence_columns(client: Client, imported: None) -> None:
    text = client.get("/en/statistics/export.csv?country=GH").content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.split(",") == COLUMNS
    assert "ILOSTAT, International Labour Organization" in row and "CC BY 4.0" in row
    assert '"Survey, ""A"""' in row  # quoted as CSV, re-importable


def test_xlsx_export_has_the_same_rows(client: Client, imported: None) -> None:
    response = client.get("/en/statistics/export.xlsx?country=PE&sex=women")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert sorted((r[4], r[6]) for r in rows[1:]) == [(2021, 76.0), (2022, 75.1)]
    assert {r[COLUMNS.index("licence")] for r in rows[1:]} == {"CC BY 4.0"}


def test_bad_export_filter_is_a_400_naming_the_field(client: Client, imported: None) -> None:
    response = client.get("/en/statistics/export.csv?country=XX")
    assert response.status_code == 400
    assert "XX" in response.content.decode()
    response = client.get("/en/statistics/export.csv?year_from=2022&year_to=2020")
    assert response.status_code == 400


def test_api_filters(client: Client, imported: None) -> None:
    def codes(query: str) -> list[tuple[str, str, int]]:
        response = client.get(f"/api/statistics/observations?limit=100&{query}")
        assert response.status_code == 200, response.content
        return [(i["country"], i["sex"], i["year"]) for i in response.json()["items"]]

    assert len(codes("")) == 6
    assert codes("country=GH") == [("GH", "total", 2015)]
    assert set(codes("country=GH&country=BO")) == {("GH", "total", 2015), ("BO", "total", 2021)}
    assert codes("country=PE&sex=women&year_from=2022") == [("PE", "women", 2022)]
    assert codes("country=PE&year_to=2021") == [("PE", "women", 2021)]
    assert codes("indicator=EMP_NIFL_SEX_RT_A&country=PE&sex=men") == [("PE", "men", 2022)]
    item = client.get("/api/statistics/observations?country=GH").json()["items"][0]
    assert item["publisher"] == "ILOSTAT, International Labour Organization"
    assert item["licence"] == "CC BY 4.0"
    assert client.get("/api/statistics/observations?country=ZZ").status_code == 400
    assert client.get("/api/statistics/observations?sex=robot").status_code == 400


def test_api_series_export_and_schema(client: Client, imported: None) -> None:
    series = client.get("/api/statistics/series/EMP_NIFL_SEX_RT_A/pe").json()
    assert len(series["observations"]) == 4
    assert series["citation"]["type"] == "dataset"
    assert series["citation"]["title"].startswith("Informal employment rate: Peru")
    csv = client.get("/api/statistics/observations.csv?country=PE")
    assert csv.status_code == 200 and csv.content.decode().count("\n") == 5
    assert client.get("/api/statistics/series/EMP_NIFL_SEX_RT_A/atlantis").status_code == 404
    assert client.get("/api/openapi.json").status_code == 200


def test_cite_download_is_csl_json(client: Client, imported: None) -> None:
    response = client.get("/en/statistics/cite/EMP_NIFL_SEX_RT_A/pe.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    (item,) = response.json()
    assert item["author"] == [{"literal": "ILOSTAT, International Labour Organization"}]
    assert item["title"] == "Informal employment rate: Peru, 2021–2022"
    assert item["URL"] == "https://ilostat.ilo.org/data/"
    assert "CC BY 4.0" in item["note"]


def test_every_citation_format_of_a_figure_reads_back(client: Client, imported: None) -> None:
    base = "/en/statistics/cite/EMP_NIFL_SEX_RT_A/pe"
    ok = client.get(f"{base}/csl-json/")
    assert ok.status_code == 200 and ok.json()[0]["type"] == "dataset"
    title = ok.json()[0]["title"]
    bib = bibtexparser.parse_string(client.get(f"{base}/bibtex/").content.decode())
    assert len(bib.entries) == 1 and bib.entries[0]["title"].strip("{}") == title
    ris = rispy.loads(client.get(f"{base}/ris/").content.decode())
    assert ris[0]["title"] == title
    assert title in client.get(f"{base}/apa/").content.decode()
    assert client.get(f"{base}/nonsense/").status_code == 404
    assert client.get("/en/statistics/cite/EMP_NIFL_SEX_RT_A/atlantis.json").status_code == 404


def test_xlsx_never_turns_text_into_a_formula(client: Client, db: Any) -> None:
    rows = (ilostat_row("Peru", "Total", "2022", "72.5", source="=HYPERLINK(1)"),)
    assert import_statistics(None, ilostat_file(*rows), "sample.csv").applied
    sheet = load_workbook(io.BytesIO(client.get("/en/statistics/export.xlsx").content)).active
    assert sheet is not None
    cell = sheet.cell(row=2, column=COLUMNS.index("source") + 1)
    assert cell.value == "'=HYPERLINK(1)" and cell.data_type == "s"  # neutralised, never run


def test_index_selection_form_downloads_the_selection(client: Client, imported: None) -> None:
    index = client.get("/fr/statistics/").content.decode()
    assert 'name="country" multiple' in index and 'formaction="/fr/statistics/export.xlsx"' in index
    query = "indicator=&country=PE&country=GH&sex=women&sex=total&year_from=2022&year_to="
    response = client.get(f"/fr/statistics/export.csv?{query}")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()[1:]
    assert sorted(line.split(",")[1] + line.split(",")[3] for line in lines) == [
        "PEtotal",
        "PEwomen",
    ]
