"""Search parameters from a query string (the page and the API read the same ones)."""

from __future__ import annotations

import re
from typing import Any

from django.http import QueryDict

from plaza.search.backends.base import FACET_NAMES
from plaza.search.query import MAX_QUERY_LENGTH
from plaza.search.services import SearchParams

FILTER_PARAMS = tuple(n for n in FACET_NAMES if n != "year")
_YEAR = re.compile(r"^\s*(\d{4})?\s*(?:\.\.\s*(\d{4})?)?\s*$")
EXPORT_FORMATS = ("bibtex", "ris", "csl-json", "apa", "chicago")


def parse_year(value: str) -> tuple[int | None, int | None]:
    """ "2015..2019", "2015..", "..2019" or "2017"; anything else is no range."""
    match = _YEAR.match(value or "")
    if not match:
        return None, None
    start = int(match.group(1)) if match.group(1) else None
    end = int(match.group(2)) if match.group(2) else None
    if ".." not in value:
        end = start
    if start is not None and end is not None and start > end:
        start, end = end, start
    return start, end


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def from_query_dict(data: QueryDict, interface_language: str) -> SearchParams:
    filters: dict[str, list[str]] = {}
    for name in FILTER_PARAMS:
        values = [v for raw in data.getlist(name) for v in raw.split(",") if v.strip()]
        if values:
            filters[name] = values[:20]
    year_from, year_to = parse_year(data.get("year", ""))
    return SearchParams(
        q=data.get("q", "")[: MAX_QUERY_LENGTH * 4],
        filters=filters,
        year_from=year_from,
        year_to=year_to,
        sort=data.get("sort", "relevance"),
        page=_int(data.get("page"), 1),
        per_page=_int(data.get("per_page"), 0),
        semantic=data.get("semantic", "on") not in ("off", "0", "false", "no"),
        interface_language=interface_language,
    )


def to_query_dict(params: SearchParams, **changes: Any) -> QueryDict:
    """A query string for ``params`` with ``changes`` (used for facet, sort and page links)."""
    values: dict[str, Any] = {
        "q": params.q,
        "sort": params.sort,
        "page": params.page,
        "semantic": "on" if params.semantic else "off",
        "year": _year_value(params.year_from, params.year_to),
        **{name: params.filters.get(name, []) for name in FILTER_PARAMS},
    }
    values.update(changes)
    query = QueryDict(mutable=True)
    for key, value in values.items():
        if key == "page" and value == 1:
            continue
        if key == "sort" and value == "relevance":
            continue
        if key == "semantic" and value == "on":
            continue
        if isinstance(value, list):
            for item in value:
                query.appendlist(key, item)
        elif value not in ("", None):
            query[key] = str(value)
    return query


def _year_value(start: int | None, end: int | None) -> str:
    if start is None and end is None:
        return ""
    if start == end:
        return str(start)
    return f"{start or ''}..{end or ''}"
