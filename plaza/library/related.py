"""Related reading on a resource page: works near in meaning or sharing its subjects.

Each visible work (language versions of one original count as one) earns points for what it
shares with the resource: a keyword 3, a creator 2, the series 2, a focal city 2, a country 1,
an occupational sector 1; and, when the semantic index is available
(plaza.search.semantic_bridge.similar_records), up to 4 more for being near in meaning: a
record closer to it than the library's median record by at least ``PLAZA_SEARCH_SEMANTIC_FLOOR``
(what search asks of a meaning-only match) earns points in proportion, all 4 from 2.5 times
that margin. Without the semantic extra the
list is made from the shared subjects alone. A related work readable in the reader's language
(itself or one of its versions) gets 1.5 more: the reader's language comes first among works
about as related, but a work sharing a subject is never pushed below one that only shares a
sector. Works are shown in the reader's language when they have that version; the best
``limit`` by points, then newest. Only what the reader may see is ever a candidate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q

from plaza.core.types import User
from plaza.library import browsing, selectors
from plaza.library.models import Creator, Resource
from plaza.search import semantic_bridge

KEYWORD, CREATOR, SERIES, CITY, COUNTRY, SECTOR = 3.0, 2.0, 2.0, 2.0, 1.0, 1.0
MEANING = 4.0
READER_LANGUAGE = 1.5
MEANING_CANDIDATES = 20
MEANING_FULL = 2.5  # a margin of 2.5 x the floor (0.1 by default) earns every MEANING point


@dataclass
class _Candidate:
    pk: int
    root: int
    language: str
    year: int
    points: float = 0.0


def related_reading(
    resource: Resource, user: User | None, language: str, limit: int = 6
) -> list[Resource]:
    own = resource.edition_of_id or resource.pk
    visible = selectors.visible_resources(user).exclude(Q(pk=own) | Q(edition_of_id=own))
    candidates: dict[int, _Candidate] = {}

    def award(pks: Any, points: float) -> None:
        for pk in pks:
            if pk in candidates:
                candidates[pk].points += points

    # Every visible record, with what is compared in Python (keywords and countries are
    # JSON lists: compared here the same way on SQLite and PostgreSQL).
    keywords = {browsing.name_key(str(k)) for k in resource.keywords} - {""}
    countries = {c.upper() for c in resource.countries}
    series = browsing.name_key(resource.series) if resource.series else ""
    rows = visible.values_list(
        "pk", "edition_of_id", "language", "year", "keywords", "countries", "series"
    )
    for pk, root, lang, year, their_keywords, their_countries, their_series in rows:
        candidate = _Candidate(pk, root or pk, lang, year or 0)
        shared = keywords & {browsing.name_key(str(k)) for k in their_keywords or []}
        candidate.points += KEYWORD * len(shared)
        candidate.points += COUNTRY * len(countries & {c.upper() for c in their_countries or []})
        if series and their_series and browsing.name_key(their_series) == series:
            candidate.points += SERIES
        candidates[pk] = candidate
    if not candidates:
        return []
    # One query each, the resource's own values as a subquery: a bounded number of queries
    # however large the library.
    pks = visible.values("pk")
    sectors = Resource.sectors.through.objects.filter(resource_id=resource.pk).values("sector_id")
    award(
        Resource.sectors.through.objects.filter(
            sector_id__in=sectors, resource_id__in=pks
        ).values_list("resource_id", flat=True),
        SECTOR,
    )
    cities = Resource.cities.through.objects.filter(resource_id=resource.pk).values("city_id")
    award(
        Resource.cities.through.objects.filter(city_id__in=cities, resource_id__in=pks).values_list(
            "resource_id", flat=True
        ),
        CITY,
    )
    creators = Creator.objects.filter(Q(resource_id=resource.pk) | Q(resource_id__in=pks))
    names: dict[int, set[str]] = {}
    for pk, kind, family, given, name, organization in creators.values_list(
        "resource_id", "kind", "family_name", "given_names", "name", "organization__name"
    ):
        key = browsing.name_key(browsing.creator_name(kind, family, given, name, organization))
        if key:
            names.setdefault(pk, set()).add(key)
    own_names = names.pop(resource.pk, set())
    award([pk for pk, theirs in names.items() if theirs & own_names], CREATOR)
    near = semantic_bridge.similar_records(
        "library.resource", resource.pk, limit=MEANING_CANDIDATES
    )
    floor = settings.SEARCH_SEMANTIC_FLOOR
    for model, pk, margin in near:
        if model == "library.resource" and pk in candidates and margin >= floor:
            candidates[pk].points += MEANING * min(1.0, margin / (MEANING_FULL * max(floor, 0.01)))

    # One entry per work: its best-scoring version's points, shown in the reader's language.
    works: dict[int, list[_Candidate]] = {}
    for candidate in candidates.values():
        works.setdefault(candidate.root, []).append(candidate)
    chosen: list[_Candidate] = []
    for versions in works.values():
        best = max(versions, key=lambda c: c.points)
        if best.points <= 0:
            continue
        in_language = [c for c in versions if c.language == language]
        shown = in_language[0] if in_language else best
        shown.points = best.points + (READER_LANGUAGE if in_language else 0.0)
        chosen.append(shown)
    chosen.sort(key=lambda c: (-c.points, c.language != language, -c.year, -c.pk))
    top = chosen[:limit]
    found = Resource.objects.in_bulk([c.pk for c in top])
    return [found[c.pk] for c in top if c.pk in found]
