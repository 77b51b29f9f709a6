"""Reads of the knowledge base that need more than one line of ORM."""

from __future__ import annotations

from collections.abc import Hashable

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce

from plaza.core.types import User
from plaza.library.models import Resource, ResourceFile, Status, Visibility


def visible_resources(user: User | None) -> QuerySet[Resource]:
    """Published resources this user may see (public; members-only when logged in)."""
    qs = Resource.objects.filter(status=Status.PUBLISHED)
    if user is None or not user.is_authenticated:
        return qs.filter(visibility=Visibility.PUBLIC)
    if user.has_perm("library.curate"):
        return qs
    return qs.filter(
        Q(visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS]) | Q(created_by_id=user.pk)
    )


def visibility_class(user: User | None) -> Hashable:
    """What ``visible_resources(user)`` depends on: readers of one class see the same records,
    so figures computed from them may be shared (``plaza.core.versions``), never across classes.
    A member who published private records of their own is a class alone."""
    if user is None or not user.is_authenticated:
        return "public"
    if user.has_perm("library.curate"):
        return "all"
    own_private = (
        Resource.objects.filter(status=Status.PUBLISHED, created_by_id=user.pk)
        .exclude(visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS])
        .exists()
    )
    return ("members", user.pk) if own_private else "members"


def visible_files(pks: list[int], user: User | None) -> dict[int, list[ResourceFile]]:
    """The files of those resources that ``user`` may see (as on their own pages), by
    resource, in one query: the search results' file links."""
    found: dict[int, list[ResourceFile]] = {}
    rows = ResourceFile.objects.filter(resource__in=visible_resources(user).filter(pk__in=pks))
    for resource_file in rows.order_by("resource_id", "pk"):
        found.setdefault(resource_file.resource_id, []).append(resource_file)
    return found


def public_resources() -> QuerySet[Resource]:
    return Resource.objects.filter(status=Status.PUBLISHED, visibility=Visibility.PUBLIC)


def with_related(qs: QuerySet[Resource]) -> QuerySet[Resource]:
    return qs.prefetch_related("creators", "sectors", "cities", "files").select_related(
        "publisher_organization"
    )


def filter_resources(qs: QuerySet[Resource], params: dict[str, str]) -> QuerySet[Resource]:
    """Browse filters: type, sector, city, lang, year, country, q (words in the title)."""
    if params.get("type"):
        qs = qs.filter(type=params["type"])
    if params.get("sector"):
        qs = qs.filter(sectors__code=params["sector"])
    if params.get("city"):
        qs = qs.filter(cities__slug=params["city"])
    if params.get("lang"):
        qs = qs.filter(language=params["lang"])
    if params.get("year", "").isdigit():
        qs = qs.filter(year=int(params["year"]))
    if params.get("country"):
        code = params["country"].upper()
        # A JSON list: filtered in Python so it works the same on SQLite and PostgreSQL.
        ids = [pk for pk, codes in qs.values_list("pk", "countries") if code in (codes or [])]
        qs = qs.filter(pk__in=ids)
    if params.get("q"):
        for word in params["q"].split()[:8]:
            qs = qs.filter(Q(title__icontains=word) | Q(subtitle__icontains=word))
    return qs.distinct()


def facet_counts(qs: QuerySet[Resource]) -> dict[str, list[tuple[str, int]]]:
    """How many works (language versions of one original count once, as the list shows
    them: plaza.library.browsing.collapse_versions) have each value: a click gives that many."""
    ids = qs.values("pk")
    base = Resource.objects.filter(pk__in=ids)

    def count(field: str) -> list[tuple[str, int]]:
        rows = (
            base.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(n=Count(Coalesce("edition_of_id", "pk"), distinct=True))
            .order_by("-n", field)
        )
        return [(str(row[field]), int(row["n"])) for row in rows]

    return {
        "type": count("type"),
        "lang": count("language"),
        "sector": count("sectors__code"),
        "city": count("cities__slug"),
        "year": sorted(count("year"), key=lambda pair: pair[0], reverse=True),
    }


def resources_about_place(
    country: str | None = None, city_slug: str | None = None, limit: int = 5
) -> list[Resource]:
    """Newest published public resources about a country (ISO 3166-1) and/or a focal city."""
    qs = public_resources()
    if city_slug:
        qs = qs.filter(cities__slug=city_slug)
    candidates = with_related(qs.order_by("-year", "-published_at", "-pk").distinct())
    if not country:
        return list(candidates[:limit])
    code = country.upper()
    found: list[Resource] = []
    # Countries are a JSON list: narrowed in SQL by the quoted code in its text (portable
    # SQLite/PostgreSQL; the whole library used to be read and filtered here, 15 queries and
    # most of the statistics country page's time), then checked exactly here.
    candidates = candidates.filter(
        Q(countries__icontains=f'"{code}"') | Q(cities__country=code)
    ).distinct()
    for resource in candidates.iterator(chunk_size=2 * limit):
        if code in resource.countries or any(c.country == code for c in resource.cities.all()):
            found.append(resource)
            if len(found) >= limit:
                break
    return found


def resources_linked_to(obj: models.Model, limit: int = 10) -> list[Resource]:
    """Published public resources linked to a city, an organisation or a sector."""
    from plaza.cities.models import City
    from plaza.core.models import Sector
    from plaza.directory.models import Organization

    qs = public_resources()
    if isinstance(obj, City):
        qs = qs.filter(cities=obj)
    elif isinstance(obj, Sector):
        qs = qs.filter(sectors=obj)
    elif isinstance(obj, Organization):
        qs = qs.filter(Q(publisher_organization=obj) | Q(creators__organization=obj))
    else:
        return []
    return list(with_related(qs.distinct().order_by("-year", "-pk"))[:limit])


def curation_queue() -> QuerySet[Resource]:
    return Resource.objects.filter(status__in=[Status.DRAFT, Status.REVIEW]).order_by(
        "-status", "-updated_at"
    )
