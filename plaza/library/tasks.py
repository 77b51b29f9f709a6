"""Background work of the knowledge base (django-tasks; run by `plaza worker`)."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from plaza.core.priorities import INTERACTIVE
from plaza.library import alerts
from plaza.library.extraction import Extracted, ExtractionError, extract_file
from plaza.library.models import ExtractionStatus, ResourceFile
from plaza.search import registry


def _extract(resource_file: ResourceFile) -> Extracted | str:
    """The text, or the reason it could not be had (never raises)."""
    try:
        return extract_file(resource_file.file.path, resource_file.content_type)
    except ExtractionError as exc:
        return str(exc)
    except OSError as exc:
        return f"the stored file cannot be read ({exc.strerror or exc})"


def _apply(resource_file: ResourceFile, outcome: Extracted | str) -> None:
    if isinstance(outcome, str):
        resource_file.text = ""
        resource_file.extraction_status = ExtractionStatus.FAILED
        resource_file.extraction_message = outcome[:500]
    else:
        resource_file.text = outcome.text.replace("\x00", "")
        resource_file.extraction_status = ExtractionStatus.DONE
        resource_file.extraction_message = outcome.note[:500]
    resource_file.save(update_fields=["text", "extraction_status", "extraction_message"])


@task(priority=INTERACTIVE)
def extract_file_text(file_id: int) -> str:
    """Parse first (no transaction, no lock), then save the result in one short transaction."""
    resource_file = ResourceFile.objects.filter(pk=file_id).first()
    if resource_file is None:
        return "gone"
    outcome = _extract(resource_file)
    with transaction.atomic():
        current = (
            ResourceFile.objects.select_for_update()
            .select_related("resource")
            .filter(pk=file_id, file=resource_file.file.name)
            .first()
        )
        if current is None:
            return "gone"
        _apply(current, outcome)
        registry.index_object(current.resource)
        return str(current.extraction_status)


@task()
def send_alerts() -> str:
    """The saved searches' and followed collections' e-mail digests (idempotent per period)."""
    return f"alerts {alerts.send_alerts()}"
