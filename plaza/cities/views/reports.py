"""Dashboards (per city and across cities), their downloads, and the PDF report."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plaza.cities import charts, selectors
from plaza.cities.forms import DATE_WIDGET, ReportForm
from plaza.cities.stats import DATA_VERSION, DashboardFigures, dashboard_figures, dashboard_key
from plaza.cities.views.cities import get_city
from plaza.core import versions
from plaza.core.tables import FORMATS as EXPORT_FORMATS
from plaza.core.tables import table_response


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=DATE_WIDGET)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date is before the start date."))
        return data


def period_from(params: Any) -> tuple[PeriodForm, datetime.date | None, datetime.date | None]:
    """The period asked for (``start``, ``end``); the form carries the errors of a bad one."""
    wanted = {k: params[k] for k in ("start", "end") if params.get(k)}
    form = PeriodForm(wanted or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, None, None


def _period(request: HttpRequest) -> tuple[PeriodForm, datetime.date | None, datetime.date | None]:
    return period_from(request.GET)


def per_city_rows(per_city: list[tuple[Any, DashboardFigures]]) -> list[list[Any]]:
    """The dashboard's by-city table as (section, item, value) rows, for the downloads."""
    rows: list[list[Any]] = []
    share = _("Women's share (%)")
    for c, f in per_city:
        p, k = f.participation, f.commitments
        rows += [
            [_("By city"), f"{c.name} · {_('Activities')}", f.activity_total],
            [
                _("By city"),
                f"{c.name} · {share}",
                p.women_share if p.women_share is not None else "",
            ],
            [_("By city"), f"{c.name} · {_('Commitments')}", k.total],
            [_("By city"), f"{c.name} · {_('Implemented (%)')}", k.implemented_share],
            [_("By city"), f"{c.name} · {_('Overdue')}", k.overdue],
            [_("By city"), f"{c.name} · {_('Campaigns running')}", len(f.campaigns_running)],
        ]
    return rows


def figure_rows(figures: DashboardFigures) -> list[list[Any]]:
    """The dashboard as (section, item, value) rows: the CSV/XLSX download and the PDF use them."""
    rows: list[list[Any]] = []
    for year, counts, total in figures.activity_rows():
        for (_kind, label), n in zip(figures.kinds, counts, strict=True):
            rows.append([_("Activities"), f"{label} · {year}", n])
        rows.append([_("Activities"), f"{_('Total')} · {year}", total])
    p = figures.participation
    rows += [
        [_("Participation"), _("Women"), p.women],
        [_("Participation"), _("Men"), p.men],
        [_("Participation"), _("Other or not stated"), p.others],
        [
            _("Participation"),
            _("Women's share (%)"),
            p.women_share if p.women_share is not None else "",
        ],
        [_("Participation"), p.leaders_label, p.leaders],
    ]
    c = figures.commitments
    for _status, label, n in c.by_status:
        rows.append([_("Commitments"), label, n])
    rows += [
        [_("Commitments"), _("Total"), c.total],
        [_("Commitments"), _("Implemented (%)"), c.implemented_share],
        [_("Commitments"), _("Mean progress (%)"), c.mean_progress],
        [_("Commitments"), _("Overdue"), c.overdue],
        [_("Dialogue"), _("Meetings"), figures.meetings],
        [_("Dialogue"), _("Agreements"), figures.agreements],
        [_("Campaigns"), _("Running"), len(figures.campaigns_running)],
    ]
    return rows


def _dashboard_figures(
    user: Any,
    cities: list[Any],
    city: Any,
    start: datetime.date | None,
    end: datetime.date | None,
) -> dict[str, Any]:
    """The figures, the by-city rows and the charts of a dashboard: computed once per change of
    the city work and reader class (``stats.dashboard_key``), shared by later views."""
    today = timezone.localdate()

    def compute() -> dict[str, Any]:
        figures = dashboard_figures(user, cities, start=start, end=end, today=today)
        per_city = []
        if city is None:
            for c in cities:
                per_city.append(
                    (c, dashboard_figures(user, [c], start=start, end=end, today=today))
                )
        return {
            "figures": figures,
            "per_city": per_city,
            "activities_chart": charts.activities_chart(figures),
            "participation_chart": charts.participation_chart(figures),
            "commitments_chart": charts.commitments_chart(figures),
        }

    key = ("page", city is None, *dashboard_key(user, cities, start, end, today))
    return versions.cached(DATA_VERSION, key, compute)


def _dashboard(request: HttpRequest, cities: list[Any], city: Any, name: str) -> HttpResponse:
    form, start, end = _period(request)
    fmt = request.GET.get("format", "")
    bad_period = form.is_bound and not form.is_valid()
    if bad_period and fmt in EXPORT_FORMATS:
        return HttpResponse(
            " ".join(str(e) for e in form.errors.get("end", [])) or _("Bad period."), status=400
        )
    shown = _dashboard_figures(request.user, cities, city, start, end)
    figures, per_city = shown["figures"], shown["per_city"]
    if fmt in EXPORT_FORMATS:
        return table_response(
            f"{name}-dashboard",
            [_("Section"), _("Figure"), _("Value")],
            figure_rows(figures) + per_city_rows(per_city),
            fmt,
        )
    return render(
        request,
        "cities/dashboard.html",
        {
            "city": city,
            "figures": figures,
            "per_city": per_city,
            "period_form": form,
            "query": request.GET.urlencode(),
            "activities_chart": shown["activities_chart"],
            "participation_chart": shown["participation_chart"],
            "commitments_chart": shown["commitments_chart"],
            "today": timezone.localdate(),
        },
        status=400 if bad_period else 200,
    )


def city_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_city(slug)
    return _dashboard(request, [city], city, city.slug)


def all_cities_dashboard(request: HttpRequest) -> HttpResponse:
    return _dashboard(request, list(selectors.focal_cities()), None, "focal-cities")


def city_report(request: HttpRequest, slug: str) -> HttpResponse:
    """The report form; with a valid period and language, the PDF itself."""
    from plaza.cities.report import build_city_report

    city = get_city(slug)
    form = ReportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        with translation.override(data["language"]):
            pdf = build_city_report(request.user, city, data["start"], data["end"])
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{city.slug}-{data["start"]:%Y%m%d}-{data["end"]:%Y%m%d}'
            f'-{data["language"]}.pdf"'
        )
        return response
    status = 400 if form.is_bound else 200
    if not form.is_bound:
        today = timezone.localdate()
        form = ReportForm(
            initial={
                "start": today.replace(month=1, day=1),
                "end": today,
                "language": translation.get_language(),
            }
        )
    return render(request, "cities/report_form.html", {"city": city, "form": form}, status=status)
