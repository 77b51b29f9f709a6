"""Directory demo (data/directory.yaml): the global worker networks and, per focal city, real
organisations with public facts only (is_demo=False), plus invented people, positions, consent and
membership figures (all is_demo=True)."""

from __future__ import annotations

import datetime
from typing import Any

from plaza.cities.models import City
from plaza.core.models import Sector
from plaza.demo import DemoContext, read_data, set_related, upsert
from plaza.directory.models import (
    Consent,
    ConsentMethod,
    ConsentScope,
    MembershipFigure,
    Organization,
    OrganizationKind,
    OrganizationRelationship,
    Person,
    Position,
    PositionTitle,
)
from plaza.search.registry import index_object

# Positions whose holders agreed to be listed publicly (the others only to be contacted by staff).
LISTED_POSITIONS = (PositionTitle.PRESIDENT, PositionTitle.GENERAL_SECRETARY, PositionTitle.LEADER)


def _person(name: str, gender: str, org: Organization, title: str, n: int) -> Person:
    person, _created = Person.objects.get_or_create(
        name=name,
        is_demo=True,
        defaults={
            "gender": gender,
            "phone": f"+00 555 01{n:02d}",
            "email": f"person{n}@demo.plaza.invalid",
            "address": "Invented address (demo)",
        },
    )
    Position.objects.get_or_create(
        person=person,
        organization=org,
        title=title,
        defaults={"start": datetime.date(2019 + n % 5, 1 + n % 12, 1), "is_demo": True},
    )
    scopes = [ConsentScope.CONTACT_BY_STAFF]
    if title in LISTED_POSITIONS:
        scopes.append(ConsentScope.LISTED_PUBLICLY)
    for scope in scopes:
        Consent.objects.get_or_create(
            person=person,
            scope=scope,
            defaults={
                "given_on": datetime.date(2024, 1 + n % 12, 1),
                "method": ConsentMethod.WRITTEN_FORM if n % 2 else ConsentMethod.VERBAL_RECORDED,
                "source": "Demo consent (invented)",
                "is_demo": True,
            },
        )
    return person


def _organisation(spec: dict[str, Any], kind: str, is_demo: bool) -> Organization:
    org, _created = upsert(
        Organization,
        {"slug": spec["slug"]},
        {
            "name": spec["name"],
            "acronym": spec.get("acronym", ""),
            "kind": kind,
            "country": spec.get("country", ""),
            "languages": spec.get("languages", []),
            "website": spec.get("website", ""),
            "founded": spec.get("founded"),
            "description": spec.get("description", ""),
            "is_demo": is_demo,
        },
    )
    set_related(org.sectors, Sector.objects.filter(code__in=spec.get("sectors", [])))
    return org


def _membership(org: Organization, members: int, years: list[int]) -> None:
    for i, year in enumerate(years):
        total = int(members * (0.85 + 0.075 * i))
        women = int(total * 0.62)
        upsert(
            MembershipFigure,
            {"organization": org, "date": datetime.date(year, 12, 31)},
            {
                "total": total,
                "women": women,
                "men": total - women,
                "source": "Demo figure (invented)",
                "is_demo": True,
            },
        )


def load(ctx: DemoContext) -> None:
    data = read_data("directory.yaml")
    for spec in data["worker_networks"]:
        _organisation(spec, OrganizationKind.GLOBAL_NETWORK, is_demo=False)
    ctx.summary["worker networks"] = Organization.objects.filter(
        kind=OrganizationKind.GLOBAL_NETWORK
    ).count()
    cities = {c.slug: c for c in City.objects.all()}
    n = 0
    for spec in data["organisations"]:
        org = _organisation(spec, spec["kind"], is_demo=not spec["real"])
        if spec["city"] in cities:
            set_related(org.cities, [cities[spec["city"]]])
        for person in spec.get("people", []):
            n += 1
            _person(person["name"], person["gender"], org, person["position"], n)
        if spec.get("members"):
            _membership(org, spec["members"], data["membership_years"])
    for spec in data["organisations"]:
        for relationship in spec.get("relationships", []):
            other = Organization.objects.filter(slug=relationship["organization"]).first()
            if other is None:
                continue
            OrganizationRelationship.objects.get_or_create(
                organization=Organization.objects.get(slug=spec["slug"]),
                kind=relationship["kind"],
                related_organization=other,
                start=None,
                defaults={"is_demo": not relationship["known"]},
            )
    for person in data["network_people"]:
        n += 1
        org = Organization.objects.get(slug=person["organization"])
        _person(person["name"], person["gender"], org, person["position"], n)
    ctx.summary["city organisations"] = len(data["organisations"])
    ctx.summary["demo people"] = Person.objects.filter(is_demo=True).count()
    # The organisations are upserted here (services.create_organization needs an acting user,
    # and none exists before the accounts step): index them as the services do, so the index is
    # in step when this step's transaction commits.
    for org in Organization.objects.prefetch_related("cities", "sectors"):
        index_object(org)
