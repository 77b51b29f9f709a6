"""Background work of the knowledge base (django-tasks; run by `plaza worker`)."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from plaza.core.priorities import INTERACTIVE
from plaza.library.extraction import ExtractionError, extract_text
from plaza.library.models import ExtractionStatus, ResourceFile
from plaza.search import registry


def run_extraction(resource_file: ResourceFile) -> ResourceFile:
    """Extract one file's text; a failure is recorded on the file, never raised."""
    try:
        with resource_file.file.open("rb") as stream:
            text = extract_text(stream, resource_file.content_type)
    except ExtractionError as exc:
        resource_file.text = ""
        resource_file.extraction_status = ExtractionStatus.FAILED
        resource_file.extraction_message = str(exc)[:500]
    except OSError as exc:
        resource_file.text = ""
        resource_file.extraction_status = ExtractionStatus.FAILED
        resource_file.extraction_message = f"the stored file cannot be read ({exc.strerror or exc})"
    else:
        resource_file.text = text.replace("\x00", "")
        resource_file.extraction_status = ExtractionStatus.DONE
        resource_file.extraction_message = ""
    resource_file.save(update_fields=["text", "extraction_status", "extraction_message"])
    return resource_file


@task(priority=INTERACTIVE)
def extract_file_text(file_id: int) -> str:
    with transaction.atomic():
        resource_file = (
            ResourceFile.objects.select_for_update()
            .select_related("resource")
            .filter(pk=file_id)
            .first()
        )
        if resource_file is None:
            return "gone"
        run_extraction(resource_file)
        registry.index_object(resource_file.resource)
        return str(resource_file.extraction_status)
