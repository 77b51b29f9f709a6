"""CSV import (validated whole, applied whole or not at all) and CSV/XLSX exports."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from plaza.accounts.models import User
from plaza.directory.importers import import_directory
from plaza.directory.models import (
    MembershipFigure,
    Organization,
    OrganizationRelationship,
    Person,
)

pytestmark = pytest.mark.django_db

ORGS_OK = """slug,name,kind,cities,sectors,languages,founded,members_date,members_total,members_women,affiliated_to
recicla-lima,Recicladores de Lima,mbo,lima,waste-pickers,es,2005,2024-06-30,300,180,red-nacional
red-nacional,Red Nacional de Recicladores,regional-network,,waste-pickers,es,,,,,
"""
ORGS_BAD = """slug,name,kind,cities,founded,members_total,affiliated_to
good-one,Good One,mbo,lima,2001,,
,,mbo,,,,
bad-kind,Bad Kind,union,atlantis,20x,,
figures,Figures,mbo,,,50,nowhere
"""
PEOPLE_OK = """name,gender,phone,email,organization,position,start,consent_scopes,consent_date,consent_method
Juana Pérez,woman,+51 911 000 111,juana@example.pe,vendors-lima,president,2022-01-01,contact-by-staff;listed-publicly,2024-01-10,written-form
Kojo Mensah,man,,,traders-accra,treasurer,,contact-by-staff,2024-02-01,verbal-recorded
"""


def test_organisations_import_whole(world: Any, staff_user: User) -> None:
    report = import_directory(staff_user, ORGS_OK.encode())
    assert report.ok and report.applied, report.errors
    assert (report.kind, report.created) == ("organizations", 2)
    org = Organization.objects.get(slug="recicla-lima")
    assert [c.slug for c in org.cities.all()] == ["lima"]
    assert org.languages == ["es"] and org.founded == 2005
    figure = MembershipFigure.objects.get(organization=org)
    assert (figure.total, figure.women, figure.men) == (300, 180, None)
    assert OrganizationRelationship.objects.get(organization=org).related_organization.slug == (
        "red-nacional"
    )
    again = import_directory(staff_user, ORGS_OK.encode())  # re-import updates, duplicates nothing
    assert again.ok and (again.created, again.updated) == (0, 2)
    assert Organization.objects.filter(slug="recicla-lima").count() == 1


def test_a_bad_file_imports_nothing_and_names_every_bad_row(world: Any, staff_user: User) -> None:
    before = Organization.objects.count()
    report = import_directory(staff_user, ORGS_BAD.encode())
    assert not report.applied
    assert report.bad_rows == [3, 4, 5]
    problems = {(e.row, e.column) for e in report.errors}
    assert {(3, "name"), (4, "kind"), (4, "founded"), (5, "members_date")} <= problems
    assert (5, "affiliated_to") in problems or (4, "cities") in problems
    assert Organization.objects.count() == before
    assert not Organization.objects.filter(slug="good-one").exists()


def test_unknown_columns_and_encoding_are_reported(staff_user: User, db: Any) -> None:
    report = import_directory(staff_user, b"name,kind,colour\nX,mbo,red\n")
    assert [(e.row, e.column) for e in report.errors] == [(1, "colour")]
    report = import_directory(staff_user, "name,kind\nÉcole,mbo\n".encode("latin-1"))
    assert "UTF-8" in report.errors[0].message


def test_people_import_with_consent_and_duplicates_refused(world: Any, staff_user: User) -> None:
    report = import_directory(staff_user, PEOPLE_OK.encode())
    assert report.ok and report.kind == "people" and report.created == 2, report.errors
    juana = Person.objects.get(name="Juana Pérez")
    assert juana.consent_scopes() == {"contact-by-staff", "listed-publicly"}
    assert juana.positions.get().organization == world.org_a
    again = import_directory(staff_user, PEOPLE_OK.encode())
    assert again.bad_rows == [2, 3] and Person.objects.filter(name="Juana Pérez").count() == 1


def test_new_people_need_consent(world: Any, staff_user: User) -> None:
    csv = "name,organization,position\nNo Consent,vendors-lima,member\n"
    report = import_directory(staff_user, csv.encode())
    assert {e.column for e in report.errors} == {"consent_scopes", "consent_date", "consent_method"}
    assert not Person.objects.filter(name="No Consent").exists()


def test_import_is_staff_only_on_the_page(world: Any, staff_user: User) -> None:
    client = Client()
    client.force_login(world.rep_a)
    assert client.get(reverse("directory:import")).status_code == 403
    client.force_login(staff_user)
    upload = SimpleUploadedFile("orgs.csv", ORGS_BAD.encode(), content_type="text/csv")
    response = client.post(reverse("directory:import"), {"file": upload})
    assert response.status_code == 400
    assert "3 rows have problems" in response.content.decode()
    upload = SimpleUploadedFile("orgs.csv", ORGS_OK.encode(), content_type="text/csv")
    response = client.post(reverse("directory:import"), {"file": upload, "dry_run": "on"})
    assert response.status_code == 200 and not Organization.objects.filter(slug="recicla-lima")
    upload = SimpleUploadedFile("orgs.csv", ORGS_OK.encode(), content_type="text/csv")
    assert client.post(reverse("directory:import"), {"file": upload}).status_code == 200
    assert Organization.objects.filter(slug="recicla-lima").exists()


def test_command(world: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(ORGS_BAD)
    out = io.StringIO()
    with pytest.raises(CommandError, match="3 bad row"):
        call_command("import-directory", str(bad), stdout=out, stderr=io.StringIO())
    assert "row 4: kind:" in out.getvalue()
    good = tmp_path / "good.csv"
    good.write_text(ORGS_OK)
    call_command("import-directory", str(good), stdout=out, stderr=io.StringIO())
    assert "2 created" in out.getvalue()


def test_exports_round_trip_and_xlsx(world: Any, staff_user: User) -> None:
    client = Client()
    csv_body = client.get(reverse("directory:organization_export", args=["csv"]), {"city": "lima"})
    text = csv_body.content.decode("utf-8-sig")
    assert "vendors-lima" in text and "traders-accra" not in text
    assert import_directory(staff_user, text.encode()).ok  # the export imports back unchanged
    client.force_login(staff_user)
    xlsx = client.get(reverse("directory:person_list_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("person_id", "name", "gender")
    assert {r[1] for r in rows[1:]} == {"Rosa Hidden", "Carmen Listed", "Ama Hidden"}
    assert "+51 999 111 222" in {r[3] for r in rows[1:]}
    assert client.get(reverse("directory:organization_export", args=["pdf"])).status_code == 404


def test_rows_without_slug_use_the_name_and_update_on_reimport(
    world: Any, staff_user: User
) -> None:
    csv = "name,kind,member_of\nUnión de Cargadores,mbo,vendors-lima\nร้านค้าแผงลอย,mbo,\n"
    report = import_directory(staff_user, csv.encode())
    assert [(e.row, e.column) for e in report.errors] == [(3, "slug")]
    csv = "name,kind,member_of\nUnión de Cargadores,mbo,vendors-lima\n"
    assert import_directory(staff_user, csv.encode()).created == 1
    again = import_directory(staff_user, csv.encode())
    assert again.ok and (again.created, again.updated) == (0, 1)
    org = Organization.objects.get(slug="union-de-cargadores")
    assert OrganizationRelationship.objects.filter(organization=org).count() == 1


def test_people_twice_in_a_file_and_consent_updates(world: Any, staff_user: User) -> None:
    twice = PEOPLE_OK + PEOPLE_OK.splitlines()[1] + "\n"
    report = import_directory(staff_user, twice.encode())
    assert [(e.row, e.column) for e in report.errors] == [(4, "name")]
    assert not Person.objects.filter(name="Juana Pérez").exists()
    pk = world.hidden_a.pk
    update = f"person_id,organization,position,consent_scopes\n{pk},vendors-lima,leader,photos\n"
    report = import_directory(staff_user, update.encode())
    assert {e.column for e in report.errors} == {"consent_date", "consent_method"}
    update = (
        "person_id,organization,position,phone,consent_scopes,consent_date,consent_method\n"
        f"{pk},vendors-lima,leader,+51 1 000,photos,2025-01-01,email\n"
    )
    report = import_directory(staff_user, update.encode())
    assert report.ok and report.updated == 1
    world.hidden_a.refresh_from_db()
    assert world.hidden_a.phone == "+51 1 000" and "photos" in world.hidden_a.consent_scopes()
    assert world.hidden_a.positions.count() == 1  # same position: not added twice
