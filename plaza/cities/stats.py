"""Figures for the dashboards and the PDF report: both read them from here, so they match.

The dashboards compute them once per change of the city work (``DATA_VERSION``, bumped by every
save or delete of a record they count, whoever writes it: services, admin, imports, the demo)
and per reader class (``dashboard_key``: which of the cities the reader sees private records
of), through ``plaza.core.versions``."""

from __future__ import annotations

import datetime
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import get_language

from plaza.cities import selectors
from plaza.cities.models import (
    ActivityKind,
    ActivityStatus,
    CommitmentStatus,
    Gender,
    LeadersTrained,
    Participation,
)
from plaza.cities.models.dialogue import OPEN_COMMITMENT_STATUSES, mean_percent
from plaza.core import versions
from plaza.core.types import User

# The data version of every dashboard figure (plaza.core.versions).
DATA_VERSION = "cities"


def counted_models() -> list[type[Model]]:
    """The tables a dashboard reads (names included: cities, organisations)."""
    from plaza.cities.models import (
        Activity,
        Agreement,
        City,
        Commitment,
        LeadersTrained,
        Meeting,
        Participation,
        Session,
    )
    from plaza.directory.models import Organization

    return [
        Activity,
        Session,
        Participation,
        LeadersTrained,
        Meeting,
        Agreement,
        Commitment,
        City,
        Organization,
    ]


def data_changed(**_kwargs: Any) -> None:
    """Receiver for saves and deletes of the counted tables (``apps.py`` connects it to every
    model whose table is one of them, proxies such as ``Campaign`` included)."""
    versions.bump(DATA_VERSION)


def dashboard_key(
    user: User,
    cities: list[Any],
    start: datetime.date | None,
    end: datetime.date | None,
    today: datetime.date,
) -> tuple[Hashable, ...]:
    """Everything a dashboard's figures depend on besides the data: the cities, the private
    records the reader sees among them (a reader without scope shares the public figures,
    never another's), the period, the day (overdue, running) and the language (labels)."""
    ids = tuple(sorted(c.pk for c in cities))
    return (ids, selectors.private_city_ids(user, ids), start, end, today, get_language())


def cached_dashboard_figures(
    user: User,
    cities: Any,
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> DashboardFigures:
    """``dashboard_figures``, computed once per change of the city work and reader class."""
    today = timezone.localdate()
    cities = list(cities)
    key = ("figures", *dashboard_key(user, cities, start, end, today))
    return versions.cached(
        DATA_VERSION,
        key,
        lambda: dashboard_figures(user, cities, start=start, end=end, today=today),
    )


@dataclass
class ParticipationSummary:
    women: int = 0
    men: int = 0
    others: int = 0
    by_organization: list[tuple[str, int, int, int]] = field(default_factory=list)
    leaders: int = 0  # leaders trained (sessions), or counted as leaders (meetings)
    leaders_by_organization: dict[str, int] = field(default_factory=dict)
    # True when unnamed leader numbers of several sessions were added up: the same leader at two
    # sessions is counted twice, so the figure is "training places", not people.
    leaders_are_places: bool = False

    @property
    def leaders_label(self) -> str:
        from django.utils.translation import gettext

        return (
            gettext("Leader training places")
            if self.leaders_are_places
            else gettext("Leaders trained")
        )

    @property
    def total(self) -> int:
        return self.women + self.men + self.others

    @property
    def women_share(self) -> int | None:
        """Women's share of participants, in whole per cent; None when nobody was counted."""
        return round(100 * self.women / self.total) if self.total else None

    @property
    def table_rows(self) -> list[tuple[str, int, int, int, int]]:
        """(organisation, women, men, others, leaders) per organisation, for tables."""
        return [
            (name, w, m, o, self.leaders_by_organization.get(name, 0))
            for name, w, m, o in self.by_organization
        ]


def summarise(
    rows: QuerySet[Participation], leader_rows: QuerySet[LeadersTrained] | None = None
) -> ParticipationSummary:
    """Counts by gender and organisation of the participation rows, with the leaders among them
    (rows flagged as leaders, and the leaders-trained numbers of sessions)."""
    summary = ParticipationSummary()
    by_gender = dict(rows.values_list("gender").annotate(n=Sum("count")).order_by())
    summary.women = by_gender.get(Gender.WOMAN, 0) or 0
    summary.men = by_gender.get(Gender.MAN, 0) or 0
    summary.others = by_gender.get(Gender.OTHER, 0) or 0
    per_org: dict[str, list[int]] = {}
    for name, gender, n in (
        rows.values_list("organization__name", "gender").annotate(n=Sum("count")).order_by()
    ):
        counts = per_org.setdefault(name or "", [0, 0, 0])
        counts[[Gender.WOMAN, Gender.MAN, Gender.OTHER].index(gender)] += n or 0
    summary.by_organization = sorted(
        ((name, *counts) for name, counts in per_org.items()),  # type: ignore[misc]
        key=lambda row: (row[0] == "", row[0]),
    )
    # Leaders: a named person counts once however many sessions or meetings they attended; the
    # numbers recorded without names are training places (one leader at two sessions is two).
    leaders: dict[str, int] = {}
    named = (
        rows.filter(is_leader=True, person__isnull=False)
        .values_list("organization__name", "person_id")
        .distinct()
        .order_by()
    )
    seen_people: set[int] = set()
    for name, person_id in named:
        if person_id not in seen_people:
            seen_people.add(person_id)
            leaders[name or ""] = leaders.get(name or "", 0) + 1
    unnamed_rows = rows.filter(is_leader=True, person__isnull=True)
    sources: list[Any] = [
        unnamed_rows.values_list("organization__name").annotate(n=Sum("count")).order_by()
    ]
    events: set[tuple[Any, Any]] = set(
        unnamed_rows.values_list("session_id", "meeting_id").distinct().order_by()
    )
    if leader_rows is not None:
        sources.append(
            leader_rows.values_list("organization__name").annotate(n=Sum("count")).order_by()
        )
        events |= {(s, None) for s in leader_rows.values_list("session_id", flat=True).distinct()}
    unnamed = 0
    for source in sources:
        for name, n in source:
            leaders[name or ""] = leaders.get(name or "", 0) + (n or 0)
            unnamed += n or 0
    summary.leaders_by_organization = {name: n for name, n in leaders.items() if n}
    summary.leaders = sum(leaders.values())
    summary.leaders_are_places = unnamed > 0 and len(events) > 1
    return summary


def participation_rows(
    *,
    cities: Any = None,
    activity: Any = None,
    meeting: Any = None,
    session: Any = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[Participation]:
    rows = Participation.objects.all()
    if activity is not None:
        rows = rows.filter(Q(session__activity=activity) | Q(meeting__platform=activity))
    if meeting is not None:
        rows = rows.filter(meeting=meeting)
    if session is not None:
        rows = rows.filter(session=session)
    if cities is not None:
        rows = rows.filter(
            Q(session__activity__city__in=cities) | Q(meeting__platform__city__in=cities)
        )
    if start is not None:
        rows = rows.filter(Q(session__date__gte=start) | Q(meeting__date__gte=start))
    if end is not None:
        rows = rows.filter(Q(session__date__lte=end) | Q(meeting__date__lte=end))
    return rows


def leaders_trained_rows(
    *,
    cities: Any = None,
    activity: Any = None,
    meeting: Any = None,
    session: Any = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[LeadersTrained]:
    """The sessions' leaders-trained numbers matching the same filters as participation_rows."""
    rows = LeadersTrained.objects.all()
    if meeting is not None:
        return rows.none()  # meetings train nobody
    if activity is not None:
        rows = rows.filter(session__activity=activity)
    if session is not None:
        rows = rows.filter(session=session)
    if cities is not None:
        rows = rows.filter(session__activity__city__in=cities)
    if start is not None:
        rows = rows.filter(session__date__gte=start)
    if end is not None:
        rows = rows.filter(session__date__lte=end)
    return rows


def participation_summary(**filters: Any) -> ParticipationSummary:
    return summarise(participation_rows(**filters), leaders_trained_rows(**filters))


@dataclass
class CommitmentFigures:
    by_status: list[tuple[str, str, int]]  # (status, label, count)
    total: int
    implemented: int
    overdue: int
    mean_progress: int

    @property
    def implemented_share(self) -> int:
        """Implemented commitments as a whole % of those not cancelled."""
        from plaza.cities.models import CommitmentStatus

        counted = self.total - sum(
            n for s, _l, n in self.by_status if s == CommitmentStatus.CANCELLED
        )
        return int(100 * self.implemented / counted + 0.5) if counted else 0


@dataclass
class DashboardFigures:
    cities: list[Any]
    start: datetime.date | None
    end: datetime.date | None
    kinds: list[tuple[str, str]]
    years: list[int]
    activities: dict[tuple[str, int], int]  # (kind, year) -> count
    participation: ParticipationSummary
    commitments: CommitmentFigures
    campaigns_running: list[Any]
    meetings: int
    agreements: int

    def activity_rows(self) -> list[tuple[int, list[int], int]]:
        """(year, count per kind in ``kinds`` order, total) for the table."""
        rows = []
        for year in self.years:
            counts = [self.activities.get((kind, year), 0) for kind, _label in self.kinds]
            rows.append((year, counts, sum(counts)))
        return rows

    @property
    def activity_total(self) -> int:
        return sum(self.activities.values())


def dashboard_figures(
    user: User,
    cities: Any,
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    today: datetime.date | None = None,
) -> DashboardFigures:
    """Every figure of a dashboard (and of the PDF report) over what ``user`` may see."""
    today = today or timezone.localdate()
    cities = list(cities)
    activities = selectors.activities_visible_to(user).filter(city__in=cities)
    meetings = selectors.meetings_visible_to(user).filter(platform__city__in=cities)
    agreements = selectors.agreements_visible_to(user).filter(platform__city__in=cities)
    commitments = selectors.commitments_visible_to(user).filter(
        agreement__platform__city__in=cities
    )
    if start is not None:
        activities = activities.filter(Q(end_date__gte=start) | Q(end_date__isnull=True))
        meetings = meetings.filter(date__gte=start)
        agreements = agreements.filter(reached_on__gte=start)
        commitments = commitments.filter(agreement__reached_on__gte=start)
    if end is not None:
        activities = activities.filter(Q(start_date__lte=end) | Q(start_date__isnull=True))
        meetings = meetings.filter(date__lte=end)
        agreements = agreements.filter(reached_on__lte=end)
        commitments = commitments.filter(agreement__reached_on__lte=end)
    by_kind_year: dict[tuple[str, int], int] = {}
    for kind, year, n in (
        activities.annotate(y=ExtractYear("start_date"))
        .values_list("kind", "y")
        .annotate(n=models_count())
        .order_by()
    ):
        key = (kind, int(year) if year else today.year)
        by_kind_year[key] = by_kind_year.get(key, 0) + n
    status_counts = dict(commitments.values_list("status").annotate(n=models_count()).order_by())
    progress_values = list(
        commitments.exclude(status=CommitmentStatus.CANCELLED).values_list("progress", flat=True)
    )
    commitment_figures = CommitmentFigures(
        by_status=[
            (s, str(label), status_counts.get(s, 0)) for s, label in CommitmentStatus.choices
        ],
        total=sum(status_counts.values()),
        implemented=status_counts.get(CommitmentStatus.DONE, 0),
        overdue=commitments.filter(status__in=OPEN_COMMITMENT_STATUSES, due_date__lt=today).count(),
        mean_progress=mean_percent(progress_values),
    )
    campaigns = [
        c
        for c in activities.filter(kind=ActivityKind.CAMPAIGN).exclude(
            status=ActivityStatus.CANCELLED
        )
        if c.is_running_on(today)
    ]
    # Participation follows visibility: private sessions and meetings only for those who see them.
    visible_participation = Participation.objects.filter(
        Q(session__activity__in=activities) | Q(meeting__in=meetings)
    )
    if start is not None:
        visible_participation = visible_participation.filter(
            Q(session__date__gte=start) | Q(meeting__date__gte=start)
        )
    if end is not None:
        visible_participation = visible_participation.filter(
            Q(session__date__lte=end) | Q(meeting__date__lte=end)
        )
    visible_leaders = LeadersTrained.objects.filter(session__activity__in=activities)
    if start is not None:
        visible_leaders = visible_leaders.filter(session__date__gte=start)
    if end is not None:
        visible_leaders = visible_leaders.filter(session__date__lte=end)
    return DashboardFigures(
        cities=cities,
        start=start,
        end=end,
        kinds=[(k, str(label)) for k, label in ActivityKind.choices],
        years=sorted({year for _kind, year in by_kind_year}),
        activities=by_kind_year,
        participation=summarise(visible_participation, visible_leaders),
        commitments=commitment_figures,
        campaigns_running=campaigns,
        meetings=meetings.count(),
        agreements=agreements.count(),
    )


def models_count() -> Any:
    from django.db.models import Count

    return Count("pk")
