"""Background tasks (django-tasks): the scheduled anonymisation of old inquiries."""

from __future__ import annotations

from django_tasks import task

from plaza.inquiries import services


@task()
def anonymise_expired_inquiries() -> int:
    """Remove personal data from inquiries older than PLAZA_INQUIRY_RETENTION_DAYS."""
    return services.anonymise_expired_inquiries()
