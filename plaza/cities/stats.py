"""Figures for the dashboards and the PDF report: both read them from here, so they match."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Sum

from plaza.cities.models import Gender, Participation


@dataclass
class ParticipationSummary:
    women: int = 0
    men: int = 0
    others: int = 0
    by_organization: list[tuple[str, int, int, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.women + self.men + self.others

    @property
    def women_share(self) -> int | None:
        """Women's share of participants, in whole per cent; None when nobody was counted."""
        return round(100 * self.women / self.total) if self.total else None


def summarise(rows: QuerySet[Participation]) -> ParticipationSummary:
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
    return summary


def participation_rows(
    *,
    cities: Any = None,
    activity: Any = None,
    meeting: Any = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[Participation]:
    rows = Participation.objects.all()
    if activity is not None:
        rows = rows.filter(Q(session__activity=activity) | Q(meeting__platform=activity))
    if meeting is not None:
        rows = rows.filter(meeting=meeting)
    if cities is not None:
        rows = rows.filter(
            Q(session__activity__city__in=cities) | Q(meeting__platform__city__in=cities)
        )
    if start is not None:
        rows = rows.filter(Q(session__date__gte=start) | Q(meeting__date__gte=start))
    if end is not None:
        rows = rows.filter(Q(session__date__lte=end) | Q(meeting__date__lte=end))
    return rows


def participation_summary(**filters: Any) -> ParticipationSummary:
    return summarise(participation_rows(**filters))
