"""Writes on focal cities: each checks permission, validates, saves, records history."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plaza.cities.models import City, CityNote


@transaction.atomic
def add_city_note(user: Any, city: City, text: str) -> CityNote:
    if not user.has_perm("cities.add_citynote", city):
        raise PermissionDenied(_("You cannot add notes to this city."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("The note is empty.")})
    note = CityNote(city=city, author=user, text=text)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def update_city_summary(user: Any, city: City, summary: str) -> City:
    if not user.has_perm("cities.change_city", city):
        raise PermissionDenied(_("You cannot change this city."))
    city.summary = summary.strip()
    city.full_clean()
    city.save(update_fields=["summary", "updated_at"])
    return city
