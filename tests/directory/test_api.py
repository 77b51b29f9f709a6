"""The directory API under the same permission matrix as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from plaza.accounts.models import User
from plaza.directory.models import ErasureLog, MembershipFigure, Person
from tests.directory.test_pages import MATRIX, PHONES, client_for

pytestmark = pytest.mark.django_db
API = "/api/directory"


@pytest.mark.parametrize("who", MATRIX)
def test_people_and_contact_details_by_permission(who: str, world: Any, request: Any) -> None:
    client = client_for(who, world, request)
    sees_a, sees_b = MATRIX[who]
    for person, expected, phone in (
        (world.hidden_a, sees_a, "+51 999 111 222"),
        (world.hidden_b, sees_b, "+233 20 555 6666"),
    ):
        response = client.get(f"{API}/people/{person.pk}")
        assert response.status_code == (200 if expected else 404)
        if expected:
            assert response.json()["phone"] == phone
    listed = client.get(f"{API}/people/{world.listed_a.pk}").json()
    assert listed["name"] == "Carmen Listed"
    assert (listed["phone"] == "+51 999 333 444") is sees_a
    if not sees_a:
        assert listed["phone"] is None and listed["consents"] is None and listed["gender"] is None

    detail_a = client.get(f"{API}/organizations/{world.org_a.slug}").json()
    names = {p["person_name"] for p in detail_a["people"]}
    assert "Carmen Listed" in names and ("Rosa Hidden" in names) is sees_a

    people = client.get(f"{API}/people")
    if who == "anonymous":
        assert people.status_code == 401
    else:
        found = {p["name"] for p in people.json()["items"]}
        assert ("Rosa Hidden" in found) is sees_a and ("Ama Hidden" in found) is sees_b


def test_the_public_never_sees_contact_details_in_the_api(world: Any, client: Client) -> None:
    bodies = [
        client.get(f"{API}/organizations").content.decode(),
        client.get(f"{API}/organizations/{world.org_a.slug}").content.decode(),
        client.get(f"{API}/organizations/{world.org_b.slug}").content.decode(),
        client.get(f"{API}/people/{world.listed_a.pk}").content.decode(),
    ]
    for body in bodies:
        assert not any(value in body for value in PHONES)
    assert client.get(f"{API}/people/{world.hidden_a.pk}/export").status_code == 401


def test_organisations_filters_and_figures(world: Any, client: Client) -> None:
    data = client.get(f"{API}/organizations", {"city": "accra"}).json()
    assert [o["slug"] for o in data["items"]] == ["traders-accra"]
    assert data["items"][0]["cities"] == ["accra"]
    figures = client.get(f"{API}/organizations/{world.org_a.slug}/membership-figures").json()
    assert figures[0]["total"] == 100


def test_recording_figures_follows_permissions(
    world: Any, lima_coordinator: Any, accra_coordinator: Any
) -> None:
    payload = json.dumps({"date": "2025-03-01", "total": 140, "women": 90, "men": 50})
    url = f"{API}/organizations/{world.org_a.slug}/membership-figures"
    assert Client().post(url, payload, content_type="application/json").status_code == 401
    client = Client()
    client.force_login(accra_coordinator)
    assert client.post(url, payload, content_type="application/json").status_code == 403
    client.force_login(lima_coordinator)
    assert client.post(url, payload, content_type="application/json").status_code == 201
    assert MembershipFigure.objects.filter(organization=world.org_a, total=140).exists()
    bad = json.dumps({"date": "2025-04-01", "total": 10, "women": 90})
    response = client.post(url, bad, content_type="application/json")
    assert response.status_code == 400 and "total" in response.json()["errors"]


def test_export_and_erase_are_staff_only(
    world: Any, staff_user: User, lima_coordinator: Any
) -> None:
    pk = world.hidden_a.pk
    client = Client()
    client.force_login(lima_coordinator)
    assert client.get(f"{API}/people/{pk}/export").status_code == 403
    erase = json.dumps({"reason": "asked"})
    assert (
        client.post(f"{API}/people/{pk}/erase", erase, content_type="application/json").status_code
        == 403
    )
    client.force_login(staff_user)
    export = client.get(f"{API}/people/{pk}/export").json()
    assert export["person"]["email"] == "rosa@example.pe"
    empty = json.dumps({"reason": " "})
    assert (
        client.post(f"{API}/people/{pk}/erase", empty, content_type="application/json").status_code
        == 400
    )
    response = client.post(f"{API}/people/{pk}/erase", erase, content_type="application/json")
    assert response.status_code == 200 and response.json()["reason"] == "asked"
    assert ErasureLog.objects.filter(person_id=pk).count() == 1
    assert client.get(f"{API}/people/{pk}").json()["phone"] is None


def test_openapi_describes_the_directory(client: Client, db: Any) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert f"{API}/people/{{pk}}/erase" in paths
    assert f"{API}/organizations" in paths


def _post(client: Client, url: str, data: dict[str, Any], method: str = "post") -> Any:
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_writes_follow_the_page_permissions(
    world: Any, lima_coordinator: Any, accra_coordinator: Any
) -> None:
    new_org = {"name": "Recicladores del Rímac", "kind": "mbo", "cities": ["lima"]}
    assert _post(Client(), f"{API}/organizations", new_org).status_code == 401
    lima, accra = Client(), Client()
    lima.force_login(lima_coordinator)
    accra.force_login(accra_coordinator)
    assert _post(accra, f"{API}/organizations", new_org).status_code == 400  # not their city
    bad = _post(lima, f"{API}/organizations", {**new_org, "sectors": ["astronauts"]})
    assert bad.status_code == 400 and "sectors" in bad.json()["errors"]
    created = _post(lima, f"{API}/organizations", new_org)
    assert created.status_code == 201 and created.json()["cities"] == ["lima"]

    person = {
        "name": "Teresa Quispe",
        "title": "president",
        "phone": "+51 900 1",
        "consent_scopes": ["contact-by-staff"],
        "consent_method": "written-form",
        "consent_date": "2025-02-01",
    }
    url = f"{API}/organizations/{world.org_a.slug}/people"
    assert _post(accra, url, person).status_code == 403
    no_consent = _post(lima, url, {**person, "consent_scopes": []})
    assert no_consent.status_code == 400 and "consent_scopes" in no_consent.json()["errors"]
    response = _post(lima, url, person)
    assert response.status_code == 201 and response.json()["phone"] == "+51 900 1"
    pk = response.json()["id"]

    assert _post(accra, f"{API}/people/{pk}", {"phone": "x"}, "patch").status_code == 404
    changed = _post(lima, f"{API}/people/{pk}", {"phone": "+51 900 2"}, "patch")
    assert changed.status_code == 200 and changed.json()["phone"] == "+51 900 2"
    consent = {"scopes": ["listed-publicly"], "method": "email", "given_on": "2025-03-01"}
    listed = _post(lima, f"{API}/people/{pk}/consents", consent)
    assert listed.status_code == 201
    assert Client().get(f"{API}/people/{pk}").json()["name"] == "Teresa Quispe"  # now public
    consent_pk = next(
        c for c in Person.objects.get(pk=pk).consents.all() if c.scope == "listed-publicly"
    ).pk
    assert _post(lima, f"{API}/people/{pk}/consents/{consent_pk}/withdraw", {}).status_code == 200
    assert Client().get(f"{API}/people/{pk}").status_code == 404

    rel = {"kind": "member-of", "related_organization": world.org_b.slug}
    assert (
        _post(accra, f"{API}/organizations/{world.org_a.slug}/relationships", rel).status_code
        == 403
    )
    made = _post(lima, f"{API}/organizations/{world.org_a.slug}/relationships", rel)
    assert made.status_code == 201 and made.json()["related_organization"] == "traders-accra"


def test_session_writes_need_the_csrf_token(world: Any, staff_user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    response = _post(client, f"{API}/people/{world.hidden_a.pk}/erase", {"reason": "x"})
    assert response.status_code == 403
    assert not ErasureLog.objects.exists()
