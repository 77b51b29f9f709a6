from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from plaza.accounts.models import User
from plaza.library import importers, undp
from plaza.library.catalogue import CSV_COLUMNS, catalogue_csv
from plaza.library.citations import export, resource_to_csl
from plaza.library.models import Resource

pytestmark = pytest.mark.django_db

BAD_ROWS = {
    17: ("doi", "not-a-doi", "is not a DOI"),
    42: ("year", "2999", "in the future"),
    99: ("language", "xx", "not a known language code"),
    150: ("type", "novel", "is not one of"),
    188: ("sectors", "astronauts", "sectors: unknown astronauts"),
}


def csv_text(rows: int = 200, bad: bool = True) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for n in range(1, rows + 1):
        row = {name: "" for name in CSV_COLUMNS}
        row.update(
            title=f"Informal workers report {n}",
            creators="Chen, Martha Alter; {WIEGO}",
            type="working-paper",
            language="es" if n % 4 == 0 else "en",
            year=str(2000 + n % 20),
            sectors="waste-pickers; street-vendors",
            cities="lima",
            countries="PE; GH",
            keywords="informality; statistics",
            doi=f"10.9999/wiego.{n}",
        )
        if bad and n in BAD_ROWS:
            name, value, _message = BAD_ROWS[n]
            row[name] = value
        writer.writerow(row)
    return out.getvalue()


def test_five_bad_rows_out_of_200_change_nothing_then_the_corrected_file_imports(
    librarian: Any, lima: Any, tmp_path: Path
) -> None:
    report = importers.import_file(librarian, "batch.csv", csv_text().encode())
    assert not report.applied and report.created == []
    assert Resource.objects.count() == 0
    rejected = dict(report.rejected)
    assert sorted(rejected) == [n + 1 for n in BAD_ROWS]  # +1: line 1 is the header
    for n, (_name, _value, message) in BAD_ROWS.items():
        assert message in " ".join(rejected[n + 1]), rejected[n + 1]
    report = importers.import_file(librarian, "batch.csv", csv_text(bad=False).encode())
    assert report.applied and len(report.created) == 200
    resource = Resource.objects.get(title="Informal workers report 8")
    assert resource.language == "es" and resource.status == "draft"
    assert [c.display_name for c in resource.ordered_creators()] == ["Martha Alter Chen", "WIEGO"]
    assert resource.cities.get().slug == "lima"
    assert resource.countries == ["PE", "GH"]
    # Importing the same file again creates nothing: all 200 are duplicates.
    again = importers.import_file(librarian, "batch.csv", csv_text(bad=False).encode())
    assert again.applied and again.created == [] and len(again.duplicates) == 200


def test_duplicates_inside_a_file_are_reported(librarian: Any, lima: Any) -> None:
    text = csv_text(rows=3, bad=False)
    lines = text.splitlines()
    duplicate_title = lines[1].replace("10.9999/wiego.1", "10.9999/other")
    text = "\n".join([*lines, lines[2], duplicate_title]) + "\n"
    report = importers.import_file(librarian, "dups.csv", text.encode())
    assert len(report.created) == 3
    assert [n for n, _ in report.duplicates] == [5, 6]
    assert "same DOI" in report.duplicates[0][1]
    assert "same title, year and language" in report.duplicates[1][1]


def test_csv_needs_known_columns(librarian: Any) -> None:
    report = importers.import_file(librarian, "x.csv", b"title,colour\nA,red\n")
    assert report.rejected[0][1] == [
        "missing column(s): language, type",
        "unknown column(s): colour",
    ]


def test_bibtex_and_ris_round_trip(librarian: Any, lima: Any) -> None:
    report = importers.import_file(librarian, "batch.csv", csv_text(rows=3, bad=False).encode())
    items = [resource_to_csl(r) for r in Resource.objects.order_by("pk")]
    Resource.objects.all().delete()
    bib = importers.import_file(
        librarian, "refs.bib", export(items, "bibtex").encode(), publish=True
    )
    assert len(bib.created) == 3, bib.lines()
    resource = Resource.objects.get(title="Informal workers report 1")
    assert resource.status == "published"
    assert resource.doi == "10.9999/wiego.1"
    assert [c.sort_name for c in resource.ordered_creators()] == ["Chen, Martha Alter", "WIEGO"]
    Resource.objects.all().delete()
    ris = importers.import_file(librarian, "refs.ris", export(items, "ris").encode())
    assert len(ris.created) == 3, ris.lines()
    resource = Resource.objects.get(title="Informal workers report 1")
    assert resource.year == 2001 and resource.type == "working-paper"
    assert report.applied


def test_catalogue_csv_reimports(librarian: Any, lima: Any) -> None:
    importers.import_file(
        librarian, "batch.csv", csv_text(rows=5, bad=False).encode(), publish=True
    )
    exported = catalogue_csv(Resource.objects.order_by("pk"))
    Resource.objects.all().delete()
    report = importers.import_file(librarian, "catalogue.csv", exported.encode())
    assert len(report.created) == 5, report.lines()


def test_command_reports_and_fails_on_bad_rows(librarian: Any, lima: Any, tmp_path: Path) -> None:
    path = tmp_path / "batch.csv"
    path.write_text(csv_text(rows=20))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 record"):
        call_command("import-resources", str(path), user="librarian", stdout=out, stderr=err)
    assert "line 18: rejected: doi:" in out.getvalue()
    assert "Importing batch.csv" in err.getvalue()  # the progress bar
    assert Resource.objects.count() == 0
    path.write_text(csv_text(rows=20, bad=False))
    call_command(
        "import-resources", str(path), "--publish", user="librarian", stdout=out, stderr=err
    )
    assert Resource.objects.filter(status="published").count() == 20


def test_only_curators_import(plain_user: User) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        importers.import_file(plain_user, "x.csv", b"title,type,language\n")


def test_undp_pages_import(librarian: Any, shared_data_dir: Path, tmp_path: Path) -> None:
    folder = shared_data_dir / "undp-acclab-informal" / "pages"
    sample = tmp_path / "pages"
    sample.mkdir()
    for name in ("Explorers_GHA.md", "blog_circularity_informality_redefining_narratives.md"):
        shutil.copy(folder / name, sample / name)
    rows = undp.rows_from_directory(sample)
    report = importers.import_rows(librarian, rows, publish=True)
    assert len(report.created) == 2
    blog = Resource.objects.get(title="Circularity & Informality: Redefining Narratives")
    assert blog.type == "publication" and blog.year == 2024 and blog.source == undp.SOURCE
    assert blog.source_url.startswith("https://www.undp.org/")
    assert "[[" not in blog.full_text and "WHITE PAPER" in blog.full_text
    story = Resource.objects.get(source=undp.SOURCE, countries=["GH"])
    assert story.abstract.startswith("Seth Akumani")
    assert "Skip to main content" not in story.full_text


def test_undp_boilerplate_is_stripped() -> None:
    body = (
        "Skip to main content\nEthiopia\nWHO WE ARE\nCelebrating waste\nThe text.\n"
        "Second paragraph.\nSTORIES\nBattling against the odds\nREAD MORE\n"
        "United Nations\nDevelopment Programme\nWHO WE ARE\n"
    )
    assert undp.strip_boilerplate(body, "Celebrating waste") == "The text.\nSecond paragraph."


def test_admin_import(client: Any, librarian: Any, lima: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(librarian)
    assert client.get("/admin/library/resource/").status_code == 200
    bad = SimpleUploadedFile("batch.csv", csv_text(rows=20).encode())
    response = client.post("/admin/library/resource/import/", {"file": bad})
    assert response.status_code == 400 and "line 18: rejected" in response.content.decode()
    good = SimpleUploadedFile("batch.csv", csv_text(rows=20, bad=False).encode())
    response = client.post("/admin/library/resource/import/", {"file": good, "publish": "on"})
    assert "20 created" in response.content.decode()
    assert Resource.objects.filter(status="published").count() == 20
