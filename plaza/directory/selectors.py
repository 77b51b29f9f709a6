"""Reads of the directory that need more than one line of ORM, always filtered by permission."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from plaza.accounts.rules import is_staff_member
from plaza.accounts.scopes import scoped_ids
from plaza.core.types import User
from plaza.directory.models import (
    Consent,
    ConsentScope,
    MembershipFigure,
    Organization,
    OrganizationKind,
    OrganizationRelationship,
    Person,
    Position,
)

NETWORK_KINDS = (OrganizationKind.GLOBAL_NETWORK, OrganizationKind.REGIONAL_NETWORK)


def worker_networks() -> QuerySet[Organization]:
    return Organization.objects.filter(kind__in=NETWORK_KINDS).prefetch_related("sectors")


def institutional_members() -> QuerySet[Organization]:
    return Organization.objects.filter(kind=OrganizationKind.INSTITUTIONAL_MEMBER).prefetch_related(
        "sectors", "cities"
    )


def organizations(
    kind: str = "", city: str = "", sector: str = "", query: str = ""
) -> QuerySet[Organization]:
    """Organisations filtered by kind code, city slug, sector code and a name search."""
    qs = Organization.objects.prefetch_related("sectors", "cities")
    if kind:
        qs = qs.filter(kind=kind)
    if city:
        qs = qs.filter(cities__slug=city)
    if sector:
        qs = qs.filter(sectors__code=sector)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(acronym__icontains=query))
    return qs.distinct()


def publicly_listed_q(prefix: str = "", on: datetime.date | None = None) -> Q:
    """People who consented to be listed publicly, have not withdrawn it and are not erased."""
    day = on or timezone.localdate()
    listed = Consent.objects.filter(scope=ConsentScope.LISTED_PUBLICLY, given_on__lte=day).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day)
    )
    return Q(**{f"{prefix}pk__in": listed.values("person_id")}) & Q(
        **{f"{prefix}erased_at__isnull": True}
    )


def people_visible_to(user: User) -> QuerySet[Person]:
    """People whose private record (positions, consent, contact details) the user may read."""
    if is_staff_member(user):
        return Person.objects.all()
    from plaza.cities.models import City

    org_ids = scoped_ids(user, Organization)
    city_ids = scoped_ids(user, City)
    if not org_ids and not city_ids:
        return Person.objects.none()
    positions = Position.objects.filter(
        Q(organization_id__in=org_ids) | Q(organization__cities__in=city_ids)
    )
    return Person.objects.filter(pk__in=positions.values("person_id"))


def can_see_all_people_of(user: User, organization: Organization) -> bool:
    return bool(user.has_perm("directory.view_organization_people", organization))


def positions_visible_to(user: User, organization: Organization) -> QuerySet[Position]:
    """The organisation's positions the user may see: all for those who work with it, else only
    those of people listed publicly."""
    qs = organization.positions.select_related("person").order_by("end", "title", "person__name")
    if not can_see_all_people_of(user, organization):
        qs = qs.filter(publicly_listed_q("person__"))
    return qs


def relationships_of(organization: Organization) -> list[OrganizationRelationship]:
    return list(
        OrganizationRelationship.objects.filter(
            Q(organization=organization) | Q(related_organization=organization)
        ).select_related("organization", "related_organization")
    )


def membership_figures_of(organization: Organization) -> QuerySet[MembershipFigure]:
    return organization.membership_figures.order_by("date")


def person_with_details(pk: int) -> QuerySet[Person]:
    return Person.objects.filter(pk=pk).prefetch_related(
        Prefetch("positions", queryset=Position.objects.select_related("organization")),
        "consents",
    )
