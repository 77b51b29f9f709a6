"""Background work of focal cities (django-tasks; run by `plaza worker`)."""

from __future__ import annotations

from django_tasks import task

from plaza.cities import notices


@task()
def send_reminders() -> str:
    """Commitment reminders and the weekly digest (idempotent: run as often as you like)."""
    sent = notices.send_reminders()
    return f"due soon {sent.due_soon}, overdue {sent.overdue}, digests {sent.digests}"
