"""Facet labels (in the interface language) and year buckets."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from plaza.core.vocabularies import label

YEAR_BUCKET = 5
FACET_TITLES = {
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
    vocabulary = FACET_VOCABULARIES.get(name)
    if vocabulary is None:
        return value
    return label(vocabulary, value.upper() if name == "country" else value)


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
    values = [
        FacetValue(value, facet_label(name, value), count, value in selected)
        for value, count in counts.items()
    ]
    for value in selected:  # a selected value with no hit left is still shown (to unselect)
        if value not in counts:
            values.append(FacetValue(value, facet_label(name, value), 0, True))
    return values
