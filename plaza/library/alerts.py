"""E-mail alerts of saved searches and followed collections (run by the worker).

Each user gets at most one digest per period and frequency (a day for "daily", an ISO week
for "weekly"): the notice's key names the period, so ``plaza.accounts.notifications`` never
sends it twice, even when two workers race. A digest lists, for each of the user's saved
searches and followed collections of that frequency, the records published (or added to the
collection) since its last digest that the user may see, found by the same search service
as the search page, in the user's language. Nothing new: no mail.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation

from plaza.accounts.notifications import absolute_url, language_of, send_notice, wants_notices
from plaza.core.types import User
from plaza.library.lists import AlertFrequency, SavedSearch
from plaza.library.models import Resource
from plaza.library.selectors import visible_resources, with_related
from plaza.search import services as search_services
from plaza.search.params import from_query_dict

SCAN_PAGE_SIZE = 100  # the search service's largest page
SCAN_PAGES = 20  # a saved search's new records are looked for among its first 2,000 results
LISTED = 20  # records named per saved search in one digest


@dataclass
class Section:
    title: str
    url: str
    records: list[tuple[str, str]]  # (title, absolute link)
    more: int


def period_of(frequency: str, now: datetime.datetime) -> str:
    day = timezone.localtime(now).date()
    if frequency == AlertFrequency.DAILY:
        return day.isoformat()
    week = day.isocalendar()
    return f"{week.year}-W{week.week:02d}"


def search_path(saved: SavedSearch, language: str) -> str:
    with translation.override(language):
        if saved.collection_id is not None and saved.collection is not None:
            return saved.collection.get_absolute_url()
        return reverse("search:search") + "?" + saved.query


def matched_pks(query: str, user: User, language: str, wanted: set[int]) -> list[int]:
    """Which of ``wanted`` (resource ids) the saved search finds for ``user``, in its order."""
    params = replace(
        from_query_dict(QueryDict(query), language),
        per_page=SCAN_PAGE_SIZE,
        facets=False,
        snippets=False,
    )
    found: list[int] = []
    for page in range(1, SCAN_PAGES + 1):
        result = search_services.search(replace(params, page=page), user)
        found += [h.pk for h in result.hits if h.model == "library.resource" and h.pk in wanted]
        if len(found) == len(wanted) or page >= result.pages:
            break
    return found


def new_records(
    saved: SavedSearch, user: User, since: datetime.datetime, until: datetime.datetime
) -> list[Resource]:
    """The records new to ``saved`` in (since, until] that ``user`` may see, in its order."""
    visible = visible_resources(user)
    if saved.collection_id is not None:
        qs: QuerySet[Resource] = visible.filter(
            collection_items__collection_id=saved.collection_id,
            collection_items__added_at__gt=since,
            collection_items__added_at__lte=until,
        ).order_by("collection_items__position", "pk")
        return list(with_related(qs.distinct()))
    fresh = set(
        visible.filter(published_at__gt=since, published_at__lte=until).values_list("pk", flat=True)
    )
    if not fresh:
        return []
    order = matched_pks(saved.query, user, language_of(user), fresh)
    by_pk = with_related(Resource.objects.filter(pk__in=order)).in_bulk()
    return [by_pk[pk] for pk in order if pk in by_pk]


def _section(saved: SavedSearch, records: list[Resource], language: str) -> Section:
    with translation.override(language):
        links = [(r.title, absolute_url(r.get_absolute_url())) for r in records[:LISTED]]
    return Section(
        title=saved.title,
        url=absolute_url(search_path(saved, language)),
        records=links,
        more=max(0, len(records) - LISTED),
    )


def send_alerts(now: datetime.datetime | None = None) -> int:
    """Send the digests that are due; returns how many were sent (idempotent)."""
    now = now or timezone.now()
    sent = 0
    users = get_user_model().objects.filter(saved_searches__isnull=False).distinct()
    for user in users.order_by("pk"):
        if not wants_notices(user):
            continue
        language = language_of(user)
        for frequency in AlertFrequency.values:
            key = f"library:alerts:{frequency}:{period_of(frequency, now)}"
            if user.sent_notices.filter(key=key).exists():
                continue
            saved = list(
                SavedSearch.objects.filter(user=user, frequency=frequency).select_related(
                    "collection"
                )
            )
            sections = []
            for item in saved:
                records = new_records(item, user, item.last_sent_at or item.created_at, now)
                if records:
                    sections.append(_section(item, records, language))
            if not sections:
                continue
            with translation.override(language):
                manage = reverse("library:alerts")
            if send_notice(
                user,
                key=key,
                kind=f"library-alert-{frequency}",
                template="library/mail/alerts",
                context={"sections": sections, "frequency": frequency},
                url=manage,
            ):
                SavedSearch.objects.filter(pk__in=[s.pk for s in saved]).update(last_sent_at=now)
                sent += 1
    return sent
