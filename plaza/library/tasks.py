"""Background work of the knowledge base (django-tasks; run by `plaza worker`)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task

from plaza.core.priorities import INTERACTIVE, PREVIEW
from plaza.library import alerts
from plaza.library.extraction import Extracted, ExtractionError, extract_file
from plaza.library.models import ExtractionStatus, PreviewStatus, ResourceFile, preview_path
from plaza.library.previews import PREVIEW_TYPES, Preview, PreviewError, make_preview
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


def _render(resource_file: ResourceFile) -> Preview | str:
    """The preview, or the reason it could not be made (never raises)."""
    try:
        return make_preview(resource_file.file.path, resource_file.content_type)
    except PreviewError as exc:
        return str(exc)
    except OSError as exc:
        return f"the stored file cannot be read ({exc.strerror or exc})"


def run_preview(file_id: int) -> str:
    """Draw the first page (no transaction held), store the image, then record it in one short
    transaction; a failure is recorded on the file with its reason, never raised."""
    resource_file = ResourceFile.objects.filter(pk=file_id).first()
    if resource_file is None:
        return "gone"
    if resource_file.content_type not in PREVIEW_TYPES:
        ResourceFile.objects.filter(pk=file_id).update(preview_status=PreviewStatus.NONE)
        return str(PreviewStatus.NONE)
    outcome = _render(resource_file)
    storage = resource_file.thumbnail.storage
    stored = ""
    if isinstance(outcome, Preview):
        stored = storage.save(preview_path(resource_file, "page.png"), ContentFile(outcome.png))
    with transaction.atomic():
        current = (
            ResourceFile.objects.select_for_update()
            .filter(pk=file_id, file=resource_file.file.name)
            .first()
        )
        if current is None:  # removed or replaced while we drew it
            if stored:
                transaction.on_commit(lambda: storage.delete(stored))
            return "gone"
        old = current.thumbnail.name
        if isinstance(outcome, Preview):
            changes = {
                "thumbnail": stored,
                "page_count": outcome.page_count,
                "preview_status": PreviewStatus.DONE,
                "preview_message": "",
            }
        else:
            changes = {
                "thumbnail": "",
                "page_count": None,
                "preview_status": PreviewStatus.FAILED,
                "preview_message": outcome[:500],
            }
        # A plain UPDATE: a preview is not an edit of the record (no history entry).
        ResourceFile.objects.filter(pk=file_id).update(**changes)
        if old and old != stored:
            transaction.on_commit(lambda: storage.delete(old))
        return str(changes["preview_status"])


@task(priority=PREVIEW)
def make_file_preview(file_id: int) -> str:
    return run_preview(file_id)


@task()
def send_alerts() -> str:
    """The saved searches' and followed collections' e-mail digests (idempotent per period)."""
    return f"alerts {alerts.send_alerts()}"
