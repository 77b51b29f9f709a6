"""Organisations the network works with. People, positions and consent come with the workspace."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plaza.core.models import DemoMarkedModel, Sector, TimeStampedModel


class OrganizationKind(models.TextChoices):
    MBO = "mbo", _("Membership-based organisation of workers")
    GLOBAL_NETWORK = "global-network", _("Global worker network")
    REGIONAL_NETWORK = "regional-network", _("Regional worker network")
    INSTITUTIONAL_MEMBER = "institutional-member", _("Institutional member")
    MUNICIPAL_AUTHORITY = "municipal-authority", _("Municipal authority")
    NATIONAL_AUTHORITY = "national-authority", _("National authority")
    RESEARCH_INSTITUTION = "research-institution", _("Research institution")
    OTHER = "other", _("Other")


class Organization(DemoMarkedModel, TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    website = models.URLField(_("website"), blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_("ISO 3166-1 alpha-2 code; empty for global bodies"),
    )
    cities = models.ManyToManyField(
        "cities.City", blank=True, related_name="organizations", verbose_name=_("focal cities")
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="organizations", verbose_name=_("occupational sectors")
    )
    founded = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(m2m_fields=[cities, sectors])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organization", args=[self.slug])
