"""The one indexing interface other apps use to make their records searchable.

An app registers a model with a function that turns one record into a
``SearchDocument`` (usually in its AppConfig.ready), and its services call
``index_object`` after every write and ``remove_object`` before a delete. Both
run inside the caller's transaction, so on SQLite the index entry commits or
rolls back with the record.

The search engine (plaza.search) installs the index writer with
``set_index_writer``; until it does, these calls only validate their input.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import models


@dataclass
class SearchDocument:
    """What the search engine needs to know about one record."""

    model: str  # app_label.modelname, e.g. "library.resource"
    pk: int
    title: str
    language: str = ""  # ISO 639-1; "" = unknown, detected at analysis
    subtitle: str = ""
    abstract: str = ""
    keywords: list[str] = field(default_factory=list)
    creators: list[str] = field(default_factory=list)
    body: str = ""  # full text (extracted from files)
    url: str = ""
    date: datetime.date | None = None  # publication date: recency tie-break, year facet
    # Facet values, e.g. {"type": ["working-paper"], "sector": ["waste-pickers"],
    # "city": ["lima"], "country": ["PE"], "lang": ["es"]}
    facets: dict[str, list[str]] = field(default_factory=dict)
    # Only "public" documents are shown to everyone; others need a permission check.
    visibility: str = "public"
    # False: the record must not be in the index (draft, withdrawn, deleted).
    indexable: bool = True
    # Language-version group: documents that are editions of one work.
    group: str = ""

    @property
    def key(self) -> str:
        return f"{self.model}:{self.pk}"


class IndexWriter(Protocol):
    def index(self, document: SearchDocument) -> None: ...

    def remove(self, model: str, pk: int) -> None: ...


DocumentBuilder = Callable[[Any], SearchDocument]
_builders: dict[str, DocumentBuilder] = {}
_writer: IndexWriter | None = None


def model_label(model: type[models.Model] | models.Model) -> str:
    return model._meta.label_lower


def register(model: type[models.Model], builder: DocumentBuilder) -> None:
    """Make ``model`` searchable; ``builder(record)`` returns its SearchDocument."""
    _builders[model_label(model)] = builder


def registered_models() -> dict[str, DocumentBuilder]:
    return dict(_builders)


def build_document(obj: models.Model) -> SearchDocument:
    label = model_label(obj)
    if label not in _builders:
        raise LookupError(f"{label} is not registered with plaza.search.registry")
    return _builders[label](obj)


def set_index_writer(writer: IndexWriter | None) -> None:
    global _writer
    _writer = writer


def index_object(obj: models.Model) -> SearchDocument:
    """(Re)index one record, or remove it when its document is not indexable."""
    document = build_document(obj)
    if _writer is not None:
        if document.indexable:
            _writer.index(document)
        else:
            _writer.remove(document.model, document.pk)
    return document


def remove_object(obj: models.Model) -> None:
    if _writer is not None:
        _writer.remove(model_label(obj), int(obj.pk))
