"""Directory API: organisations (public), people (fields by permission), membership figures,
and the staff's personal-data requests (export, erase). Same rules as the pages."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from plaza.core.api_types import Id, Limit, Offset, Pagination
from plaza.directory import selectors, services
from plaza.directory.api.schemas import (
    ErasureIn,
    ErasureOut,
    MembershipFigureIn,
    MembershipFigureOut,
    OrganizationDetailOut,
    OrganizationFilters,
    OrganizationOut,
    PersonOut,
    organization_data,
    person_data,
    position_data,
    relationship_data,
    router,
)
from plaza.directory.models import MembershipFigure, Organization, Person


@router.get("/organizations", response=list[OrganizationOut], summary="Organisations")
@paginate(Pagination)
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
        **organization_data(org),
        "people": [position_data(p) for p in selectors.positions_visible_to(request.user, org)],
        "membership_figures": list(selectors.membership_figures_of(org)),
        "relationships": [relationship_data(r) for r in selectors.relationships_of(org)],
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
    response={201: MembershipFigureOut},
    auth=django_auth,
    summary="Record a membership figure",
)
def record_membership_figure(
    request: HttpRequest, slug: str, payload: MembershipFigureIn
) -> tuple[int, Any]:
    org = get_object_or_404(Organization, slug=slug)
    figure = services.record_membership_figure(request.user, org, **payload.dict())
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
def person_list(request: HttpRequest, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    qs = selectors.people_visible_to(request.user).prefetch_related("consents").order_by("pk")
    page = qs[offset : offset + limit]
    return {"items": [person_data(request.user, p) for p in page], "count": qs.count()}


def _visible_person(request: HttpRequest, pk: Id) -> Person:
    person = selectors.person_with_details(pk).first()
    if person is None or not request.user.has_perm("directory.view_person", person):
        raise HttpError(404, _("Not found."))
    return person


@router.get("/people/{pk}", response=PersonOut, summary="A person")
def person_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return person_data(request.user, _visible_person(request, pk))


@router.get(
    "/people/{pk}/export",
    response={200: dict[str, Any]},
    auth=django_auth,
    summary="Everything held about a person (staff)",
)
def person_export(request: HttpRequest, pk: Id) -> tuple[int, Any]:
    person = get_object_or_404(Person, pk=pk)
    return 200, services.export_person(request.user, person)


@router.post(
    "/people/{pk}/erase",
    response={200: ErasureOut},
    auth=django_auth,
    summary="Erase a person on request (staff)",
)
def person_erase(request: HttpRequest, pk: Id, payload: ErasureIn) -> tuple[int, Any]:
    person = get_object_or_404(Person, pk=pk)
    log = services.erase_person(
        request.user, person, reason=payload.reason, requested_on=payload.requested_on
    )
    return 200, {
        "person_id": person.pk,
        "erased_at": log.erased_at,
        "erased_by": str(log.erased_by),
        "reason": log.reason,
    }
