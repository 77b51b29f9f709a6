"""The knowledge base: resources (Dublin Core at heart), their creators and files."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plaza.core.files import unguessable_name
from plaza.core.languages import content_language_choices
from plaza.core.models import DemoMarkedModel, Sector, TimeStampedModel
from plaza.library import validators


class ResourceType(models.TextChoices):
    PUBLICATION = "publication", _("Publication")
    WORKING_PAPER = "working-paper", _("Working paper")
    POLICY_BRIEF = "policy-brief", _("Policy brief")
    STATISTICAL_BRIEF = "statistical-brief", _("Statistical brief")
    LAW = "law", _("Law or regulation")
    GOOD_PRACTICE = "good-practice", _("Good-practice document")
    TOOLKIT = "toolkit", _("Toolkit or training material")
    DATASET = "dataset", _("Dataset")
    MEDIA = "media", _("Media")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    PRIVATE = "private", _("Private")


class ResourceManager(models.Manager["Resource"]):
    """Every read sees only live rows, never those of an import still being written."""

    def get_queryset(self) -> models.QuerySet[Resource]:
        return super().get_queryset().filter(import_batch="")


class Resource(DemoMarkedModel, TimeStampedModel):
    title = models.CharField(_("title"), max_length=500)
    subtitle = models.CharField(_("subtitle"), max_length=500, blank=True)
    type = models.CharField(_("type"), max_length=30, choices=ResourceType.choices)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=content_language_choices(),
        validators=[validators.validate_language],
        help_text=_("ISO 639-1 code of the language the resource is written in"),
    )
    abstract = models.TextField(_("abstract"), blank=True)
    keywords = models.JSONField(
        _("keywords"), default=list, blank=True, validators=[validators.validate_keywords]
    )
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    publisher_organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="published_resources",
        verbose_name=_("publisher in the directory"),
    )
    place = models.CharField(_("place of publication"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[validators.validate_year]
    )
    date = models.DateField(
        _("full date"),
        null=True,
        blank=True,
        help_text=_("Leave empty when only the year is known"),
    )
    series = models.CharField(_("series"), max_length=300, blank=True)
    series_number = models.CharField(_("number in series"), max_length=40, blank=True)
    edition = models.CharField(_("edition"), max_length=100, blank=True)
    container_title = models.CharField(
        _("journal or book title"),
        max_length=500,
        blank=True,
        help_text=_("For articles and chapters"),
    )
    volume = models.CharField(_("volume"), max_length=40, blank=True)
    issue = models.CharField(_("issue"), max_length=40, blank=True)
    pages = models.CharField(_("pages"), max_length=40, blank=True)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="resources", verbose_name=_("occupational sectors")
    )
    cities = models.ManyToManyField(
        "cities.City", blank=True, related_name="resources", verbose_name=_("focal cities covered")
    )
    countries = models.JSONField(
        _("countries covered"),
        default=list,
        blank=True,
        validators=[validators.validate_countries],
        help_text=_("ISO 3166-1 two-letter codes"),
    )
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    doi = models.CharField(
        _("DOI"), max_length=200, blank=True, db_index=True, validators=[validators.validate_doi]
    )
    isbn = models.CharField(
        _("ISBN"), max_length=20, blank=True, validators=[validators.validate_isbn]
    )
    issn = models.CharField(
        _("ISSN"), max_length=9, blank=True, validators=[validators.validate_issn]
    )
    handle = models.CharField(
        _("handle"), max_length=200, blank=True, validators=[validators.validate_handle]
    )
    url = models.URLField(_("web address"), max_length=500, blank=True)
    # Language versions: every edition of one work points at the same original.
    edition_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="editions",
        verbose_name=_("language version of"),
        help_text=_("The original work this resource is a translation or language edition of"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # Text that came with the record itself (an imported web page), besides the files' text.
    full_text = models.TextField(_("full text"), blank=True)
    source = models.CharField(
        _("source"), max_length=100, blank=True, help_text=_("Where an imported record came from")
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Set while a bulk import writes its rows in short batches; cleared for all of them in one
    # short final transaction (plaza.library.importers). Rows with a batch are invisible.
    import_batch = models.CharField(max_length=32, blank=True, default="", editable=False)
    history = HistoricalRecords(excluded_fields=["full_text", "import_batch"])

    objects = ResourceManager()
    all_objects = models.Manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-year", "title"]
        indexes = [
            models.Index(fields=["status", "visibility"]),
            models.Index(fields=["updated_at", "id"]),
            models.Index(fields=["title", "year", "language"]),
            models.Index(
                fields=["import_batch"],
                name="library_resource_staged",
                condition=~models.Q(import_batch=""),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:detail", args=[self.pk, self.slug])

    @property
    def slug(self) -> str:
        return slugify(self.title)[:60] or "resource"

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED and self.visibility == Visibility.PUBLIC

    @property
    def group_key(self) -> str:
        root = self.edition_of_id or self.pk
        return f"library.resource:{root}"

    @property
    def issued(self) -> datetime.date | None:
        return self.date or (datetime.date(self.year, 1, 1) if self.year else None)

    @property
    def series_label(self) -> str:
        if self.series and self.series_number:
            return f"{self.series} No. {self.series_number}"
        return self.series

    def clean_fields(self, exclude: Any = None) -> None:
        # The language check comes first so an unknown code gets the message listing the codes.
        errors: dict[str, list[str]] = {}
        try:
            validators.validate_language(self.language)
        except ValidationError as exc:
            errors["language"] = exc.messages
        exclude = {*(exclude or ()), "language"}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)

    def clean(self) -> None:
        super().clean()
        self.doi = validators.normalise_doi(self.doi)
        errors: dict[str, str] = {}
        if self.date:
            if self.year and self.year != self.date.year:
                errors["date"] = str(_("The full date is not in the year given."))
            self.year = self.date.year
            if self.date > timezone.localdate():
                errors["date"] = str(_("The date is in the future."))
        if self.edition_of_id:
            if self.pk and self.edition_of_id == self.pk:
                errors["edition_of"] = str(_("A resource cannot be a version of itself."))
            elif self.edition_of and self.edition_of.edition_of_id:
                # Always point at the original, so a work's versions form one group.
                self.edition_of_id = self.edition_of.edition_of_id
        if errors:
            raise ValidationError(errors)

    def language_versions(self) -> models.QuerySet[Resource]:
        root = self.edition_of_id or self.pk
        return Resource.objects.filter(models.Q(pk=root) | models.Q(edition_of_id=root)).exclude(
            pk=self.pk
        )

    def ordered_creators(self) -> list[Creator]:
        return sorted(self.creators.all(), key=lambda c: c.position)

    def body_text(self) -> str:
        parts = [self.full_text] + [f.text for f in self.files.all() if f.text]
        return "\n\n".join(p for p in parts if p)


class CreatorKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANIZATION = "organization", _("Organisation")


class CreatorRole(models.TextChoices):
    AUTHOR = "author", _("Author")
    EDITOR = "editor", _("Editor")


class Creator(models.Model):
    """One author or editor of a resource, in order: a person or an organisation."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="creators", verbose_name=_("resource")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=CreatorKind.choices)
    role = models.CharField(
        _("role"), max_length=20, choices=CreatorRole.choices, default=CreatorRole.AUTHOR
    )
    family_name = models.CharField(_("family name"), max_length=200, blank=True)
    given_names = models.CharField(_("given names"), max_length=200, blank=True)
    name = models.CharField(
        _("organisation name"), max_length=300, blank=True, help_text=_("For organisations")
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authored_resources",
        verbose_name=_("organisation in the directory"),
    )

    class Meta:
        verbose_name = _("creator")
        verbose_name_plural = _("creators")
        ordering = ["resource", "position"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == CreatorKind.ORGANIZATION:
            return self.name or (self.organization.name if self.organization else "")
        return " ".join(p for p in (self.given_names, self.family_name) if p)

    @property
    def sort_name(self) -> str:
        if self.kind == CreatorKind.ORGANIZATION:
            return self.display_name
        return ", ".join(p for p in (self.family_name, self.given_names) if p)


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for text extraction")
    DONE = "done", _("Text extracted")
    FAILED = "failed", _("Text could not be extracted")


class PreviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a preview")
    DONE = "done", _("Preview made")
    FAILED = "failed", _("No preview could be made")
    NONE = "none", _("No preview for this type of file")


def resource_file_path(instance: ResourceFile, filename: str) -> str:
    """An unguessable stored name; the original name is kept in ``original_name``."""
    return unguessable_name("library", filename)


def preview_path(instance: ResourceFile, filename: str) -> str:
    return unguessable_name("library-previews", filename)


class ResourceFile(TimeStampedModel):
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="files", verbose_name=_("resource")
    )
    file = models.FileField(_("file"), upload_to=resource_file_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    text = models.TextField(_("extracted text"), blank=True)
    extraction_status = models.CharField(
        _("text extraction"),
        max_length=20,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
    )
    extraction_message = models.CharField(_("extraction problem"), max_length=500, blank=True)
    # The first page as a small PNG and the number of pages (PDFs; plaza.library.previews).
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    thumbnail = models.FileField(
        _("preview image"), upload_to=preview_path, max_length=300, blank=True
    )
    preview_status = models.CharField(
        _("preview"), max_length=20, choices=PreviewStatus.choices, default=PreviewStatus.PENDING
    )
    preview_message = models.CharField(_("preview problem"), max_length=500, blank=True)
    # How many times the file was downloaded: a plain counter, nothing about who did it.
    download_count = models.PositiveBigIntegerField(_("downloads"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    history = HistoricalRecords(excluded_fields=["text", "download_count"])

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("library:download", args=[self.pk])

    def get_preview_url(self) -> str:
        return reverse("library:preview", args=[self.pk])

    @property
    def has_preview(self) -> bool:
        return self.preview_status == PreviewStatus.DONE and bool(self.thumbnail)


# Collections, reading lists and saved searches live in their own module (it imports nothing
# from this one); imported here so Django and the migrations find them with the app's models.
from plaza.library.lists import (  # noqa: E402, I001
    AlertFrequency as AlertFrequency,
    Collection as Collection,
    CollectionItem as CollectionItem,
    ReadingList as ReadingList,
    ReadingListItem as ReadingListItem,
    SavedSearch as SavedSearch,
)
