"""The directory API's router, schemas and serialisers, shared by api.py (reads, figures,
personal-data requests) and writes.py (the other writes); one router, so that a GET and a
POST on the same path are one URL."""

import datetime
from typing import Any

from ninja import Field, Router, Schema

from plaza.core.types import User
from plaza.core.vocabularies import API_LABELS_DESCRIPTION, labels_of
from plaza.directory.models import (
    Organization,
    OrganizationRelationship,
    Person,
    Position,
)

router = Router(tags=["directory"])


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
    labels: dict[str, Any] = Field(default_factory=dict, description=API_LABELS_DESCRIPTION)

    @staticmethod
    def resolve_labels(obj: Any) -> dict[str, Any]:
        data = obj if isinstance(obj, dict) else organization_data(obj)
        return labels_of(
            {
                "kind": ("organization_kind", data["kind"]),
                "country": ("country", data["country"]),
                "cities": ("city", data["cities"]),
                "sectors": ("sector", data["sectors"]),
                "languages": ("language", data["languages"]),
            }
        )

    @staticmethod
    def resolve_cities(obj: Any) -> list[str]:
        return obj["cities"] if isinstance(obj, dict) else [c.slug for c in obj.cities.all()]

    @staticmethod
    def resolve_sectors(obj: Any) -> list[str]:
        return obj["sectors"] if isinstance(obj, dict) else [s.code for s in obj.sectors.all()]

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return str(obj["url"] if isinstance(obj, dict) else obj.get_absolute_url())


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


def organization_data(org: Organization) -> dict[str, Any]:
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


def position_data(position: Position) -> dict[str, Any]:
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


def relationship_data(rel: OrganizationRelationship) -> dict[str, Any]:
    return {
        "organization": rel.organization.slug,
        "kind": rel.kind,
        "related_organization": rel.related_organization.slug,
        "start": rel.start,
        "end": rel.end,
    }


def person_data(user: User, person: Person) -> dict[str, Any]:
    private = user.has_perm("directory.view_person_private", person)
    contact = user.has_perm("directory.view_person_contact", person) and not person.is_erased
    positions = person.positions.select_related("organization", "person")
    data: dict[str, Any] = {
        "id": person.pk,
        "name": "" if person.is_erased else person.name,
        "erased": person.is_erased,
        "is_demo": person.is_demo,
        "positions": [position_data(p) for p in positions if private or p.is_current],
    }
    if private:
        data["gender"] = person.gender
        data["consents"] = list(person.consents.all())
    if contact:
        data.update(phone=person.phone, email=person.email, address=person.address)
    return data
