"""Server-rendered SVG charts of the dashboards (pygal): no JavaScript, numbers also in tables."""

from __future__ import annotations

import re

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from plaza.cities.stats import DashboardFigures
from plaza.core.charts import PHONE_LEGEND, count_formatter, count_ticks
from plaza.core.formatting import format_year as lyear

SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1d1d1f",
    foreground_strong="#1d1d1f",
    foreground_subtle="#555",
    colors=("#7a1f3d", "#0b57a4", "#1e6b34", "#8a4b00", "#5b3f8c", "#2f6f6f"),
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    title_font_size=15,
)
OPTIONS = {
    "style": STYLE,
    "width": 480,
    "height": 300,
    "margin": 10,
    "js": [],
    "disable_xml_declaration": True,
    "explicit_size": False,
    **PHONE_LEGEND,
}


def _svg(chart: pygal.graph.graph.Graph) -> SafeString:
    svg = SCRIPT.sub("", chart.render(is_unicode=True))
    return mark_safe(svg)  # noqa: S308 - pygal escapes labels; we built every value


def activities_chart(figures: DashboardFigures) -> SafeString:
    if not figures.years:
        return mark_safe("")
    totals = [
        sum(figures.activities.get((kind, y), 0) for kind, _label in figures.kinds)
        for y in figures.years
    ]
    chart = pygal.StackedBar(
        y_labels=count_ticks(totals), value_formatter=count_formatter, **OPTIONS
    )
    chart.title = _("Activities by kind and year")
    chart.x_labels = [lyear(y) for y in figures.years]
    for kind, label in figures.kinds:
        chart.add(label, [figures.activities.get((kind, y), 0) for y in figures.years])
    return _svg(chart)


def participation_chart(figures: DashboardFigures) -> SafeString:
    p = figures.participation
    if not p.total:
        return mark_safe("")
    chart = pygal.Pie(inner_radius=0.45, value_formatter=count_formatter, **OPTIONS)
    chart.title = _("Participants by gender")
    chart.add(_("Women"), p.women)
    chart.add(_("Men"), p.men)
    chart.add(_("Other or not stated"), p.others)
    return _svg(chart)


def commitments_chart(figures: DashboardFigures) -> SafeString:
    c = figures.commitments
    if not c.total:
        return mark_safe("")
    chart = pygal.HorizontalBar(
        y_labels=count_ticks(n for _s, _l, n in c.by_status),
        value_formatter=count_formatter,
        **OPTIONS,
    )
    chart.title = _("Commitments by status")
    for _status, label, n in c.by_status:
        chart.add(label, n)
    return _svg(chart)
