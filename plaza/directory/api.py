"""Directory API: organisations (public), people (fields by permission), membership figures,
and the staff's personal-data requests (export, erase). Same rules as the pages."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from plaza.directory import selectors, services
from plaza.directory.models import (
    MembershipFigure,
    Organization,
    OrganizationRelationship,
    Person,
    Position,
)

router = Router(tags=["directory"])


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict)


class MembershipFigureOut(Schema):
    date: datetime.date
    total: int
    women: int | None
    men: int | None
    source: str
    is_demo: bool


class MembershipFigureIn(Schema):
    date: datetime.date
    total: int = Field(ge=0)
    women: int | None = Field(default=None, ge=0)
    men: int | None = Field(default=None, ge=0)
    source: str = ""


class OrganizationOut(Schema):
    slug: str
    name: str
    acronym: str
    kind: str
    country: str
    cities: list[str]
    sectors: list[str]
    languages: list[str]
    website: str
    founded: int | None
    description: str
    is_demo: bool
    url: str

    @staticmethod
    def resolve_cities(obj: Any) -> list[str]:
        return obj["cities"] if isinstance(obj, dict) else [c.slug for c in obj.cities.all()]

    @staticmethod
    def resolve_sectors(obj: Any) -> list[str]:
        return obj["sectors"] if isinstance(obj, dict) else [s.code for s in obj.sectors.all()]

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj["url"] if isinstance(obj, dict) else obj.get_absolute_url()


class RelationshipOut(Schema):
    organization: str
    kind: str
    related_organization: str
    start: datetime.date | None
    end: datetime.date | None


class PositionOut(Schema):
    person_id: int
    person_name: str
    organization: str
    title: str
    title_detail: str
    start: datetime.date | None
    end: datetime.date | None


class OrganizationDetailOut(OrganizationOut):
    people: list[PositionOut]
    membership_figures: list[MembershipFigureOut]
    relationships: list[RelationshipOut]


class ConsentOut(Schema):
    scope: str
    given_on: datetime.date
    method: str
    withdrawn_on: datetime.date | None


class PersonOut(Schema):
    id: int
    name: str
    erased: bool
    is_demo: bool
    positions: list[PositionOut]
    # Private: null unless the user works with the person's organisation or city.
    gender: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    consents: list[ConsentOut] | None = None


class ErasureIn(Schema):
    reason: str
    requested_on: datetime.date | None = None


class ErasureOut(Schema):
    person_id: int
    erased_at: datetime.datetime
    erased_by: str
    reason: str


class OrganizationFilters(Schema):
    kind: str = ""
    city: str = ""
    sector: str = ""
    q: str = ""


def _organization(org: Organization) -> dict[str, Any]:
    return {
        "slug": org.slug,
        "name": org.name,
        "acronym": org.acronym,
        "kind": org.kind,
        "country": org.country,
        "cities": [c.slug for c in org.cities.all()],
        "sectors": [s.code for s in org.sectors.all()],
        "languages": list(org.languages),
        "website": org.website,
        "founded": org.founded,
        "description": org.description,
        "is_demo": org.is_demo,
        "url": org.get_absolute_url(),
    }


def _position(position: Position) -> dict[str, Any]:
    person = position.person
    return {
        "person_id": person.pk,
        "person_name": "" if person.is_erased else person.name,
        "organization": position.organization.slug,
        "title": position.title,
        "title_detail": position.title_detail,
        "start": position.start,
        "end": position.end,
    }


def _relationship(rel: OrganizationRelationship) -> dict[str, Any]:
    return {
        "organization": rel.organization.slug,
        "kind": rel.kind,
        "related_organization": rel.related_organization.slug,
        "start": rel.start,
        "end": rel.end,
    }


def _person(user: Any, person: Person) -> dict[str, Any]:
    private = user.has_perm("directory.view_person_private", person)
    contact = user.has_perm("directory.view_person_contact", person) and not person.is_erased
    positions = person.positions.select_related("organization", "person")
    data: dict[str, Any] = {
        "id": person.pk,
        "name": "" if person.is_erased else person.name,
        "erased": person.is_erased,
        "is_demo": person.is_demo,
        "positions": [_position(p) for p in positions if private or p.is_current],
    }
    if private:
        data["gender"] = person.gender
        data["consents"] = list(person.consents.all())
    if contact:
        data.update(phone=person.phone, email=person.email, address=person.address)
    return data


def _bad_request(exc: ValidationError) -> tuple[int, dict[str, Any]]:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    return 400, {"detail": _("Some values are not valid."), "errors": errors}


@router.get("/organizations", response=list[OrganizationOut], summary="Organisations")
@paginate(LimitOffsetPagination)
def organization_list(
    request: HttpRequest, filters: Query[OrganizationFilters]
) -> QuerySet[Organization]:
    return selectors.organizations(
        kind=filters.kind, city=filters.city, sector=filters.sector, query=filters.q
    )


@router.get("/organizations/{slug}", response=OrganizationDetailOut, summary="An organisation")
def organization_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    org = get_object_or_404(Organization.objects.prefetch_related("cities", "sectors"), slug=slug)
    return {
        **_organization(org),
        "people": [_position(p) for p in selectors.positions_visible_to(request.user, org)],
        "membership_figures": list(selectors.membership_figures_of(org)),
        "relationships": [_relationship(r) for r in selectors.relationships_of(org)],
    }


@router.get(
    "/organizations/{slug}/membership-figures",
    response=list[MembershipFigureOut],
    summary="Membership figures over time",
)
def membership_figures(request: HttpRequest, slug: str) -> list[MembershipFigure]:
    org = get_object_or_404(Organization, slug=slug)
    return list(selectors.membership_figures_of(org))


@router.post(
    "/organizations/{slug}/membership-figures",
    response={201: MembershipFigureOut, 400: ErrorOut, 403: ErrorOut},
    auth=django_auth,
    summary="Record a membership figure",
)
def record_membership_figure(
    request: HttpRequest, slug: str, payload: MembershipFigureIn
) -> tuple[int, Any]:
    org = get_object_or_404(Organization, slug=slug)
    try:
        figure = services.record_membership_figure(request.user, org, **payload.dict())
    except PermissionDenied as exc:
        return 403, {"detail": str(exc) or _("Not allowed.")}
    except ValidationError as exc:
        return _bad_request(exc)
    return 201, figure


class PersonPageOut(Schema):
    items: list[PersonOut]
    count: int


@router.get(
    "/people",
    response=PersonPageOut,
    auth=django_auth,
    summary="People you work with (contact details where you may see them)",
)
def person_list(
    request: HttpRequest, limit: int = Query(100, ge=1, le=500), offset: int = Query(0, ge=0)
) -> dict[str, Any]:
    qs = selectors.people_visible_to(request.user).prefetch_related("consents").order_by("pk")
    page = qs[offset : offset + limit]
    return {"items": [_person(request.user, p) for p in page], "count": qs.count()}


def _visible_person(request: HttpRequest, pk: int) -> Person:
    person = selectors.person_with_details(pk).first()
    if person is None or not request.user.has_perm("directory.view_person", person):
        raise HttpError(404, _("Not found."))
    return person


@router.get("/people/{pk}", response=PersonOut, summary="A person")
def person_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _person(request.user, _visible_person(request, pk))


@router.get(
    "/people/{pk}/export",
    response={200: dict[str, Any], 403: ErrorOut},
    auth=django_auth,
    summary="Everything held about a person (staff)",
)
def person_export(request: HttpRequest, pk: int) -> tuple[int, Any]:
    person = get_object_or_404(Person, pk=pk)
    try:
        return 200, services.export_person(request.user, person)
    except PermissionDenied as exc:
        return 403, {"detail": str(exc)}


@router.post(
    "/people/{pk}/erase",
    response={200: ErasureOut, 400: ErrorOut, 403: ErrorOut},
    auth=django_auth,
    summary="Erase a person on request (staff)",
)
def person_erase(request: HttpRequest, pk: int, payload: ErasureIn) -> tuple[int, Any]:
    person = get_object_or_404(Person, pk=pk)
    try:
        log = services.erase_person(
            request.user, person, reason=payload.reason, requested_on=payload.requested_on
        )
    except PermissionDenied as exc:
        return 403, {"detail": str(exc)}
    except ValidationError as exc:
        return _bad_request(exc)
    return 200, {
        "person_id": person.pk,
        "erased_at": log.erased_at,
        "erased_by": str(log.erased_by),
        "reason": log.reason,
    }
