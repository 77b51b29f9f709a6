"""Observations as CSV and XLSX, in Plaza's statistics CSV layout (which re-imports as is)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from plaza.core import tables
from plaza.core.countries import country_name
from plaza.statistics.models import Observation

# The first columns are what the importer reads; the others say what the figure is and
# where it comes from (the importer ignores them).
COLUMNS = [
    "indicator",
    "country",
    "city",
    "sex",
    "year",
    "period",
    "value",
    "status",
    "source",
    "source_note",
    "indicator_name",
    "place",
    "unit",
    "publisher",
    "source_url",
    "licence",
]


def observation_row(obs: Observation) -> list[Any]:
    indicator = obs.indicator
    return [
        indicator.code,
        obs.country,
        obs.city.slug if obs.city_id and obs.city else "",
        obs.sex,
        obs.year,
        obs.period,
        obs.value,
        obs.status,
        obs.source,
        obs.source_note,
        indicator.name_in("en"),
        obs.city.name if obs.city_id and obs.city else country_name(obs.country, "en"),
        indicator.unit,
        indicator.source,
        indicator.source_url,
        indicator.licence,
    ]


def to_csv(observations: Iterable[Observation]) -> bytes:
    def rows() -> Iterable[list[Any]]:
        for obs in observations:
            row = observation_row(obs)
            row[6] = format(obs.value.normalize(), "f")  # exact, without padding zeros
            yield row

    return tables.to_csv(COLUMNS, rows())


def to_xlsx(observations: Iterable[Observation]) -> bytes:
    def rows() -> Iterable[list[Any]]:
        for obs in observations:
            row = observation_row(obs)
            row[6] = float(obs.value)
            yield row

    return tables.to_xlsx("observations", COLUMNS, rows())
