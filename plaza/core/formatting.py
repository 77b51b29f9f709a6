"""Dates, numbers and percentages in the reader's language (CLDR through Babel).

- Dates follow the locale's own patterns ("19 de noviembre de 2026", "19 novembre 2026").
- Thai running text counts years in the Buddhist era (พ.ศ., Gregorian + 543), as Thai readers
  expect: "19 พฤศจิกายน พ.ศ. 2569". Machine formats (ISO dates in exports, the API, feeds) stay
  Gregorian.
- Hindi uses Latin ("international") digits, CLDR's default numbering system for ``hi`` and
  what the Government of India's style and the workers' organisations' Hindi sites use; the
  Devanagari digits (०१२) are one setting away (``DIGITS["hi"] = "deva"``), see
  docs/dev/translations.md.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_decimal as babel_format_decimal
from babel.numbers import format_percent as babel_format_percent
from django.utils import timezone, translation

BUDDHIST_ERA_OFFSET = 543
BUDDHIST_ERA_LANGUAGES = {"th": "พ.ศ."}
# Numbering system per interface language ("latn" for all: see the module docstring).
DIGITS: dict[str, str] = {"hi": "latn"}
_DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")

# Our names for the lengths of a date -> a CLDR width or skeleton.
_SKELETONS = {"short": "yMd", "month": "yMMMM", "year": "y", "day-month": "MMMMd"}


def reader_language(lang: str | None = None) -> str:
    return (lang or translation.get_language() or "en").split("-")[0]


@lru_cache(maxsize=16)
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (ValueError, LookupError):
        return Locale.parse("en")


def _digits(text: str, lang: str) -> str:
    return text.translate(_DEVANAGARI) if DIGITS.get(lang) == "deva" else text


def _pattern(lang: str, length: str) -> str:
    locale = _locale(lang)
    if length in _SKELETONS:
        skeleton = _SKELETONS[length]
        return str(locale.datetime_skeletons.get(skeleton, skeleton))
    return str(locale.date_formats[length].pattern)


_YEAR = re.compile(r"('[^']*')|(G+)|(y+)")


def _era_pattern(pattern: str, year: int, era: str) -> str:
    """The pattern with its year replaced by the Buddhist-era year (quoted literals kept)."""
    short = "yy" in pattern and "yyy" not in pattern

    def sub(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1)
        if match.group(2):
            return f"'{era}'"
        shown = str(year + BUDDHIST_ERA_OFFSET)
        return f"'{shown[-2:] if short else shown}'"

    # Long forms name the era where CLDR's do ("19 พฤศจิกายน พ.ศ. 2569"); shorter ones show the
    # year alone, as Thai readers write them ("19 พ.ย. 2569").
    return _YEAR.sub(sub, pattern)


def format_date(
    value: datetime.date | datetime.datetime | None, length: str = "medium", lang: str | None = None
) -> str:
    """A date in running text: ``length`` is short, medium, long, full, month, year, day-month."""
    if value is None or value == "":
        return ""
    lang = reader_language(lang)
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    pattern = _pattern(lang, length)
    era = BUDDHIST_ERA_LANGUAGES.get(lang)
    if era:
        pattern = _era_pattern(pattern, value.year, era)
    return _digits(babel_format_date(value, pattern, locale=_locale(lang)), lang)


def format_datetime(value: datetime.datetime | None, lang: str | None = None) -> str:
    """A short date and time ("19/11/2569 14:05" in Thai)."""
    if value is None or value == "":
        return ""
    lang = reader_language(lang)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    time = babel_format_datetime(value, "HH:mm", locale=_locale(lang))
    return f"{format_date(value.date(), 'short', lang)} {_digits(time, lang)}"


def format_year(year: int | str | None, lang: str | None = None) -> str:
    """A year in running text (2569 in Thai)."""
    if year is None or year == "":
        return ""
    lang = reader_language(lang)
    if lang in BUDDHIST_ERA_LANGUAGES:
        return _digits(str(int(year) + BUDDHIST_ERA_OFFSET), lang)
    return _digits(str(year), lang)


def format_number(
    value: int | float | Decimal | None, decimals: int | None = None, lang: str | None = None
) -> str:
    """A number with the locale's separators (12,345 · 12 345 · 12.345); ``decimals`` fixes them."""
    if value is None or value == "":
        return ""
    lang = reader_language(lang)
    fmt = None
    if decimals is not None:
        fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = babel_format_decimal(value, format=fmt, locale=_locale(lang))
    return _digits(text, lang)


def format_percent(
    value: int | float | Decimal | None, lang: str | None = None, *, ratio: bool = False
) -> str:
    """A percentage (``value`` in percent, or a 0-1 ratio with ``ratio=True``): 45 %, 45%."""
    if value is None or value == "":
        return ""
    lang = reader_language(lang)
    number = float(value) if ratio else float(value) / 100
    text = babel_format_percent(number, locale=_locale(lang))
    return _digits(text, lang)
