"""Writes on the directory: each checks permission, validates, saves in one transaction and
records history (django-simple-history). Views, the API, the admin and the commands call these.

Personal-data requests (export and erasure) live in ``privacy.py`` and are re-exported here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plaza.accounts.rules import is_staff_member
from plaza.accounts.scopes import scoped_ids
from plaza.core.errors import require
from plaza.core.models import Sector
from plaza.core.types import User, signed_in
from plaza.directory.models import (
    Consent,
    ConsentMethod,
    ConsentScope,
    MembershipFigure,
    Organization,
    OrganizationRelationship,
    Person,
    Position,
)
from plaza.directory.privacy import erase_person, export_person
from plaza.search.registry import index_object

__all__ = [
    "add_position",
    "add_relationship",
    "create_organization",
    "create_person",
    "end_position",
    "erase_person",
    "export_person",
    "record_consent",
    "record_membership_figure",
    "update_organization",
    "update_person",
    "withdraw_consent",
]

ORGANIZATION_FIELDS = ("name", "acronym", "kind", "website", "country", "founded", "description")
PERSON_FIELDS = ("name", "gender", "phone", "email", "address", "preferred_language", "notes")


def _check_cities(user: User, cities: Iterable[Any]) -> None:
    """Non-staff users may attach an organisation only to cities they coordinate."""
    if is_staff_member(user):
        return
    from plaza.cities.models import City

    mine = scoped_ids(user, City)
    if any(city.pk not in mine for city in cities):
        raise ValidationError({"cities": _("You can only add organisations in your own cities.")})


def unique_slug(name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, n = base, 2
    others = Organization.objects.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _set_languages(org: Organization, languages: Iterable[str]) -> None:
    from plaza.core.languages import is_known_language

    codes = [code.strip() for code in languages if code.strip()]
    unknown = [code for code in codes if not is_known_language(code)]
    if unknown:
        raise ValidationError(
            {"languages": _("Unknown language code: %(codes)s") % {"codes": ", ".join(unknown)}}
        )
    org.languages = codes


@transaction.atomic
def create_organization(
    user: User,
    *,
    cities: Iterable[Any] = (),
    sectors: Iterable[Sector] = (),
    languages: Iterable[str] = (),
    slug: str = "",
    is_demo: bool = False,
    **fields: Any,
) -> Organization:
    require(user, "directory.add_organization", None, _("You cannot add organisations."))
    cities = list(cities)
    _check_cities(user, cities)
    org = Organization(
        is_demo=is_demo, **{k: v for k, v in fields.items() if k in ORGANIZATION_FIELDS}
    )
    org.slug = slug or unique_slug(org.name)
    _set_languages(org, languages)
    org.full_clean()
    org.save()
    org.cities.set(cities)
    org.sectors.set(list(sectors))
    index_object(org)
    return org


@transaction.atomic
def update_organization(
    user: User,
    org: Organization,
    *,
    cities: Iterable[Any] | None = None,
    sectors: Iterable[Sector] | None = None,
    languages: Iterable[str] | None = None,
    **fields: Any,
) -> Organization:
    require(user, "directory.change_organization", org, _("You cannot change this organisation."))
    for name, value in fields.items():
        if name not in ORGANIZATION_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(org, name, value)
    if languages is not None:
        _set_languages(org, languages)
    org.full_clean()
    org.save()
    if cities is not None:
        cities = list(cities)
        current = list(org.cities.all())
        new_pks, current_pks = {c.pk for c in cities}, {c.pk for c in current}
        # Others may add or remove only the cities they coordinate.
        _check_cities(user, [c for c in cities if c.pk not in current_pks])
        _check_cities(user, [c for c in current if c.pk not in new_pks])
        if new_pks != current_pks:
            org.cities.set(cities)
    if sectors is not None:
        sectors = list(sectors)
        if {s.pk for s in sectors} != set(org.sectors.values_list("pk", flat=True)):
            org.sectors.set(sectors)
    index_object(org)
    return org


@transaction.atomic
def record_membership_figure(
    user: User,
    org: Organization,
    *,
    date: datetime.date,
    total: int,
    women: int | None = None,
    men: int | None = None,
    source: str = "",
    is_demo: bool = False,
) -> MembershipFigure:
    """Record (or correct) the membership of ``org`` on ``date``."""
    require(user, "directory.add_membershipfigure", org, _("You cannot record figures here."))
    figure = MembershipFigure.objects.filter(organization=org, date=date).first()
    if figure is None:
        figure = MembershipFigure(organization=org, date=date)
    figure.total, figure.women, figure.men = total, women, men
    figure.source, figure.is_demo = source.strip(), is_demo
    figure.full_clean()
    figure.save()
    return figure


@transaction.atomic
def add_relationship(
    user: User,
    org: Organization,
    *,
    kind: str,
    related_organization: Organization,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    note: str = "",
    is_demo: bool = False,
) -> OrganizationRelationship:
    require(
        user,
        "directory.add_organizationrelationship",
        org,
        _("You cannot change this organisation."),
    )
    existing = OrganizationRelationship.objects.filter(
        organization=org, kind=kind, related_organization=related_organization, start=start
    ).first()
    if existing is not None:
        return existing
    relationship = OrganizationRelationship(
        organization=org,
        kind=kind,
        related_organization=related_organization,
        start=start,
        end=end,
        note=note.strip(),
        is_demo=is_demo,
    )
    relationship.full_clean()
    relationship.save()
    return relationship


def _validate_consent(scopes: Iterable[str], method: str, given_on: datetime.date | None) -> None:
    errors: dict[str, str] = {}
    scopes = list(scopes)
    if not scopes:
        errors["consent_scopes"] = _("Record at least one thing the person consented to.")
    elif any(scope not in ConsentScope.values for scope in scopes):
        errors["consent_scopes"] = _("Unknown consent scope.")
    if method not in ConsentMethod.values:
        errors["consent_method"] = _("Say how the consent was given.")
    if given_on is None:
        errors["consent_date"] = _("Give the date the consent was given.")
    elif given_on > timezone.localdate():
        errors["consent_date"] = _("The consent date is in the future.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_person(
    user: User,
    organization: Organization,
    *,
    name: str,
    title: str,
    consent_scopes: Iterable[str],
    consent_method: str,
    consent_date: datetime.date | None,
    consent_source: str = "",
    title_detail: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    is_demo: bool = False,
    **fields: Any,
) -> Person:
    """A person always enters the directory with a position and the consent they gave."""
    require(user, "directory.add_person", organization, _("You cannot add people here."))
    consent_scopes = list(consent_scopes)
    _validate_consent(consent_scopes, consent_method, consent_date)
    person = Person(
        name=name.strip(),
        is_demo=is_demo,
        **{k: v for k, v in fields.items() if k in PERSON_FIELDS and k != "name"},
    )
    person.full_clean()
    person.save()
    _save_position(person, organization, title, title_detail, start, end, is_demo)
    assert consent_date is not None  # checked by _validate_consent
    _save_consents(user, person, consent_scopes, consent_date, consent_method, consent_source)
    return person


@transaction.atomic
def update_person(user: User, person: Person, **fields: Any) -> Person:
    require(user, "directory.change_person", person, _("You cannot change this person."))
    if person.is_erased:
        raise ValidationError({"name": _("This person was erased on request.")})
    for name, value in fields.items():
        if name not in PERSON_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(person, name, value.strip() if isinstance(value, str) else value)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def add_position(
    user: User,
    person: Person,
    organization: Organization,
    *,
    title: str,
    title_detail: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    is_demo: bool = False,
) -> Position:
    require(user, "directory.add_position", person, _("You cannot change this person."))
    require(user, "directory.add_person", organization, _("You cannot add people here."))
    position = _save_position(person, organization, title, title_detail, start, end, is_demo)
    person.__dict__.pop("_directory_organization_ids", None)
    person.__dict__.pop("_directory_city_ids", None)
    return position


@transaction.atomic
def end_position(user: User, position: Position, end: datetime.date) -> Position:
    require(user, "directory.change_person", position.person, _("You cannot change this person."))
    position.end = end
    position.full_clean()
    position.save()
    return position


@transaction.atomic
def record_consent(
    user: User,
    person: Person,
    *,
    scopes: Iterable[str],
    given_on: datetime.date | None,
    method: str,
    source: str = "",
) -> list[Consent]:
    require(user, "directory.add_consent", person, _("You cannot change this person."))
    if person.is_erased:
        raise ValidationError({"consent_scopes": _("This person was erased on request.")})
    scopes = list(scopes)
    _validate_consent(scopes, method, given_on)
    assert given_on is not None
    return _save_consents(user, person, scopes, given_on, method, source)


def _save_position(
    person: Person,
    organization: Organization,
    title: str,
    title_detail: str,
    start: datetime.date | None,
    end: datetime.date | None,
    is_demo: bool,
) -> Position:
    position = Position(
        person=person,
        organization=organization,
        title=title,
        title_detail=title_detail,
        start=start,
        end=end,
        is_demo=is_demo,
    )
    position.full_clean()
    position.save()
    return position


def _save_consents(
    user: User,
    person: Person,
    scopes: Iterable[str],
    given_on: datetime.date,
    method: str,
    source: str,
) -> list[Consent]:
    return [
        Consent.objects.create(
            person=person,
            scope=scope,
            given_on=given_on,
            method=method,
            source=source.strip(),
            recorded_by=signed_in(user),
            is_demo=person.is_demo,
        )
        for scope in scopes
    ]


@transaction.atomic
def withdraw_consent(user: User, consent: Consent, on: datetime.date | None = None) -> Consent:
    require(user, "directory.add_consent", consent.person, _("You cannot change this person."))
    consent.withdrawn_on = on or timezone.localdate()
    consent.full_clean()
    consent.save()
    return consent
