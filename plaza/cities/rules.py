"""Who may see and change what in a focal city.

- Staff of the network and the coordinators scoped to a city read and change everything of that
  city (private fields included).
- Everyone else (the public, coordinators of other cities) reads only records marked public, and
  never the private fields (``PRIVATE_FIELDS``, meeting attendees, private evidence).
"""

from __future__ import annotations

from typing import Any

import rules

from plaza.accounts.rules import is_staff_member
from plaza.accounts.scopes import scoped_ids
from plaza.core.types import User


def city_of(obj: Any) -> Any:
    from plaza.cities.models import City

    return obj if isinstance(obj, City) else getattr(obj, "city", None)


@rules.predicate
def coordinates_city(user: User, obj: Any) -> bool:
    """The user is a coordinator scoped to the record's city."""
    from plaza.cities.models import City

    city = city_of(obj)
    return city is not None and city.pk in scoped_ids(user, City)


@rules.predicate
def is_marked_public(user: User, obj: Any) -> bool:
    """The record (an activity, meeting, agreement, evidence) is marked public.

    A commitment is public when its agreement is; a meeting, agreement or evidence needs its
    platform (or commitment) to be visible too only for navigation, not for its own marking.
    """
    from plaza.cities.models import Commitment

    if isinstance(obj, Commitment):
        return bool(obj.agreement.is_public)
    return bool(getattr(obj, "is_public", False))


can_work_in_city = is_staff_member | coordinates_city

rules.add_perm("cities.view_city_private", can_work_in_city)
rules.add_perm("cities.add_city", is_staff_member)  # a new focal city is the network's decision
rules.add_perm("cities.change_city", can_work_in_city)
rules.add_perm("cities.add_citynote", can_work_in_city)
rules.add_perm("cities.view_citynote", can_work_in_city)
rules.add_perm("cities.change_citynote", can_work_in_city)

# Activities of the six kinds and everything under them. `obj` is the record, or the city for add.
rules.add_perm("cities.view_activity", can_work_in_city | is_marked_public)
rules.add_perm("cities.add_activity", can_work_in_city)
rules.add_perm("cities.change_activity", can_work_in_city)
rules.add_perm("cities.view_meeting", can_work_in_city | is_marked_public)
rules.add_perm("cities.add_meeting", can_work_in_city)
rules.add_perm("cities.change_meeting", can_work_in_city)
rules.add_perm("cities.view_agreement", can_work_in_city | is_marked_public)
rules.add_perm("cities.change_agreement", can_work_in_city)
rules.add_perm("cities.view_commitment", can_work_in_city | is_marked_public)
rules.add_perm("cities.change_commitment", can_work_in_city)
rules.add_perm("cities.add_evidence", can_work_in_city)
rules.add_perm("cities.view_evidence", can_work_in_city | is_marked_public)
# Private fields, attendees, demands and reports with private figures.
rules.add_perm("cities.view_private_fields", can_work_in_city)
