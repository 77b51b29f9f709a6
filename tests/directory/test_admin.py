"""The directory admin writes through plaza.directory.services: an organisation added or
corrected there is in its history and in search; a person is corrected through the service
(never added or deleted here); nothing is deleted around the services."""

from __future__ import annotations

import pytest
from django.test import Client

from plaza.accounts.models import User
from plaza.directory import services
from plaza.directory.models import Organization, Person
from plaza.search.models import SearchEntry
from tests.admin_pages import post_form
from tests.cities.factories import CityFactory
from tests.directory.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_an_organisation_added_and_corrected_in_the_admin_is_in_history_and_search(
    admin_client: Client, admin_user: User
) -> None:
    lima = CityFactory.create(slug="lima")
    response = post_form(
        admin_client,
        "/admin/directory/organization/add/",
        **{
            "name": "Waste Pickers of Lima",
            "slug": "waste-pickers-lima",
            "kind": "mbo",
            "country": "PE",
            "languages": '["es"]',
            "cities": [str(lima.pk)],
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    org = Organization.objects.get(slug="waste-pickers-lima")
    assert list(org.cities.all()) == [lima]
    assert {h.history_user for h in org.history.all()} == {admin_user}
    assert SearchEntry.objects.get(key=f"directory.organization:{org.pk}").title == org.name

    url = f"/admin/directory/organization/{org.pk}/change/"
    assert post_form(admin_client, url, name="Recicladores de Lima").status_code == 302
    org.refresh_from_db()
    assert org.name == "Recicladores de Lima" and org.slug == "waste-pickers-lima"
    assert org.history.latest().history_user == admin_user
    assert SearchEntry.objects.get(key=f"directory.organization:{org.pk}").title == org.name

    # Deleting would take its seats, positions and the work that names it: not offered.
    assert admin_client.post(f"/admin/directory/organization/{org.pk}/delete/").status_code == 403
    admin_client.post(
        "/admin/directory/organization/",
        {"action": "delete_selected", "_selected_action": [org.pk], "post": "yes"},
    )
    assert Organization.objects.filter(pk=org.pk).exists()


def test_a_person_is_corrected_through_the_service(admin_client: Client, admin_user: User) -> None:
    person: Person = PersonFactory.create(name="Ana Quispe")
    url = f"/admin/directory/person/{person.pk}/change/"
    assert post_form(admin_client, url, name="Ana María Quispe").status_code == 302
    person.refresh_from_db()
    assert person.name == "Ana María Quispe"
    assert person.history.latest().history_user == admin_user

    services.erase_person(admin_user, person, reason="asked to be forgotten")
    person.refresh_from_db()
    response = post_form(admin_client, url, name="Someone")
    assert response.status_code == 200  # the service refuses: shown on the form
    assert "erased on request" in response.content.decode()
    person.refresh_from_db()
    assert person.name != "Someone"
    assert admin_client.get("/admin/directory/person/add/").status_code == 403
    assert admin_client.post(f"/admin/directory/person/{person.pk}/delete/").status_code == 403
