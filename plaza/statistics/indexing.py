"""Statistics pages in search: one document per indicator that has figures.

The page of an indicator (``/statistics/?indicator=CODE``) compares countries and focal
cities; it is public, like every statistics page. The document holds the indicator's name
and definition in every language Plaza has them in (a Thai reader typing the Thai name finds
it), the source, and the focal cities that have figures for it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from plaza.search import registry
from plaza.search.registry import SearchDocument
from plaza.statistics.models import Indicator, Observation

KIND_STATISTICS = "statistics"


def indicator_document(indicator: Indicator) -> SearchDocument:
    english = indicator.names.get("en") or indicator.code
    other_names = [name for lang, name in sorted(indicator.names.items()) if lang != "en" and name]
    definitions = [text for _lang, text in sorted(indicator.definitions.items()) if text]
    cities = sorted(
        set(
            Observation.objects.filter(indicator=indicator, city__isnull=False).values_list(
                "city__slug", flat=True
            )
        )
    )
    has_figures = Observation.objects.filter(indicator=indicator).exists()
    return SearchDocument(
        model="statistics.indicator",
        pk=int(indicator.pk),
        title=english,
        language="en",
        abstract=indicator.definitions.get("en", ""),
        keywords=[indicator.code, *other_names, indicator.source],
        body="\n\n".join(definitions),
        url=f"{reverse('statistics:index')}?{urlencode({'indicator': indicator.code})}",
        facets={"kind": [KIND_STATISTICS], "city": cities},
        visibility="public",
        indexable=has_figures,
    )


def index_indicators(indicators: list[Indicator] | None = None) -> None:
    for indicator in indicators if indicators is not None else Indicator.objects.all():
        registry.index_object(indicator)


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    registry.register(
        Indicator, indicator_document, kind=KIND_STATISTICS, kind_label=_("Statistics")
    )
