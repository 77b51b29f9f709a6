from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from plaza.accounts.models import User
from plaza.inquiries import services
from plaza.inquiries.models import Inquiry
from tests.inquiries.factories import make_inquiry


@override_settings(PLAZA_INQUIRY_RETENTION_DAYS=30)
def test_old_inquiries_are_anonymised_by_the_command(db: Any, staff_user: User) -> None:
    old = make_inquiry(email="old@example.org")
    services.add_note(staff_user, old, "Called Ana Pérez back.")
    recent = make_inquiry(email="new@example.org")
    Inquiry.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    out = StringIO()
    call_command("anonymise-inquiries", stdout=out)
    assert "Anonymised 1" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at is not None
    assert "old@example.org" not in old.email and old.name == "—" and old.message == "—"
    assert old.outcome == "decline"  # kept for the figures
    assert old.notes.get().text == "—"
    assert old.screenings.get().draft_body == "—"
    assert recent.anonymised_at is None and recent.email == "new@example.org"
    # Personal data is not kept in the history either.
    assert not hasattr(old.history.first(), "email")
    call_command("anonymise-inquiries", stdout=out)  # idempotent
    assert Inquiry.objects.filter(anonymised_at__isnull=False).count() == 1
