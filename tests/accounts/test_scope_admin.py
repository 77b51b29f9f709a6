"""Granting and revoking scopes: through ``plaza.accounts.scopes`` only, every record checked,
every step in the history with who did it (the user's admin page, as staff use it)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from plaza.accounts.models import Scope, User
from plaza.accounts.roles import Role
from plaza.accounts.scopes import grant_scope, revoke_scope, scope_choice, scoped_ids
from plaza.cities.models import City
from plaza.library.models import Resource
from tests.accounts.factories import make_user, user_with_role
from tests.admin_pages import form_data
from tests.cities.factories import CityFactory
from tests.library.factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator() -> User:
    return user_with_role(Role.CITY_COORDINATOR, username="new-coordinator")


def _url(user: User) -> str:
    return f"/admin/accounts/user/{user.pk}/change/"


def _add_scope(client: Client, user: User, value: str) -> tuple[int, str]:
    """Post the user's page with one more scope row choosing ``value``."""
    data = form_data(client, _url(user))
    data.pop("csrfmiddlewaretoken", None)
    n = int(data["scopes-TOTAL_FORMS"])
    data["scopes-TOTAL_FORMS"] = str(n + 1)
    data[f"scopes-{n}-record"] = value
    data[f"scopes-{n}-user"] = str(user.pk)
    response = client.post(_url(user), data)
    return response.status_code, response.content.decode()


def test_staff_grant_and_revoke_on_the_users_page_with_history(
    admin_client: Client, admin_user: User, coordinator: User
) -> None:
    lima = CityFactory.create(slug="lima", name="Lima")
    status, _page = _add_scope(admin_client, coordinator, scope_choice(lima))
    assert status == 302
    assert scoped_ids(User.objects.get(pk=coordinator.pk), City) == {lima.pk}
    granted = Scope.history.get(user_id=coordinator.pk, history_type="+")
    assert granted.history_user == admin_user

    # Revoked with the row's "delete" box; the history keeps both steps and who took them.
    data = form_data(admin_client, _url(coordinator))
    data.pop("csrfmiddlewaretoken", None)
    data["scopes-0-DELETE"] = "on"
    assert admin_client.post(_url(coordinator), data).status_code == 302
    assert not Scope.objects.filter(user=coordinator).exists()
    revoked = Scope.history.get(user_id=coordinator.pk, history_type="-")
    assert revoked.history_user == admin_user
    page = admin_client.get(_url(coordinator)).content.decode()
    assert "History of scopes" in page
    assert page.count("Lima") >= 2 and "revoked" in page  # both steps, naming the city


def test_a_new_user_is_added_with_a_scope(admin_client: Client) -> None:
    lima = CityFactory.create(slug="lima", name="Lima")
    data = form_data(admin_client, "/admin/accounts/user/add/")
    data.pop("csrfmiddlewaretoken", None)
    assert "scope_history-TOTAL_FORMS" in data  # the history's own (read-only) formset
    password = "a-long-enough-pass-phrase-42"
    data.update({"username": "new-coordinator", "password1": password, "password2": password})
    data.update({"scopes-TOTAL_FORMS": "1", "scopes-0-record": scope_choice(lima)})
    assert admin_client.post("/admin/accounts/user/add/", data).status_code == 302
    user = User.objects.get(username="new-coordinator")
    assert scoped_ids(user, City) == {lima.pk}


@pytest.mark.parametrize(
    "value",
    ["cities.city:999999", "library.resource:{resource}", "auth.permission:1", "lima"],
)
def test_a_record_that_is_not_a_city_or_organisation_is_refused(
    admin_client: Client, coordinator: User, value: str
) -> None:
    resource: Resource = ResourceFactory.create()
    status, page = _add_scope(admin_client, coordinator, value.format(resource=resource.pk))
    assert status == 200  # the form again, with the reason
    assert "errorlist" in page
    assert not Scope.objects.filter(user=coordinator).exists()
    assert not Scope.history.filter(user_id=coordinator.pk).exists()


def test_a_scope_granted_twice_is_refused_with_its_name(
    admin_client: Client, coordinator: User
) -> None:
    lima = CityFactory.create(slug="lima", name="Lima")
    grant_scope(coordinator, lima)
    status, page = _add_scope(admin_client, coordinator, scope_choice(lima))
    assert status == 200
    assert "“Lima” is already in the list." in page
    assert Scope.objects.filter(user=coordinator).count() == 1


def test_the_service_checks_kind_record_and_actor(coordinator: User) -> None:
    lima = CityFactory.create(slug="lima", name="Lima")
    with pytest.raises(ValidationError):
        grant_scope(coordinator, ResourceFactory.create())
    with pytest.raises(ValidationError):
        grant_scope(coordinator, City(pk=999_999, slug="nowhere"))
    clerk = make_user(username="clerk", is_staff=True)
    with pytest.raises(PermissionDenied):
        grant_scope(coordinator, lima, by=clerk)
    clerk.user_permissions.add(Permission.objects.get(codename="add_scope"))
    clerk = User.objects.get(pk=clerk.pk)
    scope = grant_scope(coordinator, lima, by=clerk)
    assert grant_scope(coordinator, lima, by=clerk) == scope  # twice: nothing new
    assert Scope.history.filter(user_id=coordinator.pk).count() == 1
    with pytest.raises(PermissionDenied):
        revoke_scope(scope, by=clerk)
    assert Scope.objects.filter(pk=scope.pk).exists()
