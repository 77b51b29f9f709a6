"""Index writers that chain semantic embedding after the lexical index writer.

plaza.search.registry has one index writer. To add semantic search without
replacing the lexical writer, install a composite that calls both, lexical first:

    from plaza.search import registry
    from plaza.search.semantic.writer import CompositeIndexWriter, SemanticIndexWriter

    registry.set_index_writer(CompositeIndexWriter(lexical_writer, SemanticIndexWriter()))

or, once the lexical writer is installed (e.g. at the end of its AppConfig.ready):

    from plaza.search.semantic.writer import chain_after_current_writer
    chain_after_current_writer()
"""

from __future__ import annotations

from plaza.search import registry
from plaza.search.registry import IndexWriter, SearchDocument

from . import services


class SemanticIndexWriter:
    """Stores a record's passages and schedules their embedding; forgets removed records."""

    def index(self, document: SearchDocument) -> None:
        services.schedule_embedding(document)

    def remove(self, model: str, pk: int) -> None:
        services.remove(model, pk)


class CompositeIndexWriter:
    """Calls several index writers in order (same transaction, same arguments)."""

    def __init__(self, *writers: IndexWriter | None) -> None:
        self.writers: tuple[IndexWriter, ...] = tuple(w for w in writers if w is not None)

    def index(self, document: SearchDocument) -> None:
        for writer in self.writers:
            writer.index(document)

    def remove(self, model: str, pk: int) -> None:
        for writer in self.writers:
            writer.remove(model, pk)


def chain_after_current_writer() -> CompositeIndexWriter:
    """Install [current writer, semantic writer] as the registry's writer (idempotent)."""
    current = registry._writer
    if isinstance(current, CompositeIndexWriter) and any(
        isinstance(w, SemanticIndexWriter) for w in current.writers
    ):
        return current
    composite = CompositeIndexWriter(current, SemanticIndexWriter())
    registry.set_index_writer(composite)
    return composite
