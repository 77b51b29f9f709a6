"""Reading statistics files into checked records, without touching the database.

Two layouts are read (see docs/user/statistics.md):

* ILOSTAT's bulk CSV (``ref_area.label, source.label, indicator.label, sex.label, time,
  obs_value, obs_status.label, note_indicator.label, note_source.label``; UTF-8 with a
  byte-order mark; the ``type=code`` variant with ``ref_area, sex, indicator, obs_status``
  columns is read too);
* Plaza's own CSV (``indicator, country, city, sex, year, period, value, status, source,
  source_note``; what the export writes, and the layout for city figures).

Every problem is collected with its line number; the caller applies nothing when
there is any error.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry
from django.utils.translation import gettext as _

from plaza.core.countries import is_country_code
from plaza.core.text import clean_control
from plaza.statistics.geography import country_code_for_label
from plaza.statistics.models import VALUE_DECIMAL_PLACES, VALUE_MAX_DIGITS, Sex, Status

ILOSTAT_LABEL_COLUMNS = ("ref_area.label", "indicator.label", "sex.label", "time", "obs_value")
ILOSTAT_CODE_COLUMNS = ("ref_area", "indicator", "sex", "time", "obs_value")
PLAZA_COLUMNS = ("indicator", "sex", "year", "value")

ILOSTAT_SEX = {
    "sex: total": Sex.TOTAL,
    "sex: female": Sex.WOMEN,
    "sex: male": Sex.MEN,
    "sex: other": Sex.OTHER,
    "sex_t": Sex.TOTAL,
    "sex_f": Sex.WOMEN,
    "sex_m": Sex.MEN,
    "sex_o": Sex.OTHER,
}
# ILOSTAT observation status (label and code) -> our status. Anything else is an error.
ILOSTAT_STATUS = {
    "": Status.NONE,
    "break in series": Status.BREAK,
    "b": Status.BREAK,
    "unreliable": Status.UNRELIABLE,
    "u": Status.UNRELIABLE,
    "estimate": Status.ESTIMATE,
    "e": Status.ESTIMATE,
    "provisional": Status.PROVISIONAL,
    "p": Status.PROVISIONAL,
}
TIME_PATTERN = re.compile(r"^(?P<year>\d{4})(?P<period>(?:[QM]\d{1,2})?)$")
MIN_YEAR, MAX_YEAR = 1900, 2100


@dataclass(frozen=True)
class ObservationRecord:
    """One checked figure, ready to be saved."""

    line: int
    indicator: str  # Indicator.code (Plaza layout) or the source's label (ILOSTAT layout)
    country: str
    city: str  # focal city slug
    sex: str
    year: int
    period: str
    value: Decimal
    status: str
    source: str
    source_note: str

    def __post_init__(self) -> None:
        # Bulk-saved (no pre_save signal): the free-text columns lose control characters here.
        object.__setattr__(self, "source", clean_control(self.source))
        object.__setattr__(self, "source_note", clean_control(self.source_note))

    @property
    def key(self) -> tuple[str, str, str, str, int, str]:
        return (self.indicator, self.country, self.city, self.sex, self.year, self.period)


@dataclass(frozen=True)
class RowProblem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return _("line %(line)s, %(field)s: %(message)s") % {
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }


@dataclass
class ParsedFile:
    layout: str  # "ilostat" or "plaza"
    records: list[ObservationRecord] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    unmapped: dict[str, list[int]] = field(default_factory=dict)  # label -> lines
    without_value: list[int] = field(default_factory=list)
    rows_read: int = 0


def decode(data: bytes | str) -> str:
    """File content as text: UTF-8 with or without a byte-order mark."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    return data.decode("utf-8-sig")


def parse_value(raw: str) -> Decimal:
    """A figure as an exact decimal; ValueError with a readable message when it is not one."""
    text = raw.strip().replace(" ", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("%(value)r is not a number") % {"value": raw}) from None
    if not value.is_finite():
        raise ValueError(_("%(value)r is not a number") % {"value": raw})
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > VALUE_DECIMAL_PLACES:
        raise ValueError(
            _("%(value)s has more than %(places)s decimal places")
            % {"value": raw, "places": VALUE_DECIMAL_PLACES}
        )
    if abs(value) >= Decimal(10) ** (VALUE_MAX_DIGITS - VALUE_DECIMAL_PLACES):
        raise ValueError(_("%(value)s is too large") % {"value": raw})
    return value


def parse_time(raw: str) -> tuple[int, str]:
    match = TIME_PATTERN.match(raw.strip())
    if not match:
        raise ValueError(_("%(value)r is not a year (such as 2021) or 2021Q1") % {"value": raw})
    year = int(match["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(
            _("year %(year)s is outside %(min)s-%(max)s")
            % {"year": year, "min": MIN_YEAR, "max": MAX_YEAR}
        )
    return year, match["period"]


def detect_layout(header: Iterable[str]) -> str | None:
    columns = {name.strip() for name in header}
    if all(c in columns for c in ILOSTAT_LABEL_COLUMNS):
        return "ilostat"
    if all(c in columns for c in ILOSTAT_CODE_COLUMNS):
        return "ilostat-code"
    if all(c in columns for c in PLAZA_COLUMNS) and ({"country", "city"} & columns):
        return "plaza"
    return None


def _rows(text: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = header

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for row in reader:
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}

    return header, rows()


def parse_file(
    data: bytes | str,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> ParsedFile:
    """Read a statistics CSV; never raises on bad content, collects problems instead."""
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        parsed = ParsedFile(layout="")
        parsed.errors.append(
            RowProblem(0, _("file"), _("not UTF-8 text (byte %(pos)s)") % {"pos": exc.start})
        )
        return parsed
    try:
        header, rows = _rows(text)
    except csv.Error as exc:
        parsed = ParsedFile(layout="")
        parsed.errors.append(RowProblem(1, _("file"), str(exc)))
        return parsed
    layout = detect_layout(header)
    if layout is None:
        parsed = ParsedFile(layout="")
        parsed.errors.append(
            RowProblem(
                1,
                _("header"),
                _(
                    "unknown columns %(columns)s: expected ILOSTAT's bulk CSV or Plaza's "
                    "(indicator, country or city, sex, year, value, source)"
                )
                % {"columns": ", ".join(header) or "-"},
            )
        )
        return parsed
    parsed = ParsedFile(layout="plaza" if layout == "plaza" else "ilostat")
    iterable: Iterable[tuple[int, dict[str, str]]] = progress(rows) if progress else rows
    read_row = _read_plaza_row if layout == "plaza" else _read_ilostat_row
    seen: dict[tuple[str, str, str, str, int, str], int] = {}
    try:
        for line, row in iterable:
            parsed.rows_read += 1
            record = read_row(line, row, parsed, code_layout=layout == "ilostat-code")
            if record is None:
                continue
            first = seen.setdefault(record.key, line)
            if first != line:
                parsed.errors.append(
                    RowProblem(
                        line,
                        _("row"),
                        _("the same figure (place, sex, year) is already on line %(line)s")
                        % {"line": first},
                    )
                )
                continue
            parsed.records.append(record)
    except csv.Error as exc:
        parsed.errors.append(RowProblem(parsed.rows_read + 1, _("file"), str(exc)))
    return parsed


def _ilostat_country(raw: str, code_layout: bool) -> str | None:
    if code_layout:
        country = pycountry.countries.get(alpha_3=raw.upper()) if len(raw) == 3 else None
        return str(country.alpha_2) if country else None
    return country_code_for_label(raw)


def _read_ilostat_row(
    line: int, row: dict[str, str], parsed: ParsedFile, *, code_layout: bool
) -> ObservationRecord | None:
    suffix = "" if code_layout else ".label"
    errors = parsed.errors
    area = row.get("ref_area" + suffix, "")
    country = _ilostat_country(area, code_layout)
    sex = ILOSTAT_SEX.get(row.get("sex" + suffix, "").lower())
    status = ILOSTAT_STATUS.get(row.get("obs_status" + suffix, "").lower())
    indicator = row.get("indicator" + suffix, "")
    problems_before = len(errors)
    if not indicator:
        errors.append(RowProblem(line, "indicator" + suffix, _("empty")))
    if sex is None:
        errors.append(
            RowProblem(
                line,
                "sex" + suffix,
                _("unknown sex %(value)r") % {"value": row.get("sex" + suffix)},
            )
        )
    if status is None:
        errors.append(
            RowProblem(
                line,
                "obs_status" + suffix,
                _("unknown status %(value)r") % {"value": row.get("obs_status" + suffix)},
            )
        )
    try:
        year, period = parse_time(row.get("time", ""))
    except ValueError as exc:
        errors.append(RowProblem(line, "time", str(exc)))
    value: Decimal | None = None
    if row.get("obs_value", ""):
        try:
            value = parse_value(row["obs_value"])
        except ValueError as exc:
            errors.append(RowProblem(line, "obs_value", str(exc)))
    if len(errors) > problems_before:
        return None
    if country is None:
        parsed.unmapped.setdefault(area, []).append(line)
        return None
    if value is None:
        parsed.without_value.append(line)
        return None
    notes = [row.get(f"note_indicator{suffix}", ""), row.get(f"note_source{suffix}", "")]
    assert sex is not None and status is not None
    return ObservationRecord(
        line=line,
        indicator=indicator,
        country=country,
        city="",
        sex=sex,
        year=year,
        period=period,
        value=value,
        status=status,
        source=row.get("source" + suffix, ""),
        source_note=" | ".join(note for note in notes if note),
    )


def _read_plaza_row(
    line: int, row: dict[str, str], parsed: ParsedFile, *, code_layout: bool = False
) -> ObservationRecord | None:
    errors = parsed.errors
    problems_before = len(errors)
    indicator = row.get("indicator", "")
    country = row.get("country", "").upper()
    city = row.get("city", "").lower()
    if not indicator:
        errors.append(RowProblem(line, "indicator", _("empty")))
    if bool(country) == bool(city):
        errors.append(
            RowProblem(line, "country/city", _("give either a country code or a city, not both"))
        )
    elif country and not is_country_code(country):
        errors.append(
            RowProblem(
                line,
                "country",
                _("%(value)r is not an ISO 3166-1 alpha-2 code") % {"value": country},
            )
        )
    sex = row.get("sex", "").lower()
    if sex not in Sex.values:
        errors.append(
            RowProblem(
                line,
                "sex",
                _("%(value)r is not one of %(choices)s")
                % {"value": row.get("sex"), "choices": ", ".join(Sex.values)},
            )
        )
    status = row.get("status", "").lower()
    if status not in Status.values:
        errors.append(
            RowProblem(
                line,
                "status",
                _("%(value)r is not one of %(choices)s")
                % {"value": row.get("status"), "choices": ", ".join(v for v in Status.values if v)},
            )
        )
    year, period = 0, ""
    try:
        year, period_in_year = parse_time(row.get("year", ""))
        period = row.get("period", "") or period_in_year
    except ValueError as exc:
        errors.append(RowProblem(line, "year", str(exc)))
    value = Decimal(0)
    try:
        value = parse_value(row.get("value", ""))
    except ValueError as exc:
        errors.append(RowProblem(line, "value", str(exc)))
    source = row.get("source", "")
    if not source:
        errors.append(RowProblem(line, "source", _("every figure needs its source")))
    if len(errors) > problems_before:
        return None
    return ObservationRecord(
        line=line,
        indicator=indicator,
        country=country,
        city=city,
        sex=sex,
        year=year,
        period=period,
        value=value,
        status=status,
        source=source,
        source_note=row.get("source_note", ""),
    )
