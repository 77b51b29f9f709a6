"""Background tasks (django-tasks): the scheduled anonymisation of old inquiries, the embedding
of edited rules' examples."""

from __future__ import annotations

from django_tasks import task

from plaza.core.priorities import DEFAULT
from plaza.inquiries import services


@task()
def anonymise_expired_inquiries() -> int:
    """Remove personal data from inquiries older than PLAZA_INQUIRY_RETENTION_DAYS."""
    return services.anonymise_expired_inquiries()


@task(priority=DEFAULT)
def prepare_rule_examples() -> int:
    """Embed and store the examples of rules edited since (the next inquiry need not)."""
    from plaza.inquiries import meaning
    from plaza.inquiries.screening import active_rules

    return meaning.prepare_examples(active_rules())
