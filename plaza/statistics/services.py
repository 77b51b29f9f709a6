"""Writes on statistics: each checks permission, validates, saves in one transaction, keeps history."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from plaza.cities.models import City
from plaza.core import versions
from plaza.core.types import User
from plaza.statistics import selectors
from plaza.statistics.builtin import (
    ILOSTAT_LICENCE,
    ILOSTAT_SOURCE,
    ILOSTAT_URL,
    ensure_builtin_indicators,
)
from plaza.statistics.importers import ObservationRecord, RowProblem, parse_file
from plaza.statistics.indexing import index_indicators
from plaza.statistics.models import Indicator, Observation

UPDATED_FIELDS = ["value", "status", "source", "source_note", "imported_from", "updated_at"]
COMPARED_FIELDS = ("value", "status", "source", "source_note")
BATCH_SIZE = 500
ILOSTAT_FILE_CODE = re.compile(r"^(?P<code>[A-Z0-9]+(?:_[A-Z0-9]+)+)-\d{8}")

Key = tuple[int, str, int | None, str, int, str]


@dataclass
class ImportReport:
    """What an import found and did; ``applied`` is False when anything stopped it."""

    file_name: str
    layout: str = ""
    rows_read: int = 0
    errors: list[RowProblem] = field(default_factory=list)
    unmapped: dict[str, list[int]] = field(default_factory=dict)
    without_value: list[int] = field(default_factory=list)
    new_indicators: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    applied: bool = False
    dry_run: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return _("Nothing was imported: %(count)s problem(s) found.") % {
                "count": len(self.errors)
            }
        if self.dry_run:
            return _(
                "Checked only, nothing was saved: %(created)s figures would be added, "
                "%(updated)s changed, %(unchanged)s unchanged."
            ) % {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
        return _(
            "%(read)s rows read: %(created)s figures added, %(updated)s changed, "
            "%(unchanged)s unchanged, %(unmapped)s rows with an unknown place skipped, "
            "%(empty)s rows without a value skipped."
        ) % {
            "read": self.rows_read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "unmapped": sum(len(lines) for lines in self.unmapped.values()),
            "empty": len(self.without_value),
        }


def can_import(user: User | None) -> bool:
    return user is None or bool(user.has_perm("statistics.import_observations"))


def import_statistics(
    user: User | None,
    data: bytes | str,
    file_name: str,
    *,
    strict: bool = False,
    dry_run: bool = False,
    only_city: City | None = None,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> ImportReport:
    """Validate a whole file, then apply it whole (or nothing). ``user`` None = the command line.

    ``strict``: an unknown place label is an error (otherwise its rows are skipped and reported).
    ``dry_run``: check and count what would change, save nothing.
    ``only_city``: every row must be a figure of that focal city (the city's upload form).
    """
    if only_city is not None:
        if not user_can_add_city_figures(user, only_city):
            raise PermissionDenied(_("You cannot add figures for this city."))
    elif not can_import(user):
        raise PermissionDenied(_("You cannot import statistics."))
    started = time.perf_counter()
    file_name = PurePath(file_name).name
    parsed = parse_file(data, progress=progress)
    report = ImportReport(
        file_name=file_name,
        dry_run=dry_run,
        layout=parsed.layout,
        rows_read=parsed.rows_read,
        errors=list(parsed.errors),
        unmapped=parsed.unmapped,
        without_value=parsed.without_value,
    )
    if strict:
        for label, lines in parsed.unmapped.items():
            for line in lines:
                report.errors.append(
                    RowProblem(line, "ref_area", _("unknown country %(label)r") % {"label": label})
                )
    if not report.errors:
        with transaction.atomic():
            _apply(user, parsed.layout, parsed.records, report, only_city)
            if report.errors:
                transaction.set_rollback(True)
                report.created = report.updated = report.unchanged = 0
                report.new_indicators = []
            elif dry_run:
                transaction.set_rollback(True)
            else:
                report.applied = True
                versions.bump(DATA_VERSION)
                index_indicators()  # a statistics page appears in search with its first figure
    report.errors.sort(key=lambda problem: problem.line)
    report.seconds = time.perf_counter() - started
    return report


def _resolve_indicators(
    layout: str, records: list[ObservationRecord], report: ImportReport
) -> dict[str, Indicator]:
    ensure_builtin_indicators()
    wanted = {record.indicator for record in records}
    found: dict[str, Indicator] = {}
    if layout == "plaza":
        found = {i.code: i for i in Indicator.objects.filter(code__in=wanted)}
    else:
        for indicator in Indicator.objects.all():
            for label in (indicator.source_label, indicator.names.get("en", ""), indicator.code):
                if label in wanted:
                    found.setdefault(label, indicator)
        missing = wanted - found.keys()
        match = ILOSTAT_FILE_CODE.match(report.file_name)
        if len(missing) == 1 and match:
            # An ILOSTAT indicator Plaza does not know yet: its code is in the file name.
            label = missing.pop()
            indicator, created = Indicator.objects.get_or_create(
                code=match["code"],
                defaults={
                    "names": {"en": re.sub(r"\s*\([^)]*\)$", "", label)},
                    "source_label": label,
                    "unit": "%" if label.endswith("(%)") else "",
                    "source": ILOSTAT_SOURCE,
                    "source_url": ILOSTAT_URL,
                    "licence": ILOSTAT_LICENCE,
                },
            )
            found[label] = indicator
            if created:
                report.new_indicators.append(indicator.code)
    return found


def _apply(
    user: User | None,
    layout: str,
    records: list[ObservationRecord],
    report: ImportReport,
    only_city: City | None,
) -> None:
    indicators = _resolve_indicators(layout, records, report)
    cities = {c.slug: c for c in City.objects.filter(slug__in={r.city for r in records if r.city})}
    keyed: dict[Key, ObservationRecord] = {}
    for record in records:
        indicator = indicators.get(record.indicator)
        city = cities.get(record.city) if record.city else None
        if indicator is None:
            report.errors.append(
                RowProblem(
                    record.line,
                    "indicator",
                    _("unknown indicator %(value)r") % {"value": record.indicator},
                )
            )
            continue
        if record.city and city is None:
            report.errors.append(
                RowProblem(
                    record.line, "city", _("no focal city %(value)r") % {"value": record.city}
                )
            )
            continue
        if only_city is not None and (city is None or city.pk != only_city.pk):
            report.errors.append(
                RowProblem(
                    record.line,
                    "city",
                    _("this form takes figures of %(city)s only") % {"city": only_city.name_in()},
                )
            )
            continue
        key: Key = (
            indicator.pk,
            record.country,
            city.pk if city else None,
            record.sex,
            record.year,
            record.period,
        )
        keyed[key] = record
    if report.errors:
        return
    existing = _existing_observations(keyed)
    to_create: list[Observation] = []
    to_update: list[Observation] = []
    now = timezone.now()
    for key, record in keyed.items():
        obs = existing.get(key)
        if obs is None:
            to_create.append(
                Observation(
                    indicator_id=key[0],
                    country=key[1],
                    city_id=key[2],
                    sex=key[3],
                    year=key[4],
                    period=key[5],
                    value=record.value,
                    status=record.status,
                    source=record.source,
                    source_note=record.source_note,
                    imported_from=report.file_name,
                )
            )
        elif any(getattr(obs, name) != getattr(record, name) for name in COMPARED_FIELDS):
            for name in COMPARED_FIELDS:
                setattr(obs, name, getattr(record, name))
            obs.imported_from = report.file_name
            obs.updated_at = now
            to_update.append(obs)
        else:
            report.unchanged += 1
    history_user = user if user is not None and user.is_authenticated else None
    if to_create:
        bulk_create_with_history(
            to_create, Observation, batch_size=BATCH_SIZE, default_user=history_user
        )
    if to_update:
        bulk_update_with_history(
            to_update,
            Observation,
            fields=UPDATED_FIELDS,
            batch_size=BATCH_SIZE,
            default_user=history_user,
            default_change_reason=_("imported from %(file)s") % {"file": report.file_name},
        )
    report.created, report.updated = len(to_create), len(to_update)


def _existing_observations(keyed: dict[Key, ObservationRecord]) -> dict[Key, Observation]:
    indicator_ids = {key[0] for key in keyed}
    countries = {key[1] for key in keyed if key[1]}
    city_ids = {key[2] for key in keyed if key[2] is not None}
    existing: dict[Key, Observation] = {}
    queries = []
    if countries:
        queries.append(
            Observation.objects.filter(
                indicator_id__in=indicator_ids, city__isnull=True, country__in=countries
            )
        )
    if city_ids:
        queries.append(
            Observation.objects.filter(indicator_id__in=indicator_ids, city__in=city_ids)
        )
    for queryset in queries:
        for obs in queryset.iterator(chunk_size=2000):
            existing[
                (obs.indicator_id, obs.country, obs.city_id, obs.sex, obs.year, obs.period)
            ] = obs
    return existing


def user_can_add_city_figures(user: User | None, city: City) -> bool:
    return user is not None and bool(user.has_perm("statistics.add_city_figure", city))


@transaction.atomic
def record_city_figure(
    user: User,
    city: City,
    *,
    indicator: Indicator,
    sex: str,
    year: int,
    value: Decimal,
    source: str,
    period: str = "",
    status: str = "",
    source_note: str = "",
) -> Observation:
    """Enter (or correct) one figure of a focal city by hand; the previous value stays in history."""
    if not user_can_add_city_figures(user, city):
        raise PermissionDenied(_("You cannot add figures for this city."))
    if not source.strip():
        raise ValidationError({"source": _("Every figure needs its source.")})
    obs = Observation.objects.filter(
        indicator=indicator, city=city, sex=sex, year=year, period=period
    ).first() or Observation(
        indicator=indicator, city=city, country="", sex=sex, year=year, period=period
    )
    obs.value = value
    obs.status = status
    obs.source = source.strip()
    obs.source_note = source_note.strip()
    obs.imported_from = ""
    obs.full_clean(validate_unique=False, validate_constraints=False)
    obs._history_user = user  # type: ignore[attr-defined]  # simple-history: who changed it
    obs.save()  # the statistics version changes with it (data_changed)
    index_indicators([indicator])
    return obs


# The data version of every figure computed from indicators and observations (plaza.core.versions).
DATA_VERSION = selectors.DATA_VERSION


def data_changed(**_kwargs: Any) -> None:
    """Receiver for saves and deletes of indicators and observations (admin edits included);
    bulk writes bump the version themselves."""
    versions.bump(DATA_VERSION)


INDICATOR_FIELDS = (
    "code",
    "names",
    "definitions",
    "source_label",
    "unit",
    "source",
    "source_url",
    "licence",
)


@transaction.atomic
def save_indicator(user: User, indicator: Indicator, data: dict[str, Any]) -> Indicator:
    """Add an indicator, or correct its names, definitions and source (the admin's Indicators):
    validated, with history, indexed again (its names are searched in every language) and the
    figures' data version bumped (by the save)."""
    if not user.has_perm("statistics.import_observations"):
        raise PermissionDenied(_("You cannot change indicators."))
    unknown = sorted(set(data) - set(INDICATOR_FIELDS))
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    for name, value in data.items():
        setattr(indicator, name, value.strip() if isinstance(value, str) else value)
    indicator.full_clean()
    indicator._history_user = user if user.is_authenticated else None  # type: ignore[attr-defined]
    indicator.save()
    index_indicators([indicator])
    return indicator
