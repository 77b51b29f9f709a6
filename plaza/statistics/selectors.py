"""Reads on statistics: series, latest figures, comparisons, citations, key figures."""

from __future__ import annotations

import json
import statistics as pystats
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from plaza.cities.models import City
from plaza.core import versions
from plaza.core.countries import country_name
from plaza.statistics.builtin import INFORMAL_EMPLOYMENT_RATE
from plaza.statistics.geography import region_members, region_name, region_of
from plaza.statistics.models import Indicator, Observation, Sex

# The data version of every figure computed from indicators and observations
# (plaza.core.versions); plaza.statistics.services bumps it.
DATA_VERSION = "statistics"

CHART_SEXES = (Sex.TOTAL, Sex.WOMEN, Sex.MEN)
SEX_ORDER = (Sex.WOMEN, Sex.MEN, Sex.TOTAL, Sex.OTHER)  # the order of the pages' columns


def sort_key(name: str) -> str:
    """Alphabetical order that ignores accents (Bénin before Botswana)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Place:
    """A geography: a country (ISO alpha-2) or a focal city."""

    country: str = ""
    city: City | None = None

    @property
    def name(self) -> str:
        return self.city.name_in() if self.city else country_name(self.country)

    @property
    def slug(self) -> str:
        return f"city-{self.city.slug}" if self.city else self.country.lower()

    def filter(self) -> Q:
        if self.city is not None:
            return Q(city=self.city)
        return Q(country=self.country, city__isnull=True)


@dataclass
class Series:
    indicator: Indicator
    place: Place
    observations: list[Observation]

    @property
    def by_sex(self) -> dict[str, list[Observation]]:
        grouped: dict[str, list[Observation]] = defaultdict(list)
        for obs in self.observations:
            grouped[obs.sex].append(obs)
        return dict(grouped)

    @property
    def years(self) -> list[int]:
        return sorted({obs.year for obs in self.observations})

    @property
    def latest(self) -> dict[str, Observation]:
        """The most recent figure for each sex."""
        latest: dict[str, Observation] = {}
        for obs in self.observations:  # ordered by year, period
            latest[obs.sex] = obs
        return latest

    @property
    def latest_ordered(self) -> list[Observation]:
        """Latest figures for women, men, then total (the order the pages show)."""
        latest = self.latest
        return [latest[sex] for sex in (Sex.WOMEN, Sex.MEN, Sex.TOTAL) if sex in latest]

    @property
    def table(self) -> list[dict[str, Any]]:
        """One row per year/period with a cell per sex (for the numbers table and exports)."""
        rows: dict[tuple[int, str], dict[str, Any]] = {}
        for obs in self.observations:
            row = rows.setdefault(
                (obs.year, obs.period), {"year": obs.year, "period": obs.period, "cells": {}}
            )
            row["cells"][obs.sex] = obs
        return [rows[key] for key in sorted(rows, reverse=True)]

    @property
    def sexes(self) -> list[str]:
        present = {obs.sex for obs in self.observations}
        return [sex for sex in SEX_ORDER if sex in present]

    @property
    def sources(self) -> list[str]:
        seen: dict[str, None] = {}
        for obs in reversed(self.observations):
            if obs.source:
                seen.setdefault(obs.source, None)
        return list(seen)

    @property
    def last_updated(self) -> Any:
        return max((obs.updated_at for obs in self.observations), default=None)


def default_indicator() -> Indicator | None:
    """The indicator the pages show first (read once per statistics change)."""
    return versions.cached(DATA_VERSION, ("default-indicator",), _default_indicator)


def _default_indicator() -> Indicator | None:
    indicator = Indicator.objects.filter(code=INFORMAL_EMPLOYMENT_RATE).first()
    if indicator is not None and indicator.observations.exists():
        return indicator
    return Indicator.objects.filter(observations__isnull=False).distinct().first() or indicator


def indicators_with_data() -> QuerySet[Indicator]:
    return Indicator.objects.filter(observations__isnull=False).distinct()


def series_for(indicator: Indicator, place: Place) -> Series:
    observations = list(
        Observation.objects.filter(place.filter(), indicator=indicator)
        .select_related("indicator", "city")
        .order_by("year", "period", "sex")
    )
    return Series(indicator=indicator, place=place, observations=observations)


def countries_with_data(indicator: Indicator | None) -> list[tuple[str, str]]:
    if indicator is None:
        return []
    codes = (
        Observation.objects.filter(indicator=indicator, city__isnull=True)
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    )
    return sorted(
        ((code, country_name(code)) for code in codes), key=lambda item: sort_key(item[1])
    )


@dataclass
class ComparisonRow:
    country: str
    name: str
    year: int
    values: dict[str, Decimal] = field(default_factory=dict)
    is_current: bool = False


def latest_by_country(indicator: Indicator, countries: Iterable[str]) -> list[ComparisonRow]:
    """For each country: the latest year with a figure, and that year's figures by sex."""
    wanted = {code.upper() for code in countries}
    by_country: dict[str, dict[int, dict[str, Decimal]]] = defaultdict(dict)
    rows = Observation.objects.filter(
        indicator=indicator, city__isnull=True, country__in=wanted, period=""
    ).values_list("country", "year", "sex", "value")
    for country, year, sex, value in rows:
        by_country[country].setdefault(year, {})[sex] = value
    result = []
    for country, years in by_country.items():
        year = max(years)
        result.append(ComparisonRow(country, country_name(country), year, years[year]))
    return sorted(result, key=lambda row: sort_key(row.name))


@dataclass
class RegionComparison:
    key: str
    name: str
    rows: list[ComparisonRow]
    medians: dict[str, Decimal]


def region_comparison(indicator: Indicator, country: str) -> RegionComparison | None:
    key = region_of(country)
    if key is None:
        return None
    rows = latest_by_country(indicator, region_members(key))
    for row in rows:
        row.is_current = row.country == country.upper()
    medians: dict[str, Decimal] = {}
    for sex in CHART_SEXES:
        values = [row.values[sex] for row in rows if sex in row.values]
        if values:
            medians[sex] = Decimal(pystats.median(values)).quantize(Decimal("0.1"))
    return RegionComparison(key=key, name=region_name(key), rows=rows, medians=medians)


def focal_countries() -> list[str]:
    return sorted(set(City.objects.values_list("country", flat=True)))


def focal_country_comparison(indicator: Indicator, current: str = "") -> list[ComparisonRow]:
    rows = latest_by_country(indicator, focal_countries())
    for row in rows:
        row.is_current = row.country == current.upper()
    return rows


# --- citation --------------------------------------------------------------------------


def csl_item_for_series(series: Series, *, accessed: Any = None) -> dict[str, Any]:
    """A CSL-JSON item (type "dataset") for a series of one indicator in one place."""
    indicator, years = series.indicator, series.years
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    title = f"{indicator.name}: {series.place.name}" + (f", {span}" if span else "")
    accessed = accessed or series.last_updated or timezone.now()
    item: dict[str, Any] = {
        "id": f"plaza-{indicator.code}-{series.place.slug}".lower(),
        "type": "dataset",
        "title": title,
        "author": [{"literal": indicator.source}],
        "publisher": indicator.source,
        "medium": "Dataset",
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
    }
    if indicator.source_url:
        item["URL"] = indicator.source_url
    notes = [", ".join(series.sources)] if series.sources else []
    if indicator.licence:
        notes.append(f"Licence: {indicator.licence}")
    if notes:
        item["note"] = "; ".join(notes)
    return item


# The knowledge base (plaza.library.citations) formats citations for the whole site.
# LEAD: when it has landed, set this to True: the pages then offer all of CITATION_FORMATS
# and show its APA reference; until then they offer CSL-JSON and a plain reference.
# format -> (label, content type, file extension)
CITATION_FORMATS: dict[str, tuple[str, str, str]] = {
    "csl-json": ("CSL-JSON", "application/vnd.citationstyles.csl+json", "json"),
    "bibtex": ("BibTeX", "application/x-bibtex", "bib"),
    "ris": ("RIS", "application/x-research-info-systems", "ris"),
    "apa": ("APA", "text/plain", "txt"),
    "chicago": ("Chicago", "text/plain", "txt"),
}


def available_citation_formats() -> list[str]:
    return list(CITATION_FORMATS)


def export_citations(items: list[dict[str, Any]], fmt: str, locale: str) -> str | None:
    """The citations of ``items`` in ``fmt``, or None when that format is not offered."""
    if fmt not in available_citation_formats():
        return None
    if fmt == "csl-json":
        return json.dumps(items, ensure_ascii=False, indent=2)
    from plaza.library import citations

    return str(citations.export(items, fmt, locale))


def format_reference(item: dict[str, Any], locale: str = "en") -> str:
    """The reference shown in the "Cite this figure" box (author-date, APA-like)."""
    return export_citations([item], "apa", locale) or ""


# --- links to other apps ---------------------------------------------------------------


def resources_about_place(country: str = "", city_slug: str = "", limit: int = 5) -> list[Any]:
    """Published, public knowledge-base resources about a country or focal city: the same for
    every reader, read once per change of the library (its data version)."""
    from plaza.library.selectors import resources_about_place as library_resources
    from plaza.library.services import DATA_VERSION as LIBRARY_VERSION

    def compute() -> list[Any]:
        return list(
            library_resources(country=country or None, city_slug=city_slug or None, limit=limit)
        )

    key = ("about-place", country.upper(), city_slug, limit)
    return versions.cached(LIBRARY_VERSION, key, compute)


def place_version() -> str:
    """The version of the focal cities (names, slugs, countries: plaza.cities' data version):
    part of the key of every cached statistics figure that names a city or lists the focal
    countries, so that a renamed or added city shows at once."""
    from plaza.cities.stats import DATA_VERSION as CITIES_VERSION

    return versions.token(CITIES_VERSION)


@dataclass
class KeyFigures:
    city: City
    city_series: list[Series]
    country_series: Series | None

    @property
    def series_list(self) -> list[Series]:
        country = [self.country_series] if self.country_series else []
        return [s for s in [*self.city_series, *country] if s.observations]

    @property
    def is_empty(self) -> bool:
        return not self.series_list


def city_series(city: City) -> tuple[list[Series], Series | None]:
    """The series of every indicator with figures for the city, and its country's series of
    the default indicator: computed once per statistics change, city change and language."""

    def compute() -> tuple[list[Series], Series | None]:
        place = Place(city=city)
        own = [
            series_for(indicator, place)
            for indicator in Indicator.objects.filter(observations__city=city).distinct()
        ]
        indicator = default_indicator()
        country = series_for(indicator, Place(country=city.country)) if indicator else None
        return own, country

    key = ("city-series", city.pk, place_version(), get_language())
    return versions.cached(DATA_VERSION, key, compute)


def key_figures_for_city(city: City) -> KeyFigures:
    """The city's own latest figures (every indicator) and its country's, for the city page."""
    own, country = city_series(city)
    return KeyFigures(city, own, country)


# --- selections (exports and API) ------------------------------------------------------


@dataclass
class Selection:
    """Which observations: every list empty = no restriction on that dimension."""

    indicators: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    sexes: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None


def select_observations(selection: Selection) -> QuerySet[Observation]:
    queryset = Observation.objects.select_related("indicator", "city")
    if selection.indicators:
        queryset = queryset.filter(indicator__code__in=selection.indicators)
    if selection.countries or selection.cities:
        place = Q(pk__in=[])
        if selection.countries:
            place |= Q(city__isnull=True, country__in=[c.upper() for c in selection.countries])
        if selection.cities:
            place |= Q(city__slug__in=selection.cities)
        queryset = queryset.filter(place)
    if selection.sexes:
        queryset = queryset.filter(sex__in=selection.sexes)
    if selection.year_from is not None:
        queryset = queryset.filter(year__gte=selection.year_from)
    if selection.year_to is not None:
        queryset = queryset.filter(year__lte=selection.year_to)
    return queryset.order_by("indicator__code", "country", "city__slug", "year", "period", "sex")
