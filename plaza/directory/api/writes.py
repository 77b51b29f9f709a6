"""Directory API writes beyond figures and erasure: organisations, people, positions, consent,
relationships. Logged-in session (with its CSRF token); same permissions as the pages."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.security import django_auth

from plaza.cities.models import City
from plaza.core.api_types import Id
from plaza.core.models import Sector
from plaza.directory import services
from plaza.directory.api.schemas import (
    OrganizationOut,
    PersonOut,
    RelationshipOut,
    organization_data,
    person_data,
    relationship_data,
    router,
)
from plaza.directory.models import Consent, Organization, Person


class OrganizationIn(Schema):
    name: str
    kind: str
    acronym: str = ""
    country: str = ""
    website: str = ""
    founded: int | None = None
    description: str = ""
    cities: list[str] = Field(default_factory=list, description="focal-city slugs")
    sectors: list[str] = Field(default_factory=list, description="sector codes")
    languages: list[str] = Field(default_factory=list, description="ISO 639-1 codes")


class PersonIn(Schema):
    name: str
    title: str = Field(description="position: leader, president, secretary, ...")
    consent_scopes: list[str]
    consent_method: str
    consent_date: datetime.date
    consent_source: str = ""
    gender: str = "not-stated"
    phone: str = ""
    email: str = ""
    address: str = ""
    title_detail: str = ""
    start: datetime.date | None = None


class PersonChangeIn(Schema):
    name: str | None = None
    gender: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    notes: str | None = None


class ConsentIn(Schema):
    scopes: list[str]
    method: str
    given_on: datetime.date
    source: str = ""


class RelationshipIn(Schema):
    kind: str
    related_organization: str = Field(description="slug")
    start: datetime.date | None = None
    end: datetime.date | None = None
    note: str = ""


def _lookup(model: Any, field: str, values: list[str], column: str) -> list[Any]:
    found = list(model.objects.filter(**{f"{field}__in": values}))
    missing = set(values) - {getattr(obj, field) for obj in found}
    if missing:
        raise ValidationError(
            {column: _("Unknown code: %(value)s") % {"value": ", ".join(sorted(missing))}}
        )
    return found


@router.post(
    "/organizations",
    response={201: OrganizationOut},
    summary="Add an organisation (staff; coordinators in their cities)",
    auth=django_auth,
)
def organization_create(request: HttpRequest, payload: OrganizationIn) -> tuple[int, Any]:
    data = payload.dict()
    cities = _lookup(City, "slug", data.pop("cities"), "cities")
    sectors = _lookup(Sector, "code", data.pop("sectors"), "sectors")
    org = services.create_organization(request.user, cities=cities, sectors=sectors, **data)
    return 201, organization_data(org)


@router.post(
    "/organizations/{slug}/people",
    response={201: PersonOut},
    summary="Add a person with a position in the organisation and the consent they gave",
    auth=django_auth,
)
def person_create(request: HttpRequest, slug: str, payload: PersonIn) -> tuple[int, Any]:
    org = get_object_or_404(Organization, slug=slug)
    person = services.create_person(request.user, org, **payload.dict())
    return 201, person_data(request.user, person)


@router.post(
    "/organizations/{slug}/relationships",
    response={201: RelationshipOut},
    summary="Relate the organisation to another one",
    auth=django_auth,
)
def relationship_create(
    request: HttpRequest, slug: str, payload: RelationshipIn
) -> tuple[int, Any]:
    org = get_object_or_404(Organization, slug=slug)
    data = payload.dict()
    other = _lookup(
        Organization, "slug", [data.pop("related_organization")], "related_organization"
    )
    rel = services.add_relationship(request.user, org, related_organization=other[0], **data)
    return 201, relationship_data(rel)


def _person_for(request: HttpRequest, pk: Id) -> Person:
    person = get_object_or_404(Person, pk=pk)
    if not request.user.has_perm("directory.view_person_private", person):
        from ninja.errors import HttpError

        raise HttpError(404, _("Not found."))
    return person


@router.patch(
    "/people/{pk}", response={200: PersonOut}, summary="Change a person", auth=django_auth
)
def person_change(request: HttpRequest, pk: Id, payload: PersonChangeIn) -> tuple[int, Any]:
    person = _person_for(request, pk)
    changes = payload.dict(exclude_none=True)
    services.update_person(request.user, person, **changes)
    return 200, person_data(request.user, person)


@router.post(
    "/people/{pk}/consents",
    response={201: PersonOut},
    summary="Record consent given",
    auth=django_auth,
)
def consent_create(request: HttpRequest, pk: Id, payload: ConsentIn) -> tuple[int, Any]:
    person = _person_for(request, pk)
    services.record_consent(request.user, person, **payload.dict())
    return 201, person_data(request.user, person)


@router.post(
    "/people/{pk}/consents/{consent_pk}/withdraw",
    response={200: PersonOut},
    summary="Withdraw a consent (today)",
    auth=django_auth,
)
def consent_withdraw(request: HttpRequest, pk: Id, consent_pk: Id) -> tuple[int, Any]:
    person = _person_for(request, pk)
    consent = get_object_or_404(Consent, pk=consent_pk, person=person)
    if consent.withdrawn_on is None:
        services.withdraw_consent(request.user, consent)
    return 200, person_data(request.user, person)
