"""E-mail notices of city work, sent through ``plaza.accounts.notifications`` (one mail per event
and recipient, in the recipient's language, never twice; users may turn them off).

- a commitment coming due (``CITIES_REMINDER_DAYS_AHEAD`` days ahead) and one newly overdue (due
  within the last ``OVERDUE_WINDOW_DAYS`` days and still open), to the city's coordinators and
  the responsible person when they have an account (an active user with the person's e-mail);
- being made responsible for a commitment, to that person's account;
- a weekly digest per coordinator of what changed in their cities (on
  ``CITIES_DIGEST_WEEKDAY``).

``send_reminders()`` is run by the worker (``plaza.cities.tasks.send_reminders``, one of
``PERIODIC_TASKS``) and by ``plaza send-reminders``; running it twice sends nothing new.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from plaza.accounts.models import User
from plaza.accounts.notifications import send_notice
from plaza.accounts.roles import Role
from plaza.accounts.scopes import users_scoped_to
from plaza.cities.models import City, Commitment
from plaza.cities.models.dialogue import OPEN_COMMITMENT_STATUSES

OVERDUE_WINDOW_DAYS = 14
DIGEST_DAYS = 7


def coordinators_of(city: City) -> list[User]:
    return list(
        users_scoped_to(city)
        .filter(is_active=True, groups__name=Role.CITY_COORDINATOR.value)
        .distinct()
        .order_by("pk")
    )


def account_of(person: Any) -> User | None:
    """The active account with the person's e-mail address, if exactly one."""
    email = (getattr(person, "email", "") or "").strip()
    if person is None or not email or getattr(person, "erased_at", None):
        return None
    users = list(User.objects.filter(email__iexact=email, is_active=True)[:2])
    return users[0] if len(users) == 1 else None


def recipients_of(commitment: Commitment) -> list[User]:
    users = {u.pk: u for u in coordinators_of(commitment.city)}
    account = account_of(commitment.responsible_person)
    if account is not None:
        users.setdefault(account.pk, account)
    return list(users.values())


def _commitment_context(commitment: Commitment) -> dict[str, Any]:
    return {
        "commitment": commitment,
        "agreement": commitment.agreement,
        "city": commitment.city,
    }


def made_responsible(commitment_pk: int) -> int:
    """Tell the responsible person's account that they answer for this commitment."""
    commitment = (
        Commitment.objects.select_related("agreement__platform__city", "responsible_person")
        .filter(pk=commitment_pk)
        .first()
    )
    if commitment is None or commitment.responsible_person is None:
        return 0
    account = account_of(commitment.responsible_person)
    if account is None:
        return 0
    sent = send_notice(
        account,
        key=f"cities:commitment:{commitment.pk}:responsible:{commitment.responsible_person_id}",
        kind="cities-responsible",
        template="cities/mail/made_responsible",
        context=_commitment_context(commitment),
        url=commitment.get_absolute_url(),
    )
    return 1 if sent else 0


@dataclass
class Sent:
    due_soon: int = 0
    overdue: int = 0
    digests: int = 0
    details: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.due_soon + self.overdue + self.digests


def send_reminders(today: datetime.date | None = None) -> Sent:
    today = today or timezone.localdate()
    sent = Sent()
    ahead = today + datetime.timedelta(days=settings.CITIES_REMINDER_DAYS_AHEAD)
    open_commitments = Commitment.objects.filter(
        status__in=OPEN_COMMITMENT_STATUSES
    ).select_related("agreement__platform__city", "responsible_person")
    for commitment in open_commitments.filter(due_date__gte=today, due_date__lte=ahead):
        for user in recipients_of(commitment):
            if send_notice(
                user,
                key=f"cities:commitment:{commitment.pk}:due-soon:{commitment.due_date:%Y-%m-%d}",
                kind="cities-due-soon",
                template="cities/mail/due_soon",
                context={
                    **_commitment_context(commitment),
                    "days": (commitment.due_date - today).days,
                },
                url=commitment.get_absolute_url(),
            ):
                sent.due_soon += 1
    since = today - datetime.timedelta(days=OVERDUE_WINDOW_DAYS)
    for commitment in open_commitments.filter(due_date__lt=today, due_date__gte=since):
        for user in recipients_of(commitment):
            if send_notice(
                user,
                key=f"cities:commitment:{commitment.pk}:overdue:{commitment.due_date:%Y-%m-%d}",
                kind="cities-overdue",
                template="cities/mail/overdue",
                context=_commitment_context(commitment),
                url=commitment.get_absolute_url(),
            ):
                sent.overdue += 1
    if today.weekday() == settings.CITIES_DIGEST_WEEKDAY:
        sent.digests = send_digests(today)
    return sent


@dataclass
class Change:
    when: datetime.datetime
    what: str
    title: str
    action: str
    who: str


def changes_in(city: City, start: datetime.datetime, end: datetime.datetime) -> list[Change]:
    """What was added, changed or removed in the city's work between start and end (history)."""
    from plaza.cities.models import Activity, Agreement, Meeting, Milestone, Session

    sources: list[tuple[Any, Q]] = [
        (Activity, Q(city_id=city.pk)),
        (Meeting, Q(platform__city_id=city.pk)),
        (Agreement, Q(platform__city_id=city.pk)),
        (Commitment, Q(agreement__platform__city_id=city.pk)),
        (Milestone, Q(activity__city_id=city.pk)),
        (Session, Q(activity__city_id=city.pk)),
    ]
    actions = {"+": "added", "~": "changed", "-": "removed"}
    changes: list[Change] = []
    for model, where in sources:
        ids = model.objects.filter(where).values("pk")
        # Records of this city that still exist (a removed record's city cannot be told from
        # every history row, so removals are left out rather than risk another city's).
        records = model.history.filter(
            history_date__gte=start, history_date__lt=end, id__in=ids
        ).select_related("history_user")
        for record in records:
            changes.append(
                Change(
                    when=record.history_date,
                    what=str(model._meta.verbose_name),
                    title=str(record.instance)[:120],
                    action=actions.get(record.history_type, "changed"),
                    who=str(record.history_user or ""),
                )
            )
    changes.sort(key=lambda c: c.when)
    return changes


def send_digests(today: datetime.date) -> int:
    """A digest to each coordinator of what changed in their cities over the last week."""
    end = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    start = end - datetime.timedelta(days=DIGEST_DAYS)
    week = today.isocalendar()
    count = 0
    by_user: dict[int, tuple[User, list[tuple[City, list[Change]]]]] = {}
    for city in City.objects.order_by("name"):
        changes = changes_in(city, start, end)
        if not changes:
            continue
        for user in coordinators_of(city):
            by_user.setdefault(user.pk, (user, []))[1].append((city, changes))
    for user, cities in by_user.values():
        if send_notice(
            user,
            key=f"cities:digest:{week.year}-W{week.week:02d}",
            kind="cities-digest",
            template="cities/mail/digest",
            context={"cities": cities, "start": start.date(), "end": today},
        ):
            count += 1
    return count
