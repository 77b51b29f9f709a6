"""The index writer plaza.search installs in the registry (see apps.SearchConfig.ready)."""

from __future__ import annotations

from plaza.search.backends import get_backend
from plaza.search.registry import SearchDocument


class BackendIndexWriter:
    """Writes through the backend of the database in use, inside the caller's transaction."""

    def index(self, document: SearchDocument) -> None:
        if document.indexable:
            get_backend().index(document)
        else:
            get_backend().delete(document.model, document.pk)

    def remove(self, model: str, pk: int) -> None:
        get_backend().delete(model, pk)
