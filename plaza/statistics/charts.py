"""Server-rendered SVG line charts (pygal): no JavaScript, no third-party requests."""

from __future__ import annotations

import re
from decimal import Decimal

import pygal
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

from plaza.core.charts import PHONE_LEGEND
from plaza.statistics.models import Sex
from plaza.statistics.selectors import CHART_SEXES, Series
from plaza.statistics.templatetags.statistics_tags import figure

INLINE_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)

# Colours (and dash patterns, so the lines differ without colour) per sex.
SEX_COLOURS = {Sex.TOTAL: "#333333", Sex.WOMEN: "#7b2d8b", Sex.MEN: "#00756f"}
SEX_DASHES = {Sex.TOTAL: "", Sex.WOMEN: "8,4", Sex.MEN: "2,3"}

CHART_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#222222",
    foreground_strong="#111111",
    foreground_subtle="#888888",
    font_family="system-ui, 'Noto Sans', 'Noto Sans Thai', 'Noto Sans Devanagari', sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=15,
    title_font_size=16,
    colors=tuple(SEX_COLOURS[sex] for sex in CHART_SEXES),
)


def _format(value: float, unit: str) -> str:
    number = Decimal(str(value))
    text = figure(number, 0 if number == number.to_integral_value() else 1)
    return f"{text} {unit}".strip()


def _year_labels(years: list[int], most: int = 7) -> list[int]:
    """At most ``most`` evenly spaced years, always the first and the last."""
    if len(years) <= most:
        return years
    first, last = years[0], years[-1]
    step = max(1, -(-(last - first) // (most - 1)))
    labels = list(range(first, last, step))
    if last - labels[-1] < step / 2:
        labels.pop()
    return [*labels, last]


def series_chart_svg(series: Series, title: str) -> SafeString:
    """A line per sex (total, women, men) over the years; empty string when nothing to draw."""
    by_sex = series.by_sex
    drawn = [sex for sex in CHART_SEXES if by_sex.get(sex)]
    if not drawn:
        return mark_safe("")
    unit = series.indicator.unit
    years = series.years
    chart = pygal.XY(
        style=CHART_STYLE,
        js=[],
        disable_xml_declaration=True,
        width=520,
        height=340,
        title=title,
        x_title=None,
        show_dots=True,
        dots_size=3,
        stroke_style={"width": 2.5},
        x_labels=_year_labels(years),
        **PHONE_LEGEND,
        x_value_formatter=lambda x: str(int(x)),
        value_formatter=lambda v: _format(v, unit),
        y_labels=[0, 20, 40, 60, 80, 100] if unit == "%" else None,
        include_x_axis=False,
        range=(0, 100) if unit == "%" else None,
        margin=12,
        print_values=False,
    )
    for sex in drawn:
        points = [(obs.year, float(obs.value)) for obs in by_sex[sex] if not obs.period] or [
            (obs.year, float(obs.value)) for obs in by_sex[sex]
        ]
        chart.add(
            str(Sex(sex).label),
            points,
            stroke_style={"width": 3 if sex == Sex.TOTAL else 2.5, "dasharray": SEX_DASHES[sex]},
        )
    svg = chart.render(is_unicode=True)
    # pygal inlines a config script for its (unused) tooltips: the chart needs no script.
    svg = INLINE_SCRIPT.sub("", svg)
    # An accessible image: its name is the chart title; the table below carries the numbers.
    svg = svg.replace(
        "<svg ", f'<svg role="img" aria-label="{escape(title)}" focusable="false" ', 1
    )
    return mark_safe(svg)  # noqa: S308 - pygal escapes the labels and values it writes
