"""How results and facets read in the interface language: labels, links, times, year buckets.

``facet_label(name, value)`` is the one place a facet value gets its name, for the facets,
the results, the applied-filter bar and the API. Each vocabulary has one label function:
languages, sectors and countries from plaza.core, record kinds and the values apps put in
``type`` or ``city`` from what each app registered with plaza.search.registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from plaza.core.vocabularies import label_map
from plaza.search import registry

YEAR_BUCKET = 5
FACET_TITLES = {
    "kind": pgettext_lazy("search filter: what a record is", "Kind"),
    "type": _("Type"),
    "lang": _("Language"),
    "sector": _("Sector"),
    "city": _("City"),
    "country": _("Country"),
    "year": _("Year"),
}


@dataclass
class FacetValue:
    value: str  # what the filter parameter carries ("es", "2015..2019")
    label: str
    count: int
    selected: bool = False


# facet name -> the vocabulary of its values (plaza.core.vocabularies)
FACET_VOCABULARIES = {
    "type": "resource_type",
    "lang": "language",
    "sector": "sector",
    "city": "city",
    "country": "country",
}


def facet_label(name: str, value: str) -> str:
    """A facet value's label in the reader's language; never one built from the code."""
    return facet_labels(name, [value])[value]


def facet_labels(name: str, values: list[str]) -> dict[str, str]:
    """The labels of a facet's values, read together (one query for the city names).

    The core vocabularies first (one source per vocabulary); then what the apps registered
    with the search registry for facets that mix vocabularies (``type`` holds resource types,
    kinds of organisation and kinds of city work; ``kind`` the kinds of record).
    """
    found: dict[str, str] = {}
    vocabulary = FACET_VOCABULARIES.get(name)
    if vocabulary is not None:
        codes = {value: value.upper() if name == "country" else value for value in values}
        mapped = label_map(vocabulary, codes.values())
        found = {v: mapped[c] for v, c in codes.items() if mapped.get(c, v) not in (v, c)}
    return {v: found.get(v) or registry.label_for(name, v) or v for v in values}


_LANGUAGE_PREFIX = re.compile(r"^/([a-z]{2})(?=/)")


def localized_url(url: str, language: str) -> str:
    """A site path in ``language``: /en/library/42/ -> /th/library/42/ (others unchanged).

    The index stores each record's path in the site's default language; a reader clicking a
    result must land on the page in the language they are reading.
    """
    codes = {code for code, _name in settings.LANGUAGES}
    match = _LANGUAGE_PREFIX.match(url)
    if language in codes and match and match.group(1) in codes:
        return f"/{language}{url[match.end() :]}"
    return url


def format_duration(milliseconds: float) -> str:
    """The time a search took, with the locale's digits grouping and unit ("45 ms", "1,2 s")."""
    if milliseconds < 1000:
        return gettext("%(value)s ms") % {"value": number_format(round(milliseconds), 0)}
    return gettext("%(value)s s") % {"value": number_format(milliseconds / 1000, 1)}


def year_buckets(
    counts: dict[str, int], year_from: int | None, year_to: int | None
) -> list[FacetValue]:
    """Years grouped by five (2015..2019), newest first; the selected range stays listed."""
    buckets: dict[int, int] = {}
    for year, count in counts.items():
        if year.isdigit():
            start = int(year) - int(year) % YEAR_BUCKET
            buckets[start] = buckets.get(start, 0) + count
    result = []
    for start in sorted(buckets, reverse=True):
        end = start + YEAR_BUCKET - 1
        selected = year_from == start and year_to == end
        result.append(FacetValue(f"{start}..{end}", f"{start}–{end}", buckets[start], selected))
    if (year_from or year_to) and not any(v.selected for v in result):
        label = f"{year_from or ''}–{year_to or ''}"
        result.insert(0, FacetValue(f"{year_from or ''}..{year_to or ''}", label, 0, True))
    return result


def facet_values(name: str, counts: dict[str, int], selected: list[str]) -> list[FacetValue]:
    labels = facet_labels(name, list(dict.fromkeys([*counts, *selected])))
    values = [
        FacetValue(value, labels[value], count, value in selected)
        for value, count in counts.items()
    ]
    for value in selected:  # a selected value with no hit left is still shown (to unselect)
        if value not in counts:
            values.append(FacetValue(value, labels[value], 0, True))
    return values
