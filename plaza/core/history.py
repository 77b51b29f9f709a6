"""Readable history of a record (django-simple-history), for a "History" section on its page.

``record_history(obj)`` lists the record's versions newest first, each with who made it, when,
and the fields that changed (label in the interface language, old and new value as shown on
pages). The page includes ``core/_history.html`` with ``history=record_history(...)``; it is the
page's job to call it only for readers who may see the record, and to pass ``hidden`` fields
(private ones) for readers who may not see those.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

SKIPPED = {"id", "created_at", "updated_at", "is_demo"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Version:
    when: datetime.datetime
    who: str
    action: str  # "created", "changed", "deleted"
    changes: list[FieldChange] = field(default_factory=list)
    subject: str = ""  # for a part shown with its record (a milestone of a campaign)


def _display(model: type[models.Model], name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    try:
        f = model._meta.get_field(name)
    except Exception:
        return str(value)
    if isinstance(f, models.ManyToManyField) and isinstance(value, list):
        own = model._meta.model_name
        ids = [v for row in value if isinstance(row, dict) for k, v in row.items() if k != own]
        related = f.related_model._default_manager.in_bulk(ids)  # type: ignore[union-attr]
        return ", ".join(str(related[i]) for i in ids if i in related) or "—"
    if getattr(f, "choices", None):
        return str(dict(getattr(f, "flatchoices", ())).get(value, value))
    if isinstance(f, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(f, models.ForeignKey):
        target = f.related_model._default_manager.filter(pk=value).first()  # type: ignore[union-attr]
        return str(target) if target is not None else "—"
    if isinstance(value, datetime.date):
        return str(formats.date_format(value, "DATE_FORMAT"))
    return str(value)


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name)).capitalize()
    except Exception:
        return name


def record_history(
    obj: models.Model,
    *,
    parts: Iterable[models.Model] = (),
    hidden: Iterable[str] = (),
    show_authors: bool = True,
    limit: int = 50,
) -> list[Version]:
    """The record's versions, and those of its ``parts`` (each named), newest first."""
    hidden = list(hidden)
    versions = _versions(obj, hidden=hidden, show_authors=show_authors, limit=limit)
    for part in parts:
        subject = f"{str(part._meta.verbose_name).capitalize()}: {part}"
        for version in _versions(part, hidden=hidden, show_authors=show_authors, limit=limit):
            version.subject = subject
            versions.append(version)
    versions.sort(key=lambda v: v.when, reverse=True)
    return versions[:limit]


def _versions(
    obj: models.Model, *, hidden: Iterable[str], show_authors: bool, limit: int
) -> list[Version]:
    model = type(obj)
    history = getattr(obj, "history", None)
    if history is None:
        return []
    hidden = set(hidden) | SKIPPED
    records = list(
        history.select_related("history_user").order_by("-history_date", "-pk")[: limit + 1]
    )
    versions: list[Version] = []
    actions = {"+": "created", "~": "changed", "-": "deleted"}
    for i, record in enumerate(records[:limit]):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes: list[FieldChange] = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in hidden:
                    continue
                changes.append(
                    FieldChange(
                        _label(model, change.field),
                        _display(model, change.field, change.old),
                        _display(model, change.field, change.new),
                    )
                )
            if not changes:
                continue  # nothing the reader may see changed
        who = str(record.history_user or "") if show_authors else ""
        versions.append(
            Version(record.history_date, who, actions.get(record.history_type, "changed"), changes)
        )
    return versions
