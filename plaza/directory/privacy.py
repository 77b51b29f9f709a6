"""Requests about a person's data: export everything held (JSON) and erase on request.

Erasure anonymises the Person row instead of deleting it, so that every count that points at it
(positions per organisation, attendance, women's share of participants) stays unchanged. The
person's gender is kept for those counts; name, contact details, notes and language are cleared,
consent is withdrawn and its free-text source cleared, and the history rows that hold the old
values are deleted. An ErasureLog row says who erased, when and why, and holds no personal data.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plaza.core.types import User, signed_in
from plaza.directory.models import Consent, ErasureLog, Person, Position
from plaza.directory.signals import collect_person_data, person_erased

ERASED_NAME = "[erased]"
CLEARED_FIELDS = ("name", "phone", "email", "address", "preferred_language", "notes")
PERSON_EXPORT_FIELDS = (
    "id",
    "name",
    "gender",
    "phone",
    "email",
    "address",
    "preferred_language",
    "notes",
    "is_demo",
    "created_at",
    "updated_at",
    "erased_at",
)


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _row(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _value(getattr(obj, name)) for name in fields}


def _history_rows(manager: Any, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        {
            **_row(h, fields),
            "history_date": _value(h.history_date),
            "history_type": h.history_type,
            "history_user": str(h.history_user) if h.history_user_id else None,
        }
        for h in manager.order_by("history_date")
    ]


POSITION_FIELDS = ("id", "title", "title_detail", "start", "end", "is_demo")
CONSENT_FIELDS = ("id", "scope", "given_on", "method", "source", "withdrawn_on", "is_demo")


def person_data(person: Person) -> dict[str, Any]:
    """Everything the directory holds about ``person``, as JSON-serialisable data."""
    positions = Position.objects.filter(person=person).select_related("organization")
    consents = Consent.objects.filter(person=person)
    return {
        "person": _row(person, PERSON_EXPORT_FIELDS),
        "positions": [
            {
                **_row(p, POSITION_FIELDS),
                "organization": {"slug": p.organization.slug, "name": p.organization.name},
            }
            for p in positions
        ],
        "consents": [
            {
                **_row(c, CONSENT_FIELDS),
                "recorded_by": str(c.recorded_by) if c.recorded_by_id else None,
            }
            for c in consents
        ],
        "history": {
            "person": _history_rows(Person.history.filter(id=person.pk), PERSON_EXPORT_FIELDS),
            "positions": _history_rows(
                Position.history.filter(person_id=person.pk),
                ("id", "organization_id", *POSITION_FIELDS[1:]),
            ),
            "consents": _history_rows(Consent.history.filter(person_id=person.pk), CONSENT_FIELDS),
        },
        "erasures": [
            {
                "erased_at": _value(e.erased_at),
                "erased_by": str(e.erased_by) if e.erased_by_id else None,
                "reason": e.reason,
                "requested_on": _value(e.requested_on),
            }
            for e in person.erasures.all()
        ],
    }


def export_person(user: User, person: Person) -> dict[str, Any]:
    """The subject-access export: the directory's data plus what other apps hold."""
    if not user.has_perm("directory.export_person", person):
        raise PermissionDenied(_("Only network staff can export a person's data."))
    data = person_data(person)
    other: dict[str, Any] = {}
    for receiver, value in collect_person_data.send(sender=Person, person=person, user=user):
        if value is not None:
            label = getattr(receiver, "__module__", str(receiver)).split(".")[1:2]
            other[label[0] if label else str(receiver)] = value
    data["other_records"] = other
    data["exported_at"] = timezone.now().isoformat()
    data["exported_by"] = str(user)
    data["format"] = "plaza.directory.person-export/1"
    return data


def _clear_admin_log(person: Person, consent_ids: list[int]) -> int:
    """The admin's own log names the records it changed (str() holds the person's name)."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    position_ids = list(Position.objects.filter(person=person).values_list("pk", flat=True))
    cleared = 0
    for model, ids in ((Person, [person.pk]), (Position, position_ids), (Consent, consent_ids)):
        content_type = ContentType.objects.get_for_model(model)
        cleared += LogEntry.objects.filter(
            content_type=content_type, object_id__in=[str(pk) for pk in ids]
        ).update(object_repr=ERASED_NAME, change_message="")
    return cleared


@transaction.atomic
def erase_person(
    user: User, person: Person, *, reason: str, requested_on: datetime.date | None = None
) -> ErasureLog:
    if not user.has_perm("directory.erase_person", person):
        raise PermissionDenied(_("Only network staff can erase a person's data."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the person is erased (e.g. their request).")})
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_erased:
        raise ValidationError({"reason": _("This person was already erased.")})
    today = timezone.localdate()

    consents = Consent.objects.filter(person=person)
    withdrawn = consents.filter(withdrawn_on__isnull=True).count()
    consent_ids = list(consents.values_list("pk", flat=True))
    consents.filter(withdrawn_on__isnull=True).update(withdrawn_on=today)
    consents.update(source="")

    person.name = ERASED_NAME
    person.phone = person.email = person.address = person.preferred_language = person.notes = ""
    person.erased_at = timezone.now()
    person.skip_history_when_saving = True  # type: ignore[attr-defined]
    person.save()
    del person.skip_history_when_saving  # type: ignore[attr-defined]

    deleted_person_history, _d1 = Person.history.filter(id=person.pk).delete()
    deleted_consent_history, _d2 = Consent.history.filter(id__in=consent_ids).delete()
    admin_entries = _clear_admin_log(person, consent_ids)
    details: dict[str, Any] = {
        "fields_cleared": list(CLEARED_FIELDS),
        "consents_withdrawn": withdrawn,
        "history_rows_deleted": deleted_person_history + deleted_consent_history,
        "admin_log_entries_cleared": admin_entries,
        "positions_kept": Position.objects.filter(person=person).count(),
    }
    for receiver, value in person_erased.send(sender=Person, person=person, user=user):
        if value:
            label = getattr(receiver, "__module__", str(receiver))
            details[label] = value
    return ErasureLog.objects.create(
        person=person,
        erased_by=signed_in(user),
        reason=reason,
        requested_on=requested_on,
        details=details,
    )
