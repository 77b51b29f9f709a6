"""Hostile input, on SQLite and PostgreSQL: control characters, NUL bytes, out-of-range
numbers, nulls, and what a user may not see. Never a 500; the one error shape in the API."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from typing import Any

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from openpyxl import load_workbook

from plaza.accounts.roles import Role
from plaza.core.errors import NON_FIELD, add_form_errors
from plaza.core.tables import to_csv, to_xlsx
from plaza.directory.forms import OrganizationFilterForm
from plaza.directory.models import Organization
from plaza.library import services
from plaza.library.models import Creator, Resource
from plaza.library.oai import oai_identifier
from tests.accounts.factories import user_with_role
from tests.directory.factories import OrganizationFactory
from tests.library.factories import resource_with_creators

pytestmark = pytest.mark.django_db

VT = "\x0b"  # vertical tab: legal in a Python string, illegal in XML 1.0


def _json(client: Client, method: str, url: str, data: Any) -> Any:
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


# --- 13.6 control characters ---------------------------------------------------------


def test_xml_and_xlsx_writers_drop_control_characters_already_stored(client: Client) -> None:
    resource = resource_with_creators(("Chen", "Martha"), title="Street vendors")
    # Stored before the boundary cleaned input (an old row): written straight to the table.
    Creator.objects.filter(resource=resource).update(family_name=f"Ch{VT}en")
    # (\x01, not NUL: PostgreSQL cannot store NUL at all; NUL is refused at the door instead.)
    Resource.objects.filter(pk=resource.pk).update(abstract=f"Markets{VT}\x01 and streets")
    org: Organization = OrganizationFactory.create(name="Traders")
    Organization.objects.filter(pk=org.pk).update(name=f"Market{VT}traders")

    feed = client.get("/feeds/library.atom")
    assert feed.status_code == 200
    parsed = feedparser.parse(feed.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.entries[0].author == "Martha Chen"

    record = client.get(
        "/oai",
        {
            "verb": "GetRecord",
            "identifier": oai_identifier(resource.pk),
            "metadataPrefix": "oai_dc",
        },
    )
    assert record.status_code == 200
    root = ET.fromstring(record.content)  # noqa: S314 - ours; raises unless well-formed
    creators = [e.text for e in root.iter("{http://purl.org/dc/elements/1.1/}creator")]
    assert creators == ["Chen, Martha"]

    sheet = client.get("/en/directory/organisations/export.xlsx")
    assert sheet.status_code == 200
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.values)
    assert ("Markettraders" in rows[1]) or any(v == "Markettraders" for v in rows[1])


def test_control_characters_are_cleaned_at_the_boundary(librarian: Any) -> None:
    client = Client()
    client.force_login(librarian)
    created = _json(
        client,
        "post",
        "/api/library/resources",
        {
            "title": f"Waste{VT}pickers",
            "type": "working-paper",
            "language": "en",
            "creators": [{"family_name": f"Dias{VT}", "given_names": "Sonia"}],
        },
    )
    assert created.status_code == 201, created.content
    resource = Resource.objects.get(pk=created.json()["id"])
    assert resource.title == "Wastepickers"
    assert resource.creators.get().family_name == "Dias"
    org: Organization = OrganizationFactory.create(name=f"Home{VT}workers")
    org.refresh_from_db()
    assert org.name == "Homeworkers"


def test_table_writer_neutralises_formulas_and_control_characters() -> None:
    text = to_csv(["name", "phone"], [["=HYPERLINK(1)", "+233 20"], ["-x", "12"]])
    assert text.decode("utf-8-sig").splitlines()[1:] == ["'=HYPERLINK(1),+233 20", "'-x,12"]
    sheet = load_workbook(io.BytesIO(to_xlsx("t", ["name"], [[f"a{VT}b"]]))).active
    assert sheet is not None and sheet["A2"].value == "ab"


# --- 13.7 NUL bytes -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/en/library/?q=a%00b",
        "/en/library/?type=a%00b",
        "/en/search/?q=x&type=a%00b",
        "/api/library/resources?q=a%00b",
        "/api/directory/organizations?q=a%00b",
        "/api/search/suggest?q=a%00b",
        "/api/search?q=a%00b",
        "/en/directory/organisations/?q=a%00b",
        "/en/library/a%00b/",
    ],
)
def test_nul_in_a_get_is_a_400(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (400, 404)
    if url.startswith("/api/") and response.status_code == 400:
        assert set(response.json()) == {"detail", "errors"}


def test_nul_in_a_write_is_a_400_and_writes_nothing(librarian: Any) -> None:
    resource = resource_with_creators(("Chen", "Martha"), title="Street vendors")
    anonymous = Client()
    inquiry = _json(
        anonymous,
        "post",
        "/api/inquiries/",
        {
            "name": "Kofi\u0000",
            "email": "kofi@example.org",
            "organisation_kind": "media",
            "request_kinds": ["media"],
            "text": "A documentary",
            "language": "en",
        },
    )
    assert inquiry.status_code == 400
    assert inquiry.json()["errors"] == {"body": [inquiry.json()["detail"]]}
    client = Client()
    client.force_login(librarian)
    patch = _json(client, "patch", f"/api/library/resources/{resource.pk}", {"title": "a\u0000"})
    assert patch.status_code == 400
    resource.refresh_from_db()
    assert resource.title == "Street vendors"
    form = client.post("/en/partnering/", {"name": "x\x00", "email": "a@example.org"})
    assert form.status_code == 400


# --- 13.11 numbers out of range and nulls -------------------------------------------------


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/directory/organizations?limit=9223372036854775808", "limit"),
        ("/api/directory/organizations?offset=9223372036854775808", "offset"),
        ("/api/directory/organizations?offset=-1", "offset"),
        ("/api/statistics/observations?limit=9223372036854775807", "limit"),
        ("/api/library/resources?page=99999999999999999999", "page"),
        ("/api/library/resources/99999999999999999999", "pk"),
        ("/api/cities/activities/0", "pk"),
        ("/api/library/citations?ids=99999999999999999999", "ids"),
        ("/api/search/suggest?q=a&limit=100000", "limit"),
    ],
)
def test_out_of_range_numbers_are_a_400_naming_the_parameter(
    client: Client, url: str, field: str
) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


def test_staff_lists_with_huge_numbers_are_a_400() -> None:
    staff = user_with_role(Role.NETWORK_STAFF, username="staff-range")
    client = Client()
    client.force_login(staff)
    for url in (
        "/api/directory/people?limit=9223372036854775808",
        "/api/directory/people?offset=-1",
        "/api/inquiries/?offset=9223372036854775808",
        "/api/inquiries/?limit=0",
        "/api/directory/people/99999999999999999999",
    ):
        response = client.get(url)
        assert response.status_code == 400, (url, response.content)
        assert response.json()["errors"], url


def test_patch_with_null_for_a_required_text_is_a_400(librarian: Any) -> None:
    resource = resource_with_creators(("Chen", "Martha"), abstract="Kept")
    client = Client()
    client.force_login(librarian)
    response = _json(client, "patch", f"/api/library/resources/{resource.pk}", {"abstract": None})
    assert response.status_code == 400
    assert "abstract" in response.json()["errors"]
    resource.refresh_from_db()
    assert resource.abstract == "Kept"
    cleared = _json(client, "patch", f"/api/library/resources/{resource.pk}", {"year": None})
    assert cleared.status_code == 200 and cleared.json()["year"] is None


# --- 12.3 one error contract ---------------------------------------------------------------


def test_every_api_error_has_the_one_shape(librarian: Any, lima: Any) -> None:
    anonymous = Client()
    not_logged_in = _json(anonymous, "post", "/api/library/resources", {})
    assert not_logged_in.status_code in (401, 403)
    assert set(not_logged_in.json()) == {"detail", "errors"}
    missing = anonymous.get("/api/library/resources/12345")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not found.", "errors": {}}
    client = Client()
    client.force_login(librarian)
    # A service's field error (library), a schema error (cities), a non-field error.
    bad_type = _json(
        client,
        "post",
        "/api/library/resources",
        {"title": "T", "type": "nonsense", "language": "en"},
    )
    assert bad_type.status_code == 400
    assert list(bad_type.json()["errors"]) == ["type"]
    assert bad_type.json()["detail"].startswith("type: ")
    schema_error = _json(client, "post", f"/api/cities/{lima.slug}/activities", {"kind": 5})
    assert schema_error.status_code == 400
    assert {"kind", "title"} <= set(schema_error.json()["errors"])
    forbidden = _json(
        client, "post", f"/api/cities/{lima.slug}/activities", {"kind": "campaign", "title": "T"}
    )
    assert forbidden.status_code == 403 and forbidden.json()["errors"] == {}


def test_the_rate_limit_is_a_429_with_retry_after(client: Client, settings: Any) -> None:
    settings.PLAZA_INQUIRY_RATE_LIMIT_PER_HOUR = 1
    body = {
        "name": "Kofi",
        "email": "kofi@example.org",
        "organisation_kind": "media",
        "request_kinds": ["media"],
        "text": "A radio documentary on street vendors.",
        "language": "en",
    }
    assert _json(client, "post", "/api/inquiries/", body).status_code == 201
    limited = _json(client, "post", "/api/inquiries/", body)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert set(limited.json()) == {"detail", "errors"}


def test_the_openapi_document_lists_the_error_answers(client: Client) -> None:
    spec = client.get("/api/openapi.json").json()
    patch = spec["paths"]["/api/library/resources/{pk}"]["patch"]["responses"]
    assert {"200", "400", "401", "403", "404", "413"} <= set(patch)
    assert patch["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }
    assert "429" in spec["paths"]["/api/inquiries/"]["post"]["responses"]
    cite = spec["paths"]["/api/library/resources/{pk}/citation"]["get"]["responses"]
    assert {"application/x-bibtex", "application/x-research-info-systems", "text/plain"} <= set(
        cite["200"]["content"]
    )
    assert "410" in cite


def test_service_errors_go_on_the_form() -> None:
    form = OrganizationFilterForm({"q": "x"})
    form.is_valid()
    add_form_errors(form, ValidationError({"q": "Too short.", "owner": "Unknown."}))
    add_form_errors(form, ValidationError("Busy."))
    assert form.errors["q"] == ["Too short."]
    assert form.errors[NON_FIELD] == ["owner: Unknown.", "Busy."]


# --- 13.12 what a user may not see ----------------------------------------------------------


def test_a_withdrawn_private_resource_is_a_404_for_those_who_could_not_see_it(
    client: Client, librarian: Any
) -> None:
    private = resource_with_creators(
        ("Chen", "Martha"), title="Zebracorn study", visibility="private"
    )
    services.withdraw_resource(librarian, private, "Confidential reason")
    response = client.get(private.get_absolute_url())
    assert response.status_code == 404
    assert b"Zebracorn" not in response.content and b"Confidential" not in response.content
    public = resource_with_creators(("Chen", "Martha"), title="Open study")
    services.withdraw_resource(librarian, public, "Replaced")
    assert client.get(public.get_absolute_url()).status_code == 410
    curator = Client()
    curator.force_login(librarian)
    assert curator.get(private.get_absolute_url()).status_code in (200, 301)


def test_public_json_ld_never_links_a_private_translation(client: Client) -> None:
    original = resource_with_creators(("Roever", "Sally"), title="Street vendors")
    resource_with_creators(
        ("Roever", "Sally"),
        title="Vendedores secretos",
        language="es",
        edition_of=original,
        visibility="private",
    )
    page = client.get(original.get_absolute_url()).content.decode()
    assert "vendedores-secretos" not in page and "Vendedores secretos" not in page


def test_oai_never_lists_private_or_members_only_records(client: Client, librarian: Any) -> None:
    public = resource_with_creators(("Chen", "Martha"), title="Open")
    hidden = [
        resource_with_creators(("Chen", "Martha"), title="Members", visibility="members"),
        resource_with_creators(("Chen", "Martha"), title="Private", visibility="private"),
    ]
    services.withdraw_resource(librarian, hidden[1], "Gone")
    listing = client.get("/oai", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    root = ET.fromstring(listing.content)  # noqa: S314 - our own output
    ids = [e.text for e in root.iter("{http://www.openarchives.org/OAI/2.0/}identifier")]
    assert ids == [oai_identifier(public.pk)]
    for resource in hidden:
        record = client.get(
            "/oai",
            {
                "verb": "GetRecord",
                "identifier": oai_identifier(resource.pk),
                "metadataPrefix": "oai_dc",
            },
        )
        assert b"idDoesNotExist" in record.content
