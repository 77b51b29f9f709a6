"""Template filters for labels, places, dates and numbers in the reader's language.

A builtin (settings.TEMPLATES), so every template can use them without ``{% load %}``:

    {{ resource.type|label:"resource_type" }}   the label of a code (plaza.core.vocabularies)
    {{ codes|labels:"sector"|join:", " }}       the labels of a list of codes
    {{ "PE"|country }}  {{ "hi"|language }}     CLDR names
    {{ city|city_name }}                        a focal city's name in the reader's language
    {{ day|ldate }} {{ day|ldate:"long" }}      dates (short, medium, long, full, month, year)
    {{ moment|ldatetime }}                      a short date and time
    {{ year|lyear }}                            a year in running text (2569 in Thai)
    {{ n|lnumber }} {{ x|lnumber:1 }}           numbers with the locale's separators
    {{ share|lpercent }}                        a percentage (the value is in percent)
"""

from __future__ import annotations

from typing import Any

from django import template

from plaza.core import formatting, vocabularies
from plaza.core.countries import country_name
from plaza.core.languages import language_name

register = template.Library()


@register.filter(name="label")
def label_filter(code: Any, vocabulary: str) -> str:
    return vocabularies.label(vocabulary, code)


@register.filter(name="labels")
def labels_filter(codes: Any, vocabulary: str) -> list[str]:
    if codes is None or codes == "":
        return []
    if isinstance(codes, str):
        codes = [codes]
    return vocabularies.label_list(vocabulary, codes)


@register.filter(name="country")
def country_filter(code: Any) -> str:
    return country_name(str(code)) if code else ""


@register.filter(name="language")
def language_filter(code: Any) -> str:
    return language_name(str(code)) if code else ""


@register.filter
def city_name(city: Any) -> str:
    if city is None or city == "":
        return ""
    name_in = getattr(city, "name_in", None)
    return name_in() if name_in else str(city)


@register.filter
def ldate(value: Any, length: str = "medium") -> str:
    return formatting.format_date(value, length)


@register.filter
def ldatetime(value: Any) -> str:
    return formatting.format_datetime(value)


@register.filter
def lyear(value: Any) -> str:
    return formatting.format_year(value)


@register.filter
def lnumber(value: Any, decimals: Any = None) -> str:
    if value is None or value == "":
        return ""
    return formatting.format_number(value, None if decimals is None else int(decimals))


@register.filter
def lpercent(value: Any) -> str:
    return formatting.format_percent(value)
