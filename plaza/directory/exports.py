"""CSV and XLSX exports of the organisation and people lists.

The columns are the import columns (see importers.py and docs/user/directory.md), so an export can be
corrected in a spreadsheet and imported back. The people export holds only the people the user
may see, with contact details only where the user may read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db.models import QuerySet

from plaza.core import tables
from plaza.core.types import User
from plaza.directory import selectors
from plaza.directory.models import Organization, Position

ORGANIZATION_COLUMNS = (
    "slug",
    "name",
    "acronym",
    "kind",
    "country",
    "cities",
    "sectors",
    "languages",
    "website",
    "founded",
    "description",
    "members_date",
    "members_total",
    "members_women",
    "members_men",
    "members_source",
    "affiliated_to",
    "member_of",
    "is_demo",
)
PEOPLE_COLUMNS = (
    "person_id",
    "name",
    "gender",
    "phone",
    "email",
    "address",
    "organization",
    "position",
    "position_detail",
    "start",
    "end",
    "consent_scopes",
    "consent_date",
    "consent_method",
    "consent_source",
    "is_demo",
)
LIST_SEPARATOR = ";"


def _join(values: Iterable[Any]) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values)


def organization_rows(qs: QuerySet[Organization]) -> Iterator[dict[str, Any]]:
    qs = qs.prefetch_related(
        "cities", "sectors", "membership_figures", "relationships__related_organization"
    )
    for org in qs:
        figure = max(org.membership_figures.all(), key=lambda f: f.date, default=None)
        rels = list(org.relationships.all())
        yield {
            "slug": org.slug,
            "name": org.name,
            "acronym": org.acronym,
            "kind": org.kind,
            "country": org.country,
            "cities": _join(c.slug for c in org.cities.all()),
            "sectors": _join(s.code for s in org.sectors.all()),
            "languages": _join(org.languages),
            "website": org.website,
            "founded": org.founded or "",
            "description": org.description,
            "members_date": figure.date.isoformat() if figure else "",
            "members_total": figure.total if figure else "",
            "members_women": figure.women if figure and figure.women is not None else "",
            "members_men": figure.men if figure and figure.men is not None else "",
            "members_source": figure.source if figure else "",
            "affiliated_to": _join(
                r.related_organization.slug for r in rels if r.kind == "affiliated-to"
            ),
            "member_of": _join(r.related_organization.slug for r in rels if r.kind == "member-of"),
            "is_demo": "yes" if org.is_demo else "",
        }


def people_rows(user: User) -> Iterator[dict[str, Any]]:
    qs = (
        selectors.people_visible_to(user)
        .prefetch_related("positions__organization", "consents")
        .order_by("name", "pk")
    )
    for person in qs:
        # people_visible_to() is exactly the set the user works with (the rule behind
        # directory.view_person_contact), so no per-person permission query is needed here.
        contact = not person.is_erased
        consents = [c for c in person.consents.all() if c.is_active]
        latest = max(consents, key=lambda c: c.given_on, default=None)
        base = {
            "person_id": person.pk,
            "name": "" if person.is_erased else person.name,
            "gender": person.gender,
            "phone": person.phone if contact else "",
            "email": person.email if contact else "",
            "address": person.address if contact else "",
            "consent_scopes": _join(sorted({c.scope for c in consents})),
            "consent_date": latest.given_on.isoformat() if latest else "",
            "consent_method": latest.method if latest else "",
            "consent_source": latest.source if latest and contact else "",
            "is_demo": "yes" if person.is_demo else "",
        }
        positions: list[Position | None] = list(person.positions.all()) or [None]
        for position in positions:
            yield {
                **base,
                "organization": position.organization.slug if position else "",
                "position": position.title if position else "",
                "position_detail": position.title_detail if position else "",
                "start": position.start.isoformat() if position and position.start else "",
                "end": position.end.isoformat() if position and position.end else "",
            }


def to_csv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    return tables.to_csv(columns, ([row.get(c, "") for c in columns] for row in rows))


def to_xlsx(title: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    return tables.to_xlsx(title, columns, ([row.get(c, "") for c in columns] for row in rows))
