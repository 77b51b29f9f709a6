"""Statistics pages: index, country, focal city; citation and export downloads; staff imports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from plaza.cities.models import City
from plaza.core import versions
from plaza.core.countries import country_name, is_country_code
from plaza.core.errors import add_form_errors
from plaza.statistics import exports, selectors, services
from plaza.statistics.charts import series_chart_svg
from plaza.statistics.forms import CityCsvForm, CityFigureForm, ImportForm, SelectionForm
from plaza.statistics.models import Indicator, Sex
from plaza.statistics.selectors import Place, Series

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _indicator(request: HttpRequest) -> Indicator | None:
    code = request.GET.get("indicator", "").strip()
    if code:
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            raise Http404(_("No indicator %(code)s.") % {"code": code})
        return indicator
    return selectors.default_indicator()


def _series_context(series: Series) -> dict[str, Any]:
    item = selectors.csl_item_for_series(series)
    return {
        "series": series,
        "indicator": series.indicator,
        "latest": series.latest_ordered,
        "chart": series_chart_svg(series, f"{series.indicator.name}: {series.place.name}"),
        "csl_item": item,
        "reference": selectors.format_reference(item, get_language() or "en"),
        "citation_formats": [
            (fmt, selectors.CITATION_FORMATS[fmt][0])
            for fmt in selectors.available_citation_formats()
        ],
        "sex_labels": dict(Sex.choices),
    }


def index(request: HttpRequest) -> HttpResponse:
    indicator = _indicator(request)
    context: dict[str, Any] = {
        "indicator": indicator,
        "indicators": selectors.indicators_with_data(),
        "countries": selectors.countries_with_data(indicator),
        "cities": City.objects.all(),
        "focal_rows": selectors.focal_country_comparison(indicator) if indicator else [],
        "can_import": services.can_import(request.user) and request.user.is_authenticated,
        "sex_choices": Sex.choices,
    }
    return render(request, "statistics/index.html", context)


def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    if not is_country_code(code):
        raise Http404(_("No country %(code)s.") % {"code": code})
    if code != code.lower():
        return redirect("statistics:country", code=code.lower())
    country = code.upper()
    indicator = _indicator(request)
    context: dict[str, Any] = {
        "place_name": country_name(country),
        "country": country,
        "indicator": indicator,
        "cities": City.objects.filter(country=country),
        "resources": selectors.resources_about_place(country=country),
        "export_query": f"indicator={indicator.code}&country={country}" if indicator else "",
    }

    def figures() -> dict[str, Any]:
        """The figures, chart and citation: computed once per statistics change."""
        computed: dict[str, Any] = {"indicators": list(selectors.indicators_with_data())}
        if indicator is not None:
            series = selectors.series_for(indicator, Place(country=country))
            computed.update(_series_context(series))
            computed["region"] = selectors.region_comparison(indicator, country)
            computed["focal_rows"] = selectors.focal_country_comparison(indicator, country)
        return computed

    key = (
        "country",
        country,
        indicator.pk if indicator else None,
        selectors.place_version(),  # the focal countries compared
        get_language(),
    )
    context.update(versions.cached(services.DATA_VERSION, key, figures))
    return render(request, "statistics/country.html", context)


def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)

    def figures() -> dict[str, Any]:
        """The series, charts, citations and comparison: computed once per statistics change,
        focal-city change (``selectors.place_version``) and language."""
        own, country = selectors.city_series(city)
        indicator = selectors.default_indicator()
        return {
            "city_series": [_series_context(series) for series in own],
            "country_series": _series_context(country) if country is not None else None,
            "focal_rows": selectors.focal_country_comparison(indicator, city.country)
            if indicator
            else [],
            "indicator": indicator,
        }

    key = ("city", city.pk, selectors.place_version(), get_language())
    context: dict[str, Any] = {
        "city": city,
        "place_name": city.name_in(),
        "country_name": country_name(city.country),
        "resources": selectors.resources_about_place(country=city.country, city_slug=city.slug),
        "can_add_figures": services.user_can_add_city_figures(request.user, city),
        **versions.cached(services.DATA_VERSION, key, figures),
    }
    return render(request, "statistics/city.html", context)


def cite_series(request: HttpRequest, code: str, place: str, fmt: str = "csl-json") -> HttpResponse:
    """The citation of one series; ``place`` is a country code (gh) or city-<slug>."""
    indicator = get_object_or_404(Indicator, code=code)
    if place.startswith("city-"):
        target = Place(city=get_object_or_404(City, slug=place.removeprefix("city-")))
    elif is_country_code(place):
        target = Place(country=place.upper())
    else:
        raise Http404(_("No place %(place)s.") % {"place": place})
    item = selectors.csl_item_for_series(selectors.series_for(indicator, target))
    text = selectors.export_citations([item], fmt, get_language() or "en")
    if text is None:
        raise Http404(_("No citation format %(format)s.") % {"format": fmt})
    _label, content_type, extension = selectors.CITATION_FORMATS[fmt]
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{item["id"]}.{extension}"'
    return response


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    form = SelectionForm(request.GET)
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[name].label if name in form.fields else name}: {' '.join(str(e) for e in errors)}"
            for name, errors in form.errors.items()
        )
        return HttpResponse(problems, status=400, content_type="text/plain; charset=utf-8")
    observations = selectors.select_observations(form.selection())
    if fmt == "xlsx":
        response = HttpResponse(exports.to_xlsx(observations), content_type=XLSX)
    else:
        response = HttpResponse(
            exports.to_csv(observations), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="plaza-statistics.{fmt}"'
    return response


@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    if not services.can_import(request.user):
        raise PermissionDenied
    form = ImportForm()
    report = None
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report = services.import_statistics(
                request.user,
                upload.read(),
                upload.name,
                strict=form.cleaned_data["strict"],
                dry_run=form.cleaned_data["dry_run"],
            )
            if report.applied:
                messages.success(request, report.summary())
            elif report.errors:
                status = 400
        else:
            status = 400
    return render(
        request, "statistics/import.html", {"form": form, "report": report}, status=status
    )


@login_required
def city_figures(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff and the city's coordinators enter a figure by hand or upload a CSV of figures."""
    city = get_object_or_404(City, slug=slug)
    if not services.user_can_add_city_figures(request.user, city):
        raise PermissionDenied
    figure_form = CityFigureForm(prefix="figure")
    csv_form = CityCsvForm(prefix="csv")
    report = None
    status = 200
    if request.method == "POST" and "csv-file" in request.FILES:
        csv_form = CityCsvForm(request.POST, request.FILES, prefix="csv")
        if csv_form.is_valid():
            upload = csv_form.cleaned_data["file"]
            report = services.import_statistics(
                request.user, upload.read(), upload.name, only_city=city
            )
            if report.applied:
                messages.success(request, report.summary())
                return redirect("statistics:city", slug=city.slug)
        status = 400
    elif request.method == "POST":
        figure_form = CityFigureForm(request.POST, prefix="figure")
        if figure_form.is_valid():
            try:
                services.record_city_figure(request.user, city, **figure_form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(figure_form, exc)
            else:
                messages.success(request, _("Figure saved."))
                return redirect("statistics:city", slug=city.slug)
        status = 400
    context = {"city": city, "figure_form": figure_form, "csv_form": csv_form, "report": report}
    return render(request, "statistics/city_figures.html", context, status=status)
