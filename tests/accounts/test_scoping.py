"""Role scoping: a coordinator of Lima cannot read or change Accra's private records."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from plaza.accounts.models import Scope, User
from plaza.accounts.roles import Role
from plaza.accounts.scopes import grant_scope, revoke_scope, scoped_ids
from plaza.cities import services
from plaza.cities.models import City, CityNote
from tests.accounts.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def accra_note(accra: City, accra_coordinator: Any) -> CityNote:
    return services.add_city_note(accra_coordinator, accra, "Meeting with AMA on Makola relocation")


def test_coordinator_reads_and_writes_own_city(
    client: Client, lima: City, lima_coordinator: Any
) -> None:
    client.force_login(lima_coordinator)
    response = client.post("/en/cities/lima/", {"text": "Agenda for the next dialogue"})
    assert response.status_code == 302
    assert lima.notes.get().text == "Agenda for the next dialogue"
    page = client.get("/en/cities/lima/").content.decode()
    assert "Agenda for the next dialogue" in page


def test_coordinator_of_lima_cannot_read_accra_private_records(
    client: Client, accra_note: CityNote, lima_coordinator: Any
) -> None:
    assert not lima_coordinator.has_perm("cities.view_citynote", accra_note.city)
    client.force_login(lima_coordinator)
    page = client.get("/en/cities/accra/").content.decode()
    assert "Makola relocation" not in page
    assert "Coordination notes" not in page


def test_coordinator_of_lima_cannot_change_accra(
    client: Client, accra_note: CityNote, lima_coordinator: Any
) -> None:
    client.force_login(lima_coordinator)
    response = client.post("/en/cities/accra/", {"text": "sneaky"})
    assert response.status_code == 403
    assert list(CityNote.objects.values_list("text", flat=True)) == [accra_note.text]
    with pytest.raises(PermissionDenied):
        services.add_city_note(lima_coordinator, accra_note.city, "sneaky")


def test_public_and_other_roles_see_no_private_records(
    client: Client, accra_note: CityNote, plain_user: User, librarian: Any
) -> None:
    for user in (None, plain_user, librarian):
        if user is not None:
            client.force_login(user)
        page = client.get("/en/cities/accra/").content.decode()
        assert "Makola relocation" not in page
        assert client.post("/en/cities/accra/", {"text": "x"}).status_code in (302, 403)
        assert CityNote.objects.count() == 1


def test_staff_see_every_city(client: Client, accra_note: CityNote, staff_user: User) -> None:
    client.force_login(staff_user)
    assert "Makola relocation" in client.get("/en/cities/accra/").content.decode()
    assert staff_user.has_perm("cities.change_city", accra_note.city)


def test_scope_grant_and_revoke(lima: City, accra: City) -> None:
    user = user_with_role(Role.CITY_COORDINATOR, username="two-cities", scopes=[lima, accra])
    assert scoped_ids(user, City) == {lima.pk, accra.pk}
    revoke_scope(Scope.objects.get(user=user, object_id=accra.pk))  # as the user admin page does
    user = type(user).objects.get(pk=user.pk)
    assert scoped_ids(user, City) == {lima.pk}
    assert user.has_perm("cities.change_city", lima)
    assert not user.has_perm("cities.change_city", accra)
    grant_scope(user, accra)
    assert user.has_perm("cities.change_city", accra)


def test_inactive_coordinator_loses_access(lima: City, lima_coordinator: Any) -> None:
    lima_coordinator.is_active = False
    lima_coordinator.save()
    assert not lima_coordinator.has_perm("cities.change_city", lima)


def test_empty_note_is_refused_with_a_message(
    client: Client, lima: City, lima_coordinator: Any
) -> None:
    client.force_login(lima_coordinator)
    response = client.post("/en/cities/lima/", {"text": "   "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not CityNote.objects.exists()
