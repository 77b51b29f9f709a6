"""Directory pages under the permission matrix; the public never sees contact details."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plaza.accounts.models import User
from plaza.directory.models import ErasureLog, MembershipFigure, Person

pytestmark = pytest.mark.django_db

# who -> sees A's private people (Lima), sees B's private people (Accra)
MATRIX = {
    "anonymous": (False, False),
    "plain_user": (False, False),
    "rep_a": (True, False),
    "rep_b": (False, True),
    "lima_coordinator": (True, False),
    "accra_coordinator": (False, True),
    "staff_user": (True, True),
}
PHONES = ("+51 999 111 222", "+51 999 333 444", "+233 20 555 6666", "rosa@example.pe")


def client_for(who: str, world: Any, request: Any) -> Client:
    client = Client()
    if who != "anonymous":
        user = getattr(world, who) if who.startswith("rep_") else request.getfixturevalue(who)
        client.force_login(user)
    return client


def _text(response: Any) -> str:
    return str(response.content.decode())


@pytest.mark.parametrize("who", MATRIX)
def test_organisation_pages_show_people_per_permission(who: str, world: Any, request: Any) -> None:
    client = client_for(who, world, request)
    sees_a, sees_b = MATRIX[who]
    page_a = _text(client.get(world.org_a.get_absolute_url()))
    page_b = _text(client.get(world.org_b.get_absolute_url()))
    assert "Carmen Listed" in page_a  # consented to public listing
    assert ("Rosa Hidden" in page_a) is sees_a
    assert ("Ama Hidden" in page_b) is sees_b
    for page in (page_a, page_b):  # contact details are never on organisation pages
        assert not any(value in page for value in PHONES)


@pytest.mark.parametrize("who", MATRIX)
def test_person_pages_and_contact_details(who: str, world: Any, request: Any) -> None:
    client = client_for(who, world, request)
    sees_a, sees_b = MATRIX[who]
    for person, expected, phone in (
        (world.hidden_a, sees_a, "+51 999 111 222"),
        (world.hidden_b, sees_b, "+233 20 555 6666"),
    ):
        response = client.get(person.get_absolute_url())
        assert response.status_code == (200 if expected else 404)
        assert (phone in _text(response)) is expected
    listed = client.get(world.listed_a.get_absolute_url())
    assert listed.status_code == 200
    assert ("+51 999 333 444" in _text(listed)) is sees_a


@pytest.mark.parametrize("who", MATRIX)
def test_people_list_and_its_exports(who: str, world: Any, request: Any) -> None:
    client = client_for(who, world, request)
    sees_a, sees_b = MATRIX[who]
    for url in (
        reverse("directory:people"),
        reverse("directory:person_list_export", args=["csv"]),
    ):
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302
            continue
        body = response.content.decode("utf-8-sig")
        assert ("Rosa Hidden" in body) is sees_a
        assert ("Ama Hidden" in body) is sees_b
        if url.endswith(".csv"):
            assert ("+51 999 111 222" in body) is sees_a
            assert ("+233 20 555 6666" in body) is sees_b


def test_public_pages_never_show_contact_details(world: Any, client: Client) -> None:
    urls = [
        reverse("directory:organizations"),
        reverse("directory:networks"),
        reverse("directory:institutional_members"),
        reverse("directory:organization_export", args=["csv"]),
        world.org_a.get_absolute_url(),
        world.listed_a.get_absolute_url(),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        assert not any(value in body for value in PHONES), url
    for person in (world.hidden_a, world.hidden_b):
        assert client.get(person.get_absolute_url()).status_code == 404
        assert client.get(reverse("directory:person_export", args=[person.pk])).status_code == 302


def test_organisation_list_filters(world: Any, client: Client) -> None:
    url = reverse("directory:organizations")
    assert "Accra Traders" in _text(client.get(url))
    lima_only = _text(client.get(url, {"city": "lima"}))
    assert "Vendedores de Lima" in lima_only and "Accra Traders" not in lima_only
    assert "Accra Traders" not in _text(client.get(url, {"kind": "municipal-authority"}))
    assert client.get(url, {"kind": "no-such-kind"}).status_code == 400


def test_representative_adds_a_person_and_a_figure(world: Any) -> None:
    client = Client()
    client.force_login(world.rep_a)
    url = reverse("directory:person_create", args=[world.org_a.slug])
    response = client.post(url, {"name": "Lucía", "gender": "woman", "title": "secretary"})
    assert response.status_code == 400
    assert "consent_scopes" in response.context["form"].errors
    response = client.post(
        url,
        {
            "name": "Lucía",
            "gender": "woman",
            "title": "secretary",
            "phone": "+51 1 234",
            "consent_scopes": ["contact-by-staff"],
            "consent_method": "verbal-recorded",
            "consent_date": "2025-02-01",
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(name="Lucía").positions.get().organization == world.org_a
    assert (
        client.get(reverse("directory:person_create", args=[world.org_b.slug])).status_code == 403
    )
    figures = reverse("directory:membership_figure_create", args=[world.org_a.slug])
    bad = client.post(figures, {"date": "2025-01-01", "total": 5, "women": 9})
    assert bad.status_code == 400
    assert "total" in bad.context["form"].errors
    assert client.post(figures, {"date": "2025-01-01", "total": 50, "women": 30}).status_code == 302
    assert MembershipFigure.objects.filter(organization=world.org_a, total=50).exists()


def test_staff_export_and_erase_pages(world: Any, staff_user: User, lima_coordinator: Any) -> None:
    coordinator = Client()
    coordinator.force_login(lima_coordinator)
    export_url = reverse("directory:person_export", args=[world.hidden_a.pk])
    erase_url = reverse("directory:person_erase", args=[world.hidden_a.pk])
    assert coordinator.get(export_url).status_code == 403
    assert coordinator.post(erase_url, {"reason": "x", "confirm": "on"}).status_code == 403

    staff = Client()
    staff.force_login(staff_user)
    export = staff.get(export_url)
    assert export["Content-Type"] == "application/json"
    assert export.json()["person"]["phone"] == "+51 999 111 222"
    assert staff.post(erase_url, {"reason": "asked"}).status_code == 400  # not confirmed
    response = staff.post(
        erase_url,
        {
            "reason": "Asked by phone",
            "requested_on": timezone.localdate().isoformat(),
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    log = ErasureLog.objects.get()
    assert log.erased_by == staff_user and log.reason == "Asked by phone"
    page = _text(staff.get(world.hidden_a.get_absolute_url()))
    assert "Rosa" not in page and "Erased person" in page


@pytest.mark.parametrize(
    ("language", "heading", "count"),
    [("es", "Organizaciones", "2 organizaciones"), ("th", "องค์กร", "2 องค์กร")],
)
def test_pages_speak_the_users_language(
    world: Any, client: Client, language: str, heading: str, count: str
) -> None:
    page = _text(client.get(f"/{language}/directory/"))
    assert f"<h1>{heading}</h1>" in page and count in page


def test_keeping_a_person_up_to_date(world: Any, plain_user: User) -> None:
    person = world.listed_a
    edit = reverse("directory:person_edit", args=[person.pk])
    consent = reverse("directory:consent_record", args=[person.pk])
    outsider = Client()
    outsider.force_login(plain_user)
    assert outsider.get(edit).status_code == 404
    rep_b = Client()
    rep_b.force_login(world.rep_b)
    assert rep_b.post(edit, {"name": "X", "gender": "man"}).status_code == 404

    client = Client()
    client.force_login(world.rep_a)
    response = client.post(edit, {"name": "Carmen Listed", "gender": "woman", "email": "bad"})
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    response = client.post(
        edit, {"name": "Carmen Listed", "gender": "woman", "phone": "+51 1 999", "notes": "ok"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.notes) == ("+51 1 999", "ok")

    response = client.post(
        consent, {"scopes": ["photos"], "method": "online-form", "given_on": "2025-01-05"}
    )
    assert response.status_code == 302
    assert "photos" in person.consent_scopes()

    listing = person.consents.get(scope="listed-publicly")
    withdraw = reverse("directory:consent_withdraw", args=[person.pk, listing.pk])
    assert client.get(withdraw).status_code == 405
    assert client.post(withdraw).status_code == 302
    assert Client().get(person.get_absolute_url()).status_code == 404  # no longer public
    assert "Carmen Listed" not in _text(Client().get(world.org_a.get_absolute_url()))


def test_coordinator_adds_and_edits_organisations_of_their_city(
    world: Any, lima_coordinator: Any, accra_coordinator: Any
) -> None:
    client = Client()
    client.force_login(lima_coordinator)
    add = reverse("directory:organization_create")
    data = {"name": "Recicladores Unidos", "kind": "mbo", "country": "PE", "languages": ["es"]}
    response = client.post(add, {**data, "cities": [world.accra.pk]})
    assert response.status_code == 400  # not their city
    assert client.post(add, {**data, "country": "XX"}).status_code == 400
    response = client.post(add, {**data, "cities": [world.lima.pk], "sectors": ["waste-pickers"]})
    assert response.status_code == 302
    org = world.org_a.__class__.objects.get(slug="recicladores-unidos")
    assert org.languages == ["es"] and [s.code for s in org.sectors.all()] == ["waste-pickers"]

    edit = reverse("directory:organization_edit", args=[world.org_a.slug])
    response = client.post(
        edit,
        {"name": "Vendedores de Lima", "kind": "mbo", "cities": [world.lima.pk], "founded": 1999},
    )
    assert response.status_code == 302
    world.org_a.refresh_from_db()
    assert world.org_a.founded == 1999
    other = Client()
    other.force_login(accra_coordinator)
    assert other.get(edit).status_code == 403
    assert Client().get(add).status_code == 302  # log in first


def test_representative_adds_a_relationship(world: Any) -> None:
    client = Client()
    client.force_login(world.rep_a)
    url = reverse("directory:relationship_create", args=[world.org_a.slug])
    same = {"kind": "member-of", "related_organization": world.org_a.pk}
    response = client.post(url, same)
    assert response.status_code == 400
    assert "related_organization" in response.context["form"].errors
    response = client.post(url, {"kind": "member-of", "related_organization": world.org_b.pk})
    assert response.status_code == 302
    assert "is a member of" in _text(client.get(world.org_b.get_absolute_url()))
    other = reverse("directory:relationship_create", args=[world.org_b.slug])
    assert client.get(other).status_code == 403


def test_erasure_log_page_is_staff_only(world: Any, staff_user: User) -> None:
    from plaza.directory import services

    services.erase_person(staff_user, world.hidden_a, reason="Asked in person at the market")
    url = reverse("directory:erasures")
    client = Client()
    client.force_login(world.rep_a)
    assert client.get(url).status_code == 403
    client.force_login(staff_user)
    page = _text(client.get(url))
    assert "Asked in person at the market" in page and "Rosa" not in page


def test_membership_chart_is_inline_svg_without_outside_requests(
    world: Any, client: Client
) -> None:
    from tests.directory.factories import MembershipFigureFactory

    MembershipFigureFactory(organization=world.org_a, date=datetime.date(2025, 1, 1), total=150)
    page = _text(client.get(world.org_a.get_absolute_url()))
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "Members over time" in svg and "2025" in svg
    assert "<script" not in svg and "kozea" not in svg and "src=" not in svg
    assert "<svg" not in _text(client.get(world.org_b.get_absolute_url()))  # no figures, no chart


def test_positions_added_and_ended_by_those_who_manage_both_sides(
    world: Any, lima_coordinator: Any
) -> None:
    from tests.directory.factories import OrganizationFactory

    federation: Any = OrganizationFactory(slug="fed-lima", name="Federación", cities=[world.lima])
    person = world.hidden_a
    client = Client()
    client.force_login(lima_coordinator)
    url = reverse("directory:position_create", args=[person.pk])
    response = client.post(url, {"organization": world.org_b.pk, "title": "member"})
    assert response.status_code == 400  # Accra's organisation is not offered to Lima
    response = client.post(url, {"organization": federation.pk, "title": "president"})
    assert response.status_code == 302
    position = person.positions.get(organization=federation)
    end = reverse("directory:position_end", args=[person.pk, position.pk])
    assert client.post(end).status_code == 302
    position.refresh_from_db()
    assert position.end == timezone.localdate()
    rep = Client()
    rep.force_login(world.rep_b)
    assert rep.post(end).status_code == 404


@pytest.mark.parametrize("who", MATRIX)
def test_only_those_working_with_a_person_change_it(who: str, world: Any, request: Any) -> None:
    client = client_for(who, world, request)
    sees_a, _sees_b = MATRIX[who]
    person = world.hidden_a
    data = {"name": "Rosa Changed", "gender": "woman"}
    response = client.post(reverse("directory:person_edit", args=[person.pk]), data)
    consent = reverse("directory:consent_record", args=[person.pk])
    figure = reverse("directory:membership_figure_create", args=[world.org_a.slug])
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == (302 if sees_a else 404)
        assert client.get(consent).status_code == (200 if sees_a else 404)
        assert client.get(figure).status_code == (200 if sees_a else 403)
    person.refresh_from_db()
    assert (person.name == "Rosa Changed") is (sees_a and who != "anonymous")
