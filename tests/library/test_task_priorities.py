"""Interactive work first (issue 17): an upload's text is searchable before queued bulk work runs.

Uses the real database task backend and its worker (as `plaza worker` runs it), not the
immediate backend of the other tests.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from plaza.core import priorities
from plaza.library import services
from plaza.search.semantic.tasks import BODY_PRIORITY, HEAD_PRIORITY, embed_record
from tests.conftest import DB_TASKS, run_worker_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def test_uploaded_text_is_searchable_before_queued_bulk_embedding(
    librarian: Any, client: Client
) -> None:
    with override_settings(TASKS=DB_TASKS):
        resource = services.create_resource(
            librarian,
            {
                "title": "Market rules",
                "type": "publication",
                "language": "en",
                "year": 2020,
                "status": "published",
            },
        )
        # Embeddings already waiting, older than the upload: records' titles, records'
        # full texts after publication, a bulk run (as after loading the demo).
        waiting_ids: list[str] = []
        for priority in (HEAD_PRIORITY, priorities.DEFAULT, BODY_PRIORITY):
            waiting = embed_record.using(priority=priority)
            for pk in range(1, 11):
                waiting_ids.append(waiting.enqueue("library.resource", pk).id)
        services.attach_file(
            librarian,
            resource,
            SimpleUploadedFile("minutes.txt", b"Vendors agreed the zanzibarite stall rota"),
        )
        queued = DBTaskResult.objects.filter(status="READY")
        extraction = queued.get(task_path__endswith="extract_file_text")
        assert extraction.priority == priorities.INTERACTIVE
        assert queued.filter(priority__gt=extraction.priority).count() == 0
        assert (
            client.get("/en/search/", {"q": "zanzibarite"}).content.decode().count("Market rules")
            == 0
        )

        run_worker_tasks(1)  # the worker takes one task: the extraction, not a bulk embedding

        assert DBTaskResult.objects.get(pk=extraction.pk).status == "SUCCESSFUL"
        assert queued.filter(pk__in=waiting_ids).count() == 30, (
            "a queued embedding ran before the extraction"
        )
        html = client.get("/en/search/", {"q": "zanzibarite", "semantic": "off"}).content.decode()
        assert "Market rules" in html
