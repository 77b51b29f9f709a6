"""Shared abstract models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plaza.core.sectors import SectorCode


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class DemoMarkedModel(models.Model):
    """Records invented for the demo say so in the data itself."""

    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Invented for the demonstration; not a real record."),
    )

    class Meta:
        abstract = True


class RecordedModel(models.Model):
    """A record someone enters by hand: who recorded it, and every change kept in history."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class Sector(models.Model):
    """An occupational sector; rows are created by a migration from SectorCode."""

    code = models.CharField(_("code"), max_length=40, primary_key=True, choices=SectorCode.choices)

    class Meta:
        verbose_name = _("occupational sector")
        verbose_name_plural = _("occupational sectors")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> str:
        return str(SectorCode(self.code).label)


class RateLimitCounter(models.Model):
    """How many times one client (a keyed hash, never the value) did one thing in one window.

    Incremented with one atomic INSERT ... ON CONFLICT DO UPDATE (plaza.core.limits), so
    simultaneous requests on any database count exactly."""

    key = models.CharField(max_length=120, unique=True)
    count = models.IntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class DataVersion(models.Model):
    """A token per kind of data (``statistics``...), changed by every service that changes
    that data, so figures computed from it can be cached per process and reused until the
    token changes (plaza.core.versions), on any number of app servers."""

    name = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"
