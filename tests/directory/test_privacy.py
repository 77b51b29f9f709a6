"""Person export (everything held) and erasure on request (anonymised, logged, counts kept)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count

from plaza.accounts.models import User
from plaza.directory import services
from plaza.directory.models import (
    Consent,
    ErasureLog,
    Gender,
    Organization,
    Person,
    Position,
)
from plaza.directory.privacy import ERASED_NAME
from plaza.directory.signals import person_erased

pytestmark = pytest.mark.django_db


def test_export_holds_everything_about_the_person(world: Any, staff_user: User) -> None:
    person = world.hidden_a
    services.update_person(staff_user, person, phone="+51 999 000 000")
    data = services.export_person(staff_user, person)
    json.dumps(data)  # serialisable as it is
    assert data["person"]["name"] == "Rosa Hidden"
    assert data["person"]["email"] == "rosa@example.pe"
    assert data["person"]["phone"] == "+51 999 000 000"
    assert [p["organization"]["slug"] for p in data["positions"]] == ["vendors-lima"]
    assert [c["scope"] for c in data["consents"]] == ["contact-by-staff"]
    assert data["consents"][0]["source"] == "Signed form, office file 12"
    phones = [row["phone"] for row in data["history"]["person"]]
    assert phones == ["+51 999 111 222", "+51 999 000 000"]
    assert data["history"]["positions"][0]["organization_id"] == world.org_a.pk
    assert data["exported_by"] == str(staff_user)


def test_export_is_staff_only(world: Any, lima_coordinator: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.export_person(lima_coordinator, world.hidden_a)


def _counts() -> dict[str, Any]:
    return {
        "people": Person.objects.count(),
        "women": Person.objects.filter(gender=Gender.WOMAN).count(),
        "positions": dict(
            Organization.objects.annotate(n=Count("positions")).values_list("slug", "n")
        ),
    }


def test_erasure_anonymises_logs_and_keeps_counts(world: Any, staff_user: User) -> None:
    person = world.hidden_a
    services.update_person(staff_user, person, notes="Prefers calls after 6pm")
    before = _counts()
    log = services.erase_person(
        staff_user, person, reason="Asked by email", requested_on=datetime.date(2026, 11, 1)
    )
    assert _counts() == before

    person.refresh_from_db()
    assert person.is_erased
    assert person.name == ERASED_NAME
    assert (person.phone, person.email, person.address, person.notes) == ("", "", "", "")
    assert Position.objects.filter(person=person, organization=world.org_a).exists()
    assert all(c.withdrawn_on and not c.source for c in Consent.objects.filter(person=person))

    # No history row holding the old name or contact details is left.
    assert not Person.history.filter(id=person.pk).exists()
    assert not Consent.history.filter(person_id=person.pk).exists()
    assert "Rosa" not in json.dumps(services.export_person(staff_user, person))

    assert ErasureLog.objects.get() == log
    assert log.erased_by == staff_user
    assert log.reason == "Asked by email"
    assert log.details["history_rows_deleted"] >= 3
    assert "Rosa" not in json.dumps(log.details)
    # Other people are untouched.
    world.listed_a.refresh_from_db()
    assert world.listed_a.name == "Carmen Listed"


def test_erasure_calls_other_apps_in_the_same_transaction(world: Any, staff_user: User) -> None:
    calls: list[int] = []

    def receiver(sender: Any, person: Person, user: User, **kw: Any) -> dict[str, int]:
        calls.append(person.pk)
        return {"attendance_notes_cleared": 2}

    person_erased.connect(receiver)
    try:
        log = services.erase_person(staff_user, world.hidden_a, reason="request")
    finally:
        person_erased.disconnect(receiver)
    assert calls == [world.hidden_a.pk]
    assert {"attendance_notes_cleared": 2} in log.details.values()


def test_erasure_needs_a_reason_staff_and_happens_once(
    world: Any, staff_user: User, lima_coordinator: Any
) -> None:
    with pytest.raises(PermissionDenied):
        services.erase_person(lima_coordinator, world.hidden_a, reason="x")
    with pytest.raises(ValidationError) as exc:
        services.erase_person(staff_user, world.hidden_a, reason="  ")
    assert "reason" in exc.value.message_dict
    services.erase_person(staff_user, world.hidden_a, reason="request")
    with pytest.raises(ValidationError):
        services.erase_person(staff_user, world.hidden_a, reason="again")
    assert ErasureLog.objects.count() == 1
    world.hidden_a.refresh_from_db()
    assert not world.hidden_a.is_listed_publicly


def test_erasure_clears_the_admin_log(world: Any, admin_user: User, staff_user: User) -> None:
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    person = world.hidden_a
    LogEntry.objects.create(
        user=admin_user,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message="Changed phone.",
    )
    log = services.erase_person(staff_user, person, reason="request")
    assert log.details["admin_log_entries_cleared"] == 1
    assert not LogEntry.objects.filter(object_repr__contains="Rosa").exists()
