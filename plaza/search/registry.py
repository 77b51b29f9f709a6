"""The one indexing interface other apps use to make their records searchable.

An app registers a model with a function that turns one record into a
``SearchDocument`` (usually in its AppConfig.ready), and its services call
``index_object`` after every write and ``remove_object`` before a delete. Both
run inside the caller's transaction, so on SQLite the index entry commits or
rolls back with the record.

The search engine (plaza.search) installs the index writer with
``set_index_writer``; until it does, these calls only validate their input.

Besides the builder, an app tells the search page how to present its records:

- ``kind``: what the record is (a resource, an organisation, a city activity ...), one
  value of the ``kind`` facet, with its translated name (``register_kind``);
- labels for the values it puts in a facet (``register_labels("type", ...)``): the ONE
  function per vocabulary that facets, results and exports use for a translated name;
- which non-public visibilities a user may read (``register_visibility``): a record that
  only some users may see is indexed with a visibility such as ``city:12`` and shown to
  the users whose provider returns that value, exactly as its own page decides.
- what a result shows below its snippet (``register_attachments``): the library's file
  links, through the same partial template its own lists use.

Documents are built in the site's default language (stable URLs and fingerprints) and
their text is reduced to plain text: no HTML tags or Markdown reach the index or a snippet.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.db import models
from django.db.models import signals
from django.utils import translation
from django.utils.functional import Promise

from plaza.core.markup import plain_text
from plaza.core.types import User


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
Label = str | Promise
LabelFunction = Callable[[str], "Label | None"]
VisibilityProvider = Callable[[Any], Iterable[str]]
# (primary keys of the records on a results page, the reader) -> {pk: attachments}
AttachmentLoader = Callable[[list[int], Any], dict[int, list[Any]]]
_builders: dict[str, DocumentBuilder] = {}
_kinds_by_model: dict[str, str] = {}
_kinds: dict[str, Label] = {}
_labels: dict[str, list[LabelFunction]] = {}
_visibility_providers: list[VisibilityProvider] = []
_interface_version_kinds: set[str] = set()
_attachments: dict[str, tuple[AttachmentLoader, str]] = {}
_writer: IndexWriter | None = None


def model_label(model: type[models.Model] | models.Model) -> str:
    """``app_label.modelname`` of the concrete model (a proxy's records are its parent's)."""
    concrete = model._meta.concrete_model or model
    return concrete._meta.label_lower


def _removed(sender: Any, instance: models.Model, **kwargs: Any) -> None:
    """Any registered record deleted, by a service, the admin or a cascade: drop its entry."""
    if model_label(instance) in _builders and instance.pk is not None:
        remove_object(instance)


signals.post_delete.connect(_removed, dispatch_uid="plaza-search-registry-removed")


def register(
    model: type[models.Model],
    builder: DocumentBuilder,
    *,
    kind: str = "",
    kind_label: Label | None = None,
) -> None:
    """Make ``model`` searchable; ``builder(record)`` returns its SearchDocument.

    ``kind`` is the value of the ``kind`` facet for documents whose builder sets none.
    """
    label = model_label(model)
    _builders[label] = builder
    if kind:
        _kinds_by_model[label] = kind
        register_kind(kind, kind_label or kind)


def register_kind(code: str, label: Label) -> None:
    """A kind of record (``kind`` facet value) and its translated name."""
    _kinds[code] = label


def kinds() -> dict[str, Label]:
    return dict(_kinds)


def register_interface_versions(kind: str) -> None:
    """The language versions of ``kind``'s records are one page in the site's interface
    languages (site pages): a version's link keeps its own language, where the version of a
    record (a resource's Thai edition) is linked in the reader's interface language."""
    _interface_version_kinds.add(kind)


def versions_are_interface_languages(kind: str) -> bool:
    return kind in _interface_version_kinds


def register_labels(facet: str, function: LabelFunction) -> None:
    """``function(value)`` names a value of ``facet`` in the active language (None: not mine).

    Several apps may label one facet (library types and organisation kinds share ``type``);
    the first that knows the value answers.
    """
    if function not in _labels.setdefault(facet, []):
        _labels[facet].append(function)


def label_for(facet: str, value: str) -> str | None:
    """The translated name of a facet value, or None when no app knows it."""
    if facet == "kind" and value in _kinds:
        return str(_kinds[value])
    for function in _labels.get(facet, []):
        label = function(value)
        if label:
            return str(label)
    return None


def register_visibility(provider: VisibilityProvider) -> None:
    """``provider(user)`` returns the non-public visibility values the user may read."""
    if provider not in _visibility_providers:
        _visibility_providers.append(provider)


def extra_visibilities(user: User | None) -> tuple[str, ...]:
    if user is None or not getattr(user, "is_authenticated", False):
        return ()
    values: list[str] = []
    for provider in _visibility_providers:
        values += [v for v in provider(user) if v not in values]
    return tuple(values)


def register_attachments(
    model: type[models.Model], loader: AttachmentLoader, template: str
) -> None:
    """Results of ``model`` show attachments (a resource's files) below their snippet.

    ``loader(pks, user)`` reads them for one page of results at once and returns only what
    that user may see; ``template`` renders one record's list from the variable ``files``
    (the partial the app's own pages include, so both look alike).
    """
    _attachments[model_label(model)] = (loader, template)


def attachments_for(model: str) -> tuple[AttachmentLoader, str] | None:
    return _attachments.get(model)


def registered_models() -> dict[str, DocumentBuilder]:
    return dict(_builders)


def build_document(obj: models.Model) -> SearchDocument:
    label = model_label(obj)
    if label not in _builders:
        raise LookupError(f"{label} is not registered with plaza.search.registry")
    with translation.override(settings.LANGUAGE_CODE):
        document = _builders[label](obj)
    return _clean(document, _kinds_by_model.get(label, ""))


def _clean(document: SearchDocument, kind: str) -> SearchDocument:
    """Plain text in every text field; the model's kind when the builder set none."""
    document.title = plain_text(document.title)
    document.subtitle = plain_text(document.subtitle)
    document.abstract = plain_text(document.abstract)
    document.body = plain_text(document.body)
    if kind and not document.facets.get("kind"):
        document.facets = {"kind": [kind], **document.facets}
    return document


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
