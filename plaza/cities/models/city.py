"""Focal cities. The six kinds of city work are added by the workspace (cities issue)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plaza.core.countries import country_name
from plaza.core.formatting import reader_language
from plaza.core.languages import LANGUAGES
from plaza.core.models import TimeStampedModel


class City(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    languages = models.JSONField(
        _("languages"),
        default=list,
        help_text=_("ISO 639-1 codes of the languages spoken in the work"),
    )
    time_zone = models.CharField(_("time zone"), max_length=64)
    year_joined = models.PositiveSmallIntegerField(
        _("year joined"), null=True, blank=True, help_text=_("Empty for the founding focal cities")
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    sequence = models.PositiveSmallIntegerField(
        _("order of joining"),
        default=0,
        help_text=_("1 for the first focal city, 2 for the next..."),
    )
    summary = models.TextField(_("summary"), blank=True)
    # The city's name and summary in other languages, by ISO 639-1 code ({"hi": "दिल्ली"}):
    # content in the city's own languages, shown in the reader's language when present.
    names = models.JSONField(
        _("names in other languages"),
        default=dict,
        blank=True,
        help_text=_('The city\'s name by language code, for example {"hi": "दिल्ली"}'),
    )
    summaries = models.JSONField(
        _("summary in other languages"),
        default=dict,
        blank=True,
        help_text=_('The summary by language code, for example {"es": "..."}'),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focal city")
        verbose_name_plural = _("focal cities")
        ordering = ["sequence", "name"]

    def __str__(self) -> str:
        return self.name_in()

    def get_absolute_url(self) -> str:
        return reverse("cities:detail", args=[self.slug])

    def name_in(self, lang: str | None = None) -> str:
        """The city's name in ``lang`` (default: the reader's language); ``name`` otherwise."""
        lang = reader_language(lang)
        return (self.names or {}).get(lang) or self.name

    @property
    def display_name(self) -> str:
        return self.name_in()

    def summary_in(self, lang: str | None = None) -> tuple[str, str]:
        """``(summary, its language)``: the reader's language when written, else the English one."""
        lang = reader_language(lang)
        text = (self.summaries or {}).get(lang)
        if text:
            return text, lang
        return self.summary, "en"

    @property
    def display_summary(self) -> tuple[str, str]:
        return self.summary_in()

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def language_names(self) -> list[str]:
        return [str(LANGUAGES[c].name) for c in self.languages if c in LANGUAGES]


def city_name(slug: str, lang: str) -> str:
    """The name of the focal city ``slug`` in ``lang`` (the slug itself for an unknown city)."""
    return city_names([slug], lang).get(slug, slug)


def city_names(slugs: list[str], lang: str) -> dict[str, str]:
    """The names of the focal cities ``slugs`` in ``lang``, in one query (known cities only)."""
    cities = City.objects.filter(slug__in=slugs).only("slug", "name", "names")
    return {city.slug: city.name_in(lang) for city in cities}


class CityNote(TimeStampedModel):
    """A private working note of the city team: seen by staff and the city's coordinators only."""

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="notes", verbose_name=_("city")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"), max_length=10000)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coordination note")
        verbose_name_plural = _("coordination notes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.city}: {self.text[:40]}"
