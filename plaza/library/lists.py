"""The knowledge base's lists: curated collections, personal reading lists, saved searches.

Tables only (the writes are in ``plaza.library.list_services``). Kept out of ``models.py`` so
that module stays readable; ``models.py`` imports these so Django and the migrations see them.
Resources are referred to by label ("library.Resource"): this module imports no other
module of the app.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plaza.core.models import DemoMarkedModel, TimeStampedModel


class Collection(DemoMarkedModel, TimeStampedModel):
    """A public list of resources chosen by librarians, with its own page, feed and OAI set."""

    slug = models.SlugField(
        _("short name"),
        max_length=80,
        unique=True,
        help_text=_("Used in the collection's address and OAI-PMH set (letters, digits, -)."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    resources: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "library.Resource",
        through="CollectionItem",
        related_name="collections",
        verbose_name=_("resources"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:collection", args=[self.slug])


class CollectionItem(models.Model):
    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="items", verbose_name=_("collection")
    )
    resource = models.ForeignKey(
        "library.Resource",
        on_delete=models.CASCADE,
        related_name="collection_items",
        verbose_name=_("resource"),
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)
    added_at = models.DateTimeField(_("added"), default=timezone.now, db_index=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resource in a collection")
        verbose_name_plural = _("resources in collections")
        ordering = ["position", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "resource"], name="one_item_per_resource")
        ]

    def __str__(self) -> str:
        return f"{self.collection} · {self.resource_id}"


class ReadingList(TimeStampedModel):
    """A logged-in user's own list of resources: private to its owner."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reading_lists",
        verbose_name=_("owner"),
    )
    title = models.CharField(_("title"), max_length=200)
    resources: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "library.Resource",
        through="ReadingListItem",
        related_name="+",
        verbose_name=_("resources"),
    )

    class Meta:
        verbose_name = _("reading list")
        verbose_name_plural = _("reading lists")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:reading_list", args=[self.pk])


class ReadingListItem(models.Model):
    reading_list = models.ForeignKey(
        ReadingList, on_delete=models.CASCADE, related_name="items", verbose_name=_("reading list")
    )
    resource = models.ForeignKey(
        "library.Resource", on_delete=models.CASCADE, related_name="+", verbose_name=_("resource")
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("resource in a reading list")
        verbose_name_plural = _("resources in reading lists")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reading_list", "resource"], name="one_entry_per_resource"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reading_list} · {self.resource_id}"


class AlertFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class SavedSearch(TimeStampedModel):
    """A search (the query string of a search page) or a followed collection, with how often
    its owner wants an e-mail of the new records it matches."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("user"),
    )
    title = models.CharField(_("name"), max_length=200)
    query = models.CharField(_("search"), max_length=2000, blank=True)
    collection = models.ForeignKey(
        Collection,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
        verbose_name=_("collection"),
    )
    frequency = models.CharField(
        _("how often"),
        max_length=10,
        choices=AlertFrequency.choices,
        default=AlertFrequency.WEEKLY,
    )
    last_sent_at = models.DateTimeField(_("last alert"), null=True, blank=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title
