"""The permission matrix on the rules themselves (pages and API are tested in their own files)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from plaza.accounts.models import User
from plaza.directory import selectors
from tests.directory.test_pages import MATRIX  # who -> sees A's / B's hidden people

pytestmark = pytest.mark.django_db


def _user(name: str, world: Any, request: Any) -> Any:
    if name == "anonymous":
        return AnonymousUser()
    if name in ("rep_a", "rep_b"):
        return getattr(world, name)
    return request.getfixturevalue(name)


@pytest.mark.parametrize("who", MATRIX)
def test_private_person_record_and_contact(who: str, world: Any, request: Any) -> None:
    user = _user(who, world, request)
    sees_a, sees_b = MATRIX[who]
    for person, expected in ((world.hidden_a, sees_a), (world.hidden_b, sees_b)):
        assert user.has_perm("directory.view_person", person) is expected
        assert user.has_perm("directory.view_person_contact", person) is expected
        assert user.has_perm("directory.change_person", person) is expected
    visible = set(selectors.people_visible_to(user))
    assert (world.hidden_a in visible) is sees_a
    assert (world.hidden_b in visible) is sees_b


@pytest.mark.parametrize("who", MATRIX)
def test_publicly_listed_person_never_shows_contact_to_outsiders(
    who: str, world: Any, request: Any
) -> None:
    user = _user(who, world, request)
    sees_a, _sees_b = MATRIX[who]
    assert user.has_perm("directory.view_person", world.listed_a)
    assert user.has_perm("directory.view_person_contact", world.listed_a) is sees_a


@pytest.mark.parametrize("who", MATRIX)
def test_organisation_people_list(who: str, world: Any, request: Any) -> None:
    user = _user(who, world, request)
    sees_a, _sees_b = MATRIX[who]
    people = {p.person for p in selectors.positions_visible_to(user, world.org_a)}
    assert world.listed_a in people
    assert (world.hidden_a in people) is sees_a


def test_withdrawn_listing_consent_hides_the_person(world: Any, plain_user: User) -> None:
    consent = world.listed_a.consents.get(scope="listed-publicly")
    consent.withdrawn_on = consent.given_on
    consent.save()
    person = type(world.listed_a).objects.get(pk=world.listed_a.pk)
    assert not plain_user.has_perm("directory.view_person", person)
    assert not selectors.positions_visible_to(plain_user, world.org_a).filter(person=person)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("plain_user", False),
        ("rep_a", False),
        ("lima_coordinator", False),
        ("staff_user", True),
    ],
)
def test_only_staff_export_erase_and_import(
    who: str, allowed: bool, world: Any, request: Any
) -> None:
    user = _user(who, world, request)
    assert user.has_perm("directory.export_person", world.hidden_a) is allowed
    assert user.has_perm("directory.erase_person", world.hidden_a) is allowed
    assert user.has_perm("directory.import_directory") is allowed


@pytest.mark.parametrize("who", MATRIX)
def test_visible_people_are_exactly_those_whose_contact_the_user_may_read(
    who: str, world: Any, request: Any
) -> None:
    """Exports and lists rely on this: people_visible_to() == the contact permission."""
    from plaza.directory.models import Person

    user = _user(who, world, request)
    allowed = {
        p.pk for p in Person.objects.all() if user.has_perm("directory.view_person_contact", p)
    }
    assert set(selectors.people_visible_to(user).values_list("pk", flat=True)) == allowed
