from __future__ import annotations

from typing import Any

import pytest

from plaza.search.backends import SearchBackend, get_backend
from plaza.search.registry import SearchDocument
from tests.search.corpus import CORPUS


@pytest.fixture
def backend(db: Any) -> SearchBackend:
    """The backend of the database in use (SQLite FTS5, or PostgreSQL under DATABASE_URL)."""
    return get_backend()


@pytest.fixture
def corpus(backend: SearchBackend) -> list[SearchDocument]:
    for document in CORPUS:
        backend.index(document)
    return CORPUS
