"""Reads for inquiries: referral lists, the staff queue and its figures."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from plaza.directory.models import Organization, OrganizationKind
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
    qs = Inquiry.objects.select_related("assigned_to").order_by("-created_at")
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
