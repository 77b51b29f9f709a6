"""Indicators and their observations (figures) for countries and focal cities.

An observation belongs to exactly one geography: a country (ISO 3166-1 alpha-2)
or a focal city. Its natural key (indicator, geography, sex, year, period) is
unique, so importing the same file twice never duplicates; a changed value is
an update, recorded in the history table (django-simple-history).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plaza.core.countries import country_name
from plaza.core.models import DemoMarkedModel, TimeStampedModel

VALUE_MAX_DIGITS = 15
VALUE_DECIMAL_PLACES = 3


class Sex(models.TextChoices):
    TOTAL = "total", _("Total")
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    NONE = "", _("Normal value")
    ESTIMATE = "estimate", _("Estimate")
    BREAK = "break", _("Break in series")
    UNRELIABLE = "unreliable", _("Unreliable")
    PROVISIONAL = "provisional", _("Provisional")


class Indicator(TimeStampedModel):
    """What is measured. Names and definitions are content in five languages (JSON maps)."""

    code = models.CharField(
        _("code"), max_length=60, unique=True, help_text=_("For example EMP_NIFL_SEX_RT_A")
    )
    names = models.JSONField(
        _("names"), default=dict, help_text=_('Name per language code, e.g. {"en": "..."}')
    )
    definitions = models.JSONField(
        _("definitions"), default=dict, blank=True, help_text=_("Definition per language code")
    )
    source_label = models.CharField(
        _("label at the source"),
        max_length=300,
        blank=True,
        help_text=_("How the source's files name the indicator (to recognise it when importing)"),
    )
    unit = models.CharField(
        _("unit"),
        max_length=40,
        help_text=_("Shown after the figure, e.g. the percent sign or persons"),
    )
    source = models.CharField(
        _("source"), max_length=300, help_text=_("Who publishes the figures, e.g. ILOSTAT (ILO)")
    )
    source_url = models.URLField(_("source address"), blank=True)
    licence = models.CharField(_("licence"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def _in_language(self, values: dict[str, str], lang: str | None) -> str:
        code = (lang or get_language() or "en").split("-")[0]
        return values.get(code) or values.get("en") or next(iter(values.values()), "")

    @property
    def name(self) -> str:
        return self._in_language(self.names, None) or self.code

    @property
    def definition(self) -> str:
        return self._in_language(self.definitions, None)

    def name_in(self, lang: str) -> str:
        return self._in_language(self.names, lang) or self.code


class Observation(TimeStampedModel, DemoMarkedModel):
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("indicator"),
    )
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2 code")
    )
    city = models.ForeignKey(
        "cities.City",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("focal city"),
    )
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.TOTAL)
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(
        _("period"),
        max_length=20,
        blank=True,
        help_text=_("Empty for a whole year; otherwise e.g. Q1 or 2019-2020"),
    )
    value = models.DecimalField(
        _("value"), max_digits=VALUE_MAX_DIGITS, decimal_places=VALUE_DECIMAL_PLACES
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, blank=True, default=Status.NONE
    )
    source = models.CharField(
        _("survey or source"),
        max_length=300,
        blank=True,
        help_text=_("The survey or study the figure comes from"),
    )
    source_note = models.TextField(_("source note"), blank=True)
    imported_from = models.CharField(_("imported from"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["indicator", "country", "city", "sex", "year", "period"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(city__isnull=True) & ~Q(country=""))
                | (Q(city__isnull=False) & Q(country="")),
                name="statistics_observation_one_geography",
            ),
            models.UniqueConstraint(
                fields=["indicator", "country", "sex", "year", "period"],
                condition=Q(city__isnull=True),
                name="statistics_observation_unique_country",
            ),
            models.UniqueConstraint(
                fields=["indicator", "city", "sex", "year", "period"],
                condition=Q(city__isnull=False),
                name="statistics_observation_unique_city",
            ),
        ]
        indexes = [models.Index(fields=["country", "indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.geography_name} {self.sex} {self.year}: {self.value}"

    @property
    def geography_name(self) -> str:
        return self.city.name_in() if self.city_id and self.city else country_name(self.country)

    @property
    def period_label(self) -> str:
        return f"{self.year} {self.period}" if self.period else str(self.year)
