from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from plaza.accounts.rules import is_staff_member
from plaza.accounts.scopes import scoped_ids
from plaza.cities.models import City, CityNote


def focal_cities() -> QuerySet[City]:
    return City.objects.all()


def cities_user_works_in(user: Any) -> QuerySet[City]:
    if is_staff_member(user):
        return City.objects.all()
    return City.objects.filter(pk__in=scoped_ids(user, City))


def notes_visible_to(user: Any, city: City) -> QuerySet[CityNote]:
    if not user.has_perm("cities.view_citynote", city):
        return CityNote.objects.none()
    return city.notes.select_related("author")
