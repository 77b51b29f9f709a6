"""What a write in a city may point to: the one check of every id a cities write accepts.

Every service of ``plaza.cities.services`` passes the organisations, people, resources and
cities it is given through ``in_scope`` before writing; the forms offer the same querysets as
choices, and the API hands the raw ids (or slugs) to the services, which resolve them here. An
id outside the scope answers like an unknown one ("not among ..."), so nothing about records
the writer cannot see leaks, and nothing is written.

The scope of a city's record:

- ``organizations``: organisations working in the city, and the networks without a city;
- ``people``: people holding a current or past position in such an organisation, not erased;
- ``resources``: published knowledge-base resources the writer may see;
- ``cities``: the cities the writer works in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from plaza.core.types import User

ORGANIZATIONS = "organizations"
PEOPLE = "people"
RESOURCES = "resources"
CITIES = "cities"
KINDS = (ORGANIZATIONS, PEOPLE, RESOURCES, CITIES)


def city_organizations(city: Any) -> QuerySet[Any]:
    """Organisations working in the city, and the networks without a city."""
    from plaza.directory.models import Organization

    return Organization.objects.filter(Q(cities=city) | Q(country="")).distinct()


def city_people(city: Any) -> QuerySet[Any]:
    """People who hold a position in an organisation of the city (erased people left out)."""
    from plaza.directory.models import Person

    return (
        Person.objects.filter(positions__organization__cities=city, erased_at__isnull=True)
        .distinct()
        .order_by("name")
    )


def scope_queryset(kind: str, *, user: User, city: Any) -> QuerySet[Any]:
    if kind == ORGANIZATIONS:
        return city_organizations(city)
    if kind == PEOPLE:
        return city_people(city)
    if kind == RESOURCES:
        from plaza.library.selectors import visible_resources

        return visible_resources(user)
    if kind == CITIES:
        from plaza.accounts.rules import is_staff_member
        from plaza.accounts.scopes import scoped_ids
        from plaza.cities.models import City

        if is_staff_member(user):
            return City.objects.all()
        return City.objects.filter(pk__in=scoped_ids(user, City))
    raise ValueError(kind)


def _key(value: Any) -> Any:
    """An object's primary key, or the value itself (an id, or an organisation's slug)."""
    return value.pk if hasattr(value, "pk") else value


def in_scope(kind: str, values: Iterable[Any], *, user: User, city: Any, field: str) -> list[Any]:
    """The objects for ``values`` (objects, ids, or organisation slugs), each in the scope of
    ``kind`` for this user and city, in the order given, without repeats; else a ValidationError
    on ``field`` listing the values that are not."""
    wanted = [_key(v) for v in values if v is not None and v != ""]
    if not wanted:
        return []
    qs = scope_queryset(kind, user=user, city=city)
    ids = [v for v in wanted if isinstance(v, int) and not isinstance(v, bool)]
    slugs = [v for v in wanted if isinstance(v, str)]
    others = [v for v in wanted if v not in ids and v not in slugs]
    found: dict[Any, Any] = {}
    if ids:
        found.update(qs.in_bulk(ids))
    if slugs and kind == ORGANIZATIONS:
        found.update({o.slug: o for o in qs.filter(slug__in=slugs)})
    missing = [str(v) for v in wanted if v not in found] + [str(v) for v in others]
    if missing:
        messages = {
            ORGANIZATIONS: _("Not among the organisations of this city: %(values)s"),
            PEOPLE: _("Not among the people of this city's organisations: %(values)s"),
            RESOURCES: _(
                "These resources are not published in the knowledge base "
                "or you cannot see them: %(values)s"
            ),
            CITIES: _("Not among the cities you work in: %(values)s"),
        }
        raise ValidationError({field: messages[kind] % {"values": ", ".join(missing)}})
    return list({found[v].pk: found[v] for v in wanted}.values())


class ScopeErrors:
    """Collects the scope errors of several fields, to raise them together."""

    def __init__(self, *, user: User, city: Any) -> None:
        self.user = user
        self.city = city
        self.errors: dict[str, list[str]] = {}

    def many(self, kind: str, values: Iterable[Any], field: str) -> list[Any]:
        try:
            return in_scope(kind, values, user=self.user, city=self.city, field=field)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.errors.setdefault(name, []).extend(messages)
            return []

    def one(self, kind: str, value: Any, field: str) -> Any:
        found = self.many(kind, [value], field)
        return found[0] if found else None

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
