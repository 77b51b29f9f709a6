"""Who may see and change what in the directory.

Organisations, their membership figures and relationships are public. People are not: a person's
record is seen by network staff, by representatives scoped to one of the person's organisations,
and by coordinators of a focal city where one of those organisations works. The public (and any
other user) sees only the name and position of people who consented to be listed publicly, and
never contact details.
"""

from __future__ import annotations

from typing import Any

import rules

from plaza.accounts.rules import is_city_coordinator, is_staff_member
from plaza.accounts.scopes import scoped_ids
from plaza.core.types import User

_ORG_IDS = "_directory_organization_ids"
_CITY_IDS = "_directory_city_ids"


def organization_ids_of(person: Any) -> frozenset[int]:
    """Organisations the person holds or held a position in (cached on the instance)."""
    cached: frozenset[int] | None = person.__dict__.get(_ORG_IDS)
    if cached is None:
        cached = frozenset(person.positions.values_list("organization_id", flat=True))
        person.__dict__[_ORG_IDS] = cached
    return cached


def city_ids_of_organizations(organization_ids: frozenset[int]) -> frozenset[int]:
    from plaza.directory.models import Organization

    through = Organization.cities.through
    return frozenset(
        through.objects.filter(organization_id__in=organization_ids).values_list(
            "city_id", flat=True
        )
    )


def city_ids_of(obj: Any) -> frozenset[int]:
    from plaza.directory.models import Organization, Person

    if isinstance(obj, Organization):
        cached: frozenset[int] | None = obj.__dict__.get(_CITY_IDS)
        if cached is None:
            cached = city_ids_of_organizations(frozenset([obj.pk]))
            obj.__dict__[_CITY_IDS] = cached
        return cached
    if isinstance(obj, Person):
        cached = obj.__dict__.get(_CITY_IDS)
        if cached is None:
            cached = city_ids_of_organizations(organization_ids_of(obj))
            obj.__dict__[_CITY_IDS] = cached
        return cached
    return frozenset()


def _user_organization_ids(user: User) -> frozenset[int]:
    from plaza.directory.models import Organization

    return scoped_ids(user, Organization)


def _user_city_ids(user: User) -> frozenset[int]:
    from plaza.cities.models import City

    return scoped_ids(user, City)


@rules.predicate
def represents_organization(user: User, organization: Any) -> bool:
    """The user is scoped to this organisation (an organisation representative)."""
    return organization is not None and organization.pk in _user_organization_ids(user)


@rules.predicate
def coordinates_organization_city(user: User, organization: Any) -> bool:
    """The user coordinates a focal city where the organisation works."""
    if organization is None:
        return False
    mine = _user_city_ids(user)
    return bool(mine) and bool(mine & city_ids_of(organization))


@rules.predicate
def represents_person_organization(user: User, person: Any) -> bool:
    if person is None:
        return False
    mine = _user_organization_ids(user)
    return bool(mine) and bool(mine & organization_ids_of(person))


@rules.predicate
def coordinates_person_city(user: User, person: Any) -> bool:
    if person is None:
        return False
    mine = _user_city_ids(user)
    return bool(mine) and bool(mine & city_ids_of(person))


@rules.predicate
def is_listed_publicly(user: User, person: Any) -> bool:
    return person is not None and bool(person.is_listed_publicly)


manages_organization = is_staff_member | represents_organization | coordinates_organization_city
works_with_person = is_staff_member | represents_person_organization | coordinates_person_city

# Organisations
rules.add_perm("directory.add_organization", is_staff_member | is_city_coordinator)
rules.add_perm("directory.change_organization", manages_organization)
rules.add_perm("directory.view_organization_people", manages_organization)
rules.add_perm("directory.add_membershipfigure", manages_organization)
rules.add_perm("directory.add_organizationrelationship", manages_organization)
rules.add_perm("directory.add_person", manages_organization)  # obj: the organisation
# People
rules.add_perm("directory.view_person", works_with_person | is_listed_publicly)
rules.add_perm("directory.view_person_private", works_with_person)
rules.add_perm("directory.view_person_contact", works_with_person)
rules.add_perm("directory.change_person", works_with_person)
rules.add_perm("directory.add_consent", works_with_person)
rules.add_perm("directory.add_position", works_with_person)
# Staff only: requests about personal data, bulk import, the erasure log
rules.add_perm("directory.export_person", is_staff_member)
rules.add_perm("directory.erase_person", is_staff_member)
rules.add_perm("directory.import_directory", is_staff_member)
rules.add_perm("directory.view_erasurelog", is_staff_member)
