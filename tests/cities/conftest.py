from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_urls() -> Iterator[None]:
    """reverse() uses the active language: start every test in English, whatever ran before."""
    with translation.override("en"):
        yield
