"""Role predicates (django-rules) that every app combines with its own scope predicates."""

from __future__ import annotations

import rules

from plaza.accounts.roles import Role
from plaza.core.types import User


def _in_group(user: User | None, role: Role) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    names: set[str] | None = user.__dict__.get("_plaza_role_names")
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user.__dict__["_plaza_role_names"] = names
    return role.value in names


@rules.predicate
def is_administrator(user: User | None) -> bool:
    return bool(user is not None and user.is_active and user.is_superuser) or _in_group(
        user, Role.ADMINISTRATOR
    )


@rules.predicate
def is_network_staff(user: User) -> bool:
    return _in_group(user, Role.NETWORK_STAFF)


@rules.predicate
def is_city_coordinator(user: User) -> bool:
    return _in_group(user, Role.CITY_COORDINATOR)


@rules.predicate
def is_organisation_representative(user: User) -> bool:
    return _in_group(user, Role.ORGANISATION_REPRESENTATIVE)


@rules.predicate
def is_librarian(user: User) -> bool:
    return _in_group(user, Role.LIBRARIAN)


# Staff of the network see and change everything that is not a system setting.
is_staff_member = is_administrator | is_network_staff
