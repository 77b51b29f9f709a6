"""Directory demo (data/directory.yaml): the global worker networks and, per focal city, real
organisations with public facts only (is_demo=False), plus invented people, positions, consent and
membership figures (all is_demo=True).

Written through plaza.directory.services by the demo administrator (which index the
organisations); a record is created when missing and updated only where a value differs.
"""

from __future__ import annotations

import datetime
from typing import Any

from plaza.cities.models import City
from plaza.core.models import Sector
from plaza.core.types import User
from plaza.demo import DemoContext, changed, differs, read_data
from plaza.demo.accounts import demo_actor
from plaza.directory import services
from plaza.directory.models import (
    ConsentMethod,
    ConsentScope,
    MembershipFigure,
    Organization,
    OrganizationKind,
    Person,
    PositionTitle,
)

# Positions whose holders agreed to be listed publicly (the others only to be contacted by staff).
LISTED_POSITIONS = (PositionTitle.PRESIDENT, PositionTitle.GENERAL_SECRETARY, PositionTitle.LEADER)


def _person(user: User, name: str, gender: str, org: Organization, title: str, n: int) -> None:
    """A person with a position in ``org`` and the consent they gave (what is missing of it)."""
    scopes = [ConsentScope.CONTACT_BY_STAFF]
    if title in LISTED_POSITIONS:
        scopes.append(ConsentScope.LISTED_PUBLICLY)
    consent: dict[str, Any] = {
        "given_on": datetime.date(2024, 1 + n % 12, 1),
        "method": ConsentMethod.WRITTEN_FORM if n % 2 else ConsentMethod.VERBAL_RECORDED,
        "source": "Demo consent (invented)",
    }
    start = datetime.date(2019 + n % 5, 1 + n % 12, 1)
    person = Person.objects.filter(name=name, is_demo=True).first()
    if person is None:
        services.create_person(
            user,
            org,
            name=name,
            title=title,
            start=start,
            consent_scopes=scopes,
            consent_method=consent["method"],
            consent_date=consent["given_on"],
            consent_source=consent["source"],
            is_demo=True,
            gender=gender,
            phone=f"+00 555 01{n:02d}",
            email=f"person{n}@demo.plaza.invalid",
            address="Invented address (demo)",
        )
        return
    if not person.positions.filter(organization=org, title=title).exists():
        services.add_position(user, person, org, title=title, start=start, is_demo=True)
    given = set(person.consents.values_list("scope", flat=True))
    missing = [scope for scope in scopes if scope not in given]
    if missing:
        services.record_consent(user, person, scopes=missing, **consent)


def _organisation(user: User, spec: dict[str, Any], kind: str, is_demo: bool) -> Organization:
    fields = {
        "name": spec["name"],
        "acronym": spec.get("acronym", ""),
        "kind": kind,
        "country": spec.get("country", ""),
        "website": spec.get("website", ""),
        "founded": spec.get("founded"),
        "description": spec.get("description", ""),
    }
    languages = spec.get("languages", [])
    sectors = list(Sector.objects.filter(code__in=spec.get("sectors", [])))
    city = City.objects.filter(slug=spec.get("city", "")).first()
    org = Organization.objects.filter(slug=spec["slug"]).first()
    if org is None:
        return services.create_organization(
            user,
            slug=spec["slug"],
            cities=[city] if city else [],
            sectors=sectors,
            languages=languages,
            is_demo=is_demo,
            **fields,
        )
    difference: dict[str, Any] = changed(org, fields)
    if org.languages != languages:
        difference["languages"] = languages
    if differs(org.sectors, sectors):
        difference["sectors"] = sectors
    if city is not None and differs(org.cities, [city]):
        difference["cities"] = [city]
    if difference:
        services.update_organization(user, org, **difference)
    return org


def _membership(user: User, org: Organization, members: int, years: list[int]) -> None:
    for i, year in enumerate(years):
        total = int(members * (0.85 + 0.075 * i))
        women = int(total * 0.62)
        date = datetime.date(year, 12, 31)
        values: dict[str, Any] = {
            "total": total,
            "women": women,
            "men": total - women,
            "source": "Demo figure (invented)",
            "is_demo": True,
        }
        figure = MembershipFigure.objects.filter(organization=org, date=date).first()
        if figure is None or changed(figure, values):
            services.record_membership_figure(user, org, date=date, **values)


def _relationships(user: User, spec: dict[str, Any]) -> None:
    org = Organization.objects.get(slug=spec["slug"])
    for relationship in spec.get("relationships", []):
        other = Organization.objects.filter(slug=relationship["organization"]).first()
        if other is None:
            continue
        services.add_relationship(  # idempotent: an existing relationship is returned as it is
            user,
            org,
            kind=relationship["kind"],
            related_organization=other,
            is_demo=not relationship["known"],
        )


def load(ctx: DemoContext) -> None:
    user = demo_actor()
    data = read_data("directory.yaml")
    for spec in data["worker_networks"]:
        _organisation(user, spec, OrganizationKind.GLOBAL_NETWORK, is_demo=False)
    ctx.summary["worker networks"] = Organization.objects.filter(
        kind=OrganizationKind.GLOBAL_NETWORK
    ).count()
    n = 0
    for spec in data["organisations"]:
        org = _organisation(user, spec, spec["kind"], is_demo=not spec["real"])
        for person in spec.get("people", []):
            n += 1
            _person(user, person["name"], person["gender"], org, person["position"], n)
        if spec.get("members"):
            _membership(user, org, spec["members"], data["membership_years"])
    for spec in data["organisations"]:
        _relationships(user, spec)
    for person in data["network_people"]:
        n += 1
        org = Organization.objects.get(slug=person["organization"])
        _person(user, person["name"], person["gender"], org, person["position"], n)
    ctx.summary["city organisations"] = len(data["organisations"])
    ctx.summary["demo people"] = Person.objects.filter(is_demo=True).count()
