"""Statistics API (mounted at /api/statistics/): indicators, observations, series, exports.

Filters take several values by repeating the parameter (``?country=GH&country=PE``).
Every observation carries its source, publisher and licence.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from plaza.cities.models import City
from plaza.core.api_types import Pagination
from plaza.core.countries import is_country_code
from plaza.statistics import exports, selectors
from plaza.statistics.forms import SelectionForm
from plaza.statistics.models import Indicator, Observation
from plaza.statistics.selectors import Place, Selection

router = Router(tags=["statistics"])


class IndicatorOut(Schema):
    code: str
    name: str
    names: dict[str, str]
    definitions: dict[str, str]
    unit: str
    source: str
    source_url: str
    licence: str


class ObservationOut(Schema):
    indicator: str
    country: str
    city: str
    sex: str
    year: int
    period: str
    value: Decimal
    status: str
    source: str
    source_note: str
    publisher: str
    licence: str
    imported_from: str
    updated: date

    @staticmethod
    def resolve_indicator(obs: Observation) -> str:
        return obs.indicator.code

    @staticmethod
    def resolve_city(obs: Observation) -> str:
        return obs.city.slug if obs.city_id and obs.city else ""

    @staticmethod
    def resolve_publisher(obs: Observation) -> str:
        return obs.indicator.source

    @staticmethod
    def resolve_licence(obs: Observation) -> str:
        return obs.indicator.licence

    @staticmethod
    def resolve_updated(obs: Observation) -> date:
        return obs.updated_at.date()


class SeriesOut(Schema):
    indicator: IndicatorOut
    place: str
    observations: list[ObservationOut]
    citation: dict[str, Any]


class Filters(Schema):
    indicator: list[str] = []
    country: list[str] = []
    city: list[str] = []
    sex: list[str] = []
    year_from: int | None = None
    year_to: int | None = None


def _indicator_out(indicator: Indicator) -> IndicatorOut:
    return IndicatorOut(
        code=indicator.code,
        name=indicator.name,
        names=indicator.names,
        definitions=indicator.definitions,
        unit=indicator.unit,
        source=indicator.source,
        source_url=indicator.source_url,
        licence=indicator.licence,
    )


def _selection(filters: Filters) -> Selection:
    """Validate the filters the same way the export pages do; 400 naming the filter."""
    data = QueryDict(mutable=True)
    for name in ("indicator", "country", "city", "sex"):
        data.setlist(name, getattr(filters, name))
    for name in ("year_from", "year_to"):
        if getattr(filters, name) is not None:
            data[name] = str(getattr(filters, name))
    form = SelectionForm(data)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.selection()


@router.get("indicators", response=list[IndicatorOut], summary="Indicators")
def list_indicators(request: HttpRequest) -> list[IndicatorOut]:
    return [_indicator_out(indicator) for indicator in Indicator.objects.all()]


@router.get("observations", response=list[ObservationOut], summary="Observations (filtered)")
@paginate(Pagination)
def list_observations(request: HttpRequest, filters: Query[Filters]) -> QuerySet[Observation]:
    return selectors.select_observations(_selection(filters))


@router.get(
    "observations.{fmt}",
    summary="Observations as a CSV or XLSX file (filtered)",
    response={200: None},
    openapi_extra={"responses": {200: {"description": "The file"}}},
)
def export_observations(request: HttpRequest, fmt: str, filters: Query[Filters]) -> HttpResponse:
    if fmt not in {"csv", "xlsx"}:
        raise HttpError(404, "format: csv or xlsx")
    observations = selectors.select_observations(_selection(filters))
    if fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(observations),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            exports.to_csv(observations), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="plaza-statistics.{fmt}"'
    return response


@router.get("series/{code}/{place}", response=SeriesOut, summary="A series with its citation")
def series(request: HttpRequest, code: str, place: str) -> SeriesOut:
    """``place``: a country code (``gh``) or ``city-<slug>`` (``city-accra``)."""
    indicator = get_object_or_404(Indicator, code=code)
    if place.startswith("city-"):
        target = Place(city=get_object_or_404(City, slug=place.removeprefix("city-")))
    elif is_country_code(place):
        target = Place(country=place.upper())
    else:
        raise HttpError(404, f"place: no country or focal city {place!r}")
    data = selectors.series_for(indicator, target)
    return SeriesOut(
        indicator=_indicator_out(indicator),
        place=target.name,
        observations=data.observations,  # type: ignore[arg-type]
        citation=selectors.csl_item_for_series(data),
    )
