from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from plaza.statistics.models import Status

register = template.Library()

STATUS_MARKS = {
    Status.BREAK: "b",
    Status.ESTIMATE: "e",
    Status.UNRELIABLE: "u",
    Status.PROVISIONAL: "p",
}


@register.filter
def figure(value: Any, places: int | None = None) -> str:
    """A figure in the active language's number format: exact, or rounded to ``places``."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if places is not None:
        # Round first: number_format alone cuts the digits off (88.759 would show as 88.7).
        rounded = number.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
        return number_format(rounded, decimal_pos=int(places))
    normalized = number.normalize()
    exponent = normalized.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number_format(normalized, decimal_pos=decimals)


@register.filter
def status_mark(status: str) -> str:
    return STATUS_MARKS.get(Status(status), "") if status in Status.values else ""


@register.filter
def status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values and status else ""


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.inclusion_tag("statistics/_city_key_figures.html")
def city_key_figures(city: Any) -> dict[str, Any]:
    """``{% load statistics_tags %}{% city_key_figures city %}`` on the focal city page."""
    from plaza.statistics.selectors import key_figures_for_city

    return {"key_figures": key_figures_for_city(city)}
