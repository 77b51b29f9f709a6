"""Reads for inquiries: referral lists, the staff queue and its figures."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils import timezone

from plaza.directory.models import Organization, OrganizationKind
from plaza.inquiries.choices import Status
from plaza.inquiries.models import Inquiry

INSTITUTIONAL_MEMBER = OrganizationKind.INSTITUTIONAL_MEMBER


def institutional_members() -> QuerySet[Organization]:
    return Organization.objects.filter(kind=INSTITUTIONAL_MEMBER).order_by("name")


def worker_networks() -> QuerySet[Organization]:
    from plaza.directory import selectors as directory_selectors

    return directory_selectors.worker_networks().order_by("name")


AGE_FILTERS = {"1": 1, "7": 7, "30": 30, "90": 90}


def queue(filters: dict[str, Any]) -> QuerySet[Inquiry]:
    """Inquiries for the staff queue, filtered by status, outcome, rule, language and age."""
    qs = Inquiry.objects.select_related("assigned_to")
    if filters.get("sort") == "received":
        qs = qs.order_by("-created_at")
    else:  # open inquiries first, the most urgent reply first; then the others, newest first
        qs = qs.annotate(
            closed_rank=Case(
                When(status__in=[Status.NEW, Status.IN_REVIEW], then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("closed_rank", F("due_at").asc(nulls_last=True), "-created_at")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("outcome"):
        qs = qs.filter(outcome=filters["outcome"])
    if filters.get("language"):
        qs = qs.filter(language=filters["language"])
    if filters.get("rule"):
        qs = qs.filter(screenings__rules__code=filters["rule"]).distinct()
    if filters.get("assigned") == "me" and filters.get("user") is not None:
        qs = qs.filter(assigned_to=filters["user"])
    elif filters.get("assigned") == "nobody":
        qs = qs.filter(assigned_to__isnull=True)
    age = AGE_FILTERS.get(str(filters.get("age") or ""))
    if age:
        qs = qs.filter(created_at__lte=timezone.now() - dt.timedelta(days=age))
    return qs


def median_hours_to_first_reply(qs: QuerySet[Inquiry] | None = None) -> float | None:
    """Median time from arrival to the first reply sent, in hours (None without replies)."""
    rows = (qs if qs is not None else Inquiry.objects.all()).filter(first_replied_at__isnull=False)
    hours = [
        (replied - created).total_seconds() / 3600
        for created, replied in rows.values_list("created_at", "first_replied_at")
        if replied is not None
    ]
    return round(statistics.median(hours), 1) if hours else None


def _percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (the 'inclusive' method)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def reply_times_by_month(months: int = 12) -> list[dict[str, Any]]:
    """Per month of arrival (newest first): inquiries answered, median and 90th percentile
    hours from arrival to the first reply."""
    since = timezone.now() - dt.timedelta(days=31 * months)
    rows = Inquiry.objects.filter(first_replied_at__isnull=False, created_at__gte=since)
    by_month: dict[dt.date, list[float]] = {}
    for created, replied in rows.values_list("created_at", "first_replied_at"):
        if replied is None:
            continue
        local = timezone.localtime(created)
        month = dt.date(local.year, local.month, 1)
        by_month.setdefault(month, []).append((replied - created).total_seconds() / 3600)
    return [
        {
            "month": month,
            "count": len(hours),
            "median": round(statistics.median(hours), 1),
            "p90": round(_percentile(hours, 0.9), 1),
        }
        for month, hours in sorted(by_month.items(), reverse=True)
    ]
