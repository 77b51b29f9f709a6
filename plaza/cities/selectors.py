"""Reads of focal-city records, always through what the user may see."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from plaza.accounts.rules import is_staff_member
from plaza.accounts.scopes import scoped_ids
from plaza.cities.models import (
    Activity,
    ActivityStatus,
    Agreement,
    City,
    CityNote,
    Commitment,
    Evidence,
    Meeting,
)
from plaza.cities.models.dialogue import OPEN_COMMITMENT_STATUSES, mean_percent
from plaza.core.types import User


def focal_cities() -> QuerySet[City]:
    return City.objects.all()


def _private_ok(user: User, city_path: str) -> Q | None:
    """None when the user sees every private record; else the Q of the cities they work in."""
    if is_staff_member(user):
        return None
    return Q(**{f"{city_path}__in": scoped_ids(user, City)})


def private_city_ids(user: User, city_ids: Iterable[int]) -> frozenset[int]:
    """Which of ``city_ids`` the user sees private records of (staff: all; others: their scope).

    Every figure over those cities depends on the reader only through this set, so it is the
    reader's part of a cached figure's key (``stats.cached_dashboard``)."""
    wanted = frozenset(city_ids)
    if is_staff_member(user):
        return wanted
    return wanted & scoped_ids(user, City)


def notes_visible_to(user: User, city: City) -> QuerySet[CityNote]:
    if not user.has_perm("cities.view_citynote", city):
        return CityNote.objects.none()
    return city.notes.select_related("author")


def activities_visible_to(user: User, city: City | None = None) -> QuerySet[Activity]:
    qs = Activity.objects.select_related("city")
    if city is not None:
        qs = qs.filter(city=city)
    own = _private_ok(user, "city_id")
    return qs if own is None else qs.filter(Q(is_public=True) | own)


def meetings_visible_to(user: User, city: City | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.select_related("platform__city")
    if city is not None:
        qs = qs.filter(platform__city=city)
    own = _private_ok(user, "platform__city_id")
    return qs if own is None else qs.filter(Q(is_public=True) | own)


def agreements_visible_to(user: User, city: City | None = None) -> QuerySet[Agreement]:
    qs = Agreement.objects.select_related("platform__city", "meeting").prefetch_related(
        "commitments"
    )
    if city is not None:
        qs = qs.filter(platform__city=city)
    own = _private_ok(user, "platform__city_id")
    return qs if own is None else qs.filter(Q(is_public=True) | own)


def commitments_visible_to(user: User, city: City | None = None) -> QuerySet[Commitment]:
    qs = Commitment.objects.select_related("agreement__platform__city", "responsible_organization")
    if city is not None:
        qs = qs.filter(agreement__platform__city=city)
    own = _private_ok(user, "agreement__platform__city_id")
    return qs if own is None else qs.filter(Q(agreement__is_public=True) | own)


def evidence_visible_to(user: User, commitment: Commitment) -> QuerySet[Evidence]:
    qs = commitment.evidence.select_related("recorded_by")
    if user.has_perm("cities.view_private_fields", commitment):
        return qs
    return qs.filter(is_public=True)


def commitment_board(
    user: User,
    city: City,
    *,
    status: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Commitment]:
    """Commitments of a city, overdue first, then by due date; open ones unless a status is asked."""
    today = today or timezone.localdate()
    qs = commitments_visible_to(user, city)
    qs = qs.filter(status=status) if status else qs.filter(status__in=OPEN_COMMITMENT_STATUSES)
    return qs.annotate(
        overdue_rank=Case(
            When(Q(due_date__lt=today) & Q(status__in=OPEN_COMMITMENT_STATUSES), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("overdue_rank", "due_date", "pk")


def platform_progress(platform: Activity) -> int:
    """Mean of the agreements' progress (each the mean of its commitments)."""
    agreements = list(platform.agreements.prefetch_related("commitments"))
    return mean_percent([a.progress for a in agreements])


def platform_agreements(user: User, platform: Activity) -> QuerySet[Agreement]:
    return agreements_visible_to(user).filter(platform=platform)


@dataclass
class CityOverview:
    organizations: list[Any]
    current_activities: list[Activity]
    open_commitments: list[Commitment]
    open_commitment_count: int
    overdue_count: int
    upcoming_meetings: list[Meeting]


def city_overview(user: User, city: City, today: datetime.date | None = None) -> CityOverview:
    today = today or timezone.localdate()
    current = (
        activities_visible_to(user, city)
        .filter(status__in=[ActivityStatus.ONGOING, ActivityStatus.PLANNED])
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .order_by("start_date", "title")
    )
    board = commitment_board(user, city, today=today)
    return CityOverview(
        organizations=list(city.organizations.all()),
        current_activities=list(current[:12]),
        open_commitments=list(board[:8]),
        open_commitment_count=board.count(),
        overdue_count=board.filter(overdue_rank=0).count(),  # type: ignore[misc]
        upcoming_meetings=list(
            meetings_visible_to(user, city).filter(date__gte=today).order_by("date")[:5]
        ),
    )


@dataclass
class TimelineEntry:
    date: datetime.date
    kind: str
    title: str
    url: str
    city: City
    language: str = ""  # the language of the title (content), for its lang attribute


def timeline(
    user: User, *, city: City | None = None, organization: Any = None, limit: int = 200
) -> list[TimelineEntry]:
    """Dated events (activities starting, meetings, agreements, evidence), newest first."""
    from django.utils.translation import gettext as _

    entries: list[TimelineEntry] = []
    activities = activities_visible_to(user, city).filter(start_date__isnull=False)
    meetings = meetings_visible_to(user, city)
    agreements = agreements_visible_to(user, city)
    commitments = commitments_visible_to(user, city)
    if organization is not None:
        activities = activities.filter(
            Q(organizations=organization) | Q(requesting_organization=organization)
        ).distinct()
        meetings = meetings.filter(platform__seats__organization=organization).distinct()
        agreements = agreements.filter(platform__seats__organization=organization).distinct()
        commitments = commitments.filter(responsible_organization=organization)
    for a in activities[:limit]:
        assert a.start_date is not None
        entries.append(
            TimelineEntry(
                a.start_date,
                a.get_kind_display(),
                a.title,
                a.get_absolute_url(),
                a.city,
                a.language,
            )
        )
    for m in meetings[:limit]:
        entries.append(
            TimelineEntry(
                m.date,
                _("Meeting"),
                str(m.platform),
                m.get_absolute_url(),
                m.city,
                m.platform.language,
            )
        )
    for ag in agreements[:limit]:
        entries.append(
            TimelineEntry(
                ag.reached_on,
                _("Agreement"),
                ag.title,
                ag.get_absolute_url(),
                ag.city,
                ag.platform.language,
            )
        )
    evidence = Evidence.objects.filter(commitment__in=commitments).select_related(
        "commitment__agreement__platform__city"
    )
    if not is_staff_member(user):
        evidence = evidence.filter(
            Q(is_public=True)
            | Q(commitment__agreement__platform__city_id__in=scoped_ids(user, City))
        )
    for ev in evidence[:limit]:
        entries.append(
            TimelineEntry(
                ev.date,
                _("Progress on a commitment"),
                f"{ev.commitment.responsible}: {ev.progress}%",
                ev.commitment.get_absolute_url(),
                ev.city,
                ev.commitment.agreement.platform.language,
            )
        )
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries[:limit]


@dataclass
class ResourceGroup:
    role: str
    label: str
    links: list[Any]  # ActivityResource, with .resource


def activity_resources(user: User | None, activity: Activity) -> list[ResourceGroup]:
    """The activity's knowledge-base resources this user may see (the public: published public
    ones only), grouped by role in the kind's order (its own roles first, then "linked")."""
    from plaza.cities.models import ActivityResource, ResourceRole
    from plaza.cities.models.activity import resource_roles
    from plaza.library.selectors import visible_resources

    links = list(
        ActivityResource.objects.filter(
            activity=activity, resource__in=visible_resources(user)
        ).select_related("resource")
    )
    groups = []
    for role in resource_roles(activity.kind):
        in_role = [link for link in links if link.role == role]
        if in_role:
            groups.append(ResourceGroup(role, str(ResourceRole(role).label), in_role))
    return groups


def resource_titles_by_activity(user: User, activities: Any) -> dict[int, list[str]]:
    """For exports: activity id -> "Title (language, URL)" of the resources the user may see."""
    from plaza.cities.models import ActivityResource
    from plaza.library.selectors import visible_resources

    found: dict[int, list[str]] = {}
    links = ActivityResource.objects.filter(
        activity__in=activities.values("pk"), resource__in=visible_resources(user)
    ).select_related("resource")
    for link in links.order_by("activity_id", "role", "position", "pk"):
        r = link.resource
        found.setdefault(link.activity_id, []).append(
            f"{r.title} ({r.language}, {r.get_absolute_url()})"
        )
    return found
