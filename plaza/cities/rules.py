"""Who may see and change what in a focal city."""

from __future__ import annotations

from typing import Any

import rules

from plaza.accounts.rules import is_staff_member
from plaza.accounts.scopes import scoped_ids


def city_of(obj: Any) -> Any:
    from plaza.cities.models import City

    return obj if isinstance(obj, City) else getattr(obj, "city", None)


@rules.predicate
def coordinates_city(user: Any, obj: Any) -> bool:
    """The user is a coordinator scoped to the record's city."""
    from plaza.cities.models import City

    city = city_of(obj)
    return city is not None and city.pk in scoped_ids(user, City)


can_work_in_city = is_staff_member | coordinates_city

rules.add_perm("cities.view_city_private", can_work_in_city)
rules.add_perm("cities.change_city", can_work_in_city)
rules.add_perm("cities.add_citynote", can_work_in_city)
rules.add_perm("cities.view_citynote", can_work_in_city)
rules.add_perm("cities.change_citynote", can_work_in_city)
