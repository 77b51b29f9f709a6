"""How a resource looks to the search engine (plaza.search.registry)."""

from __future__ import annotations

from plaza.core import vocabularies
from plaza.library.models import Resource, ResourceType, Status
from plaza.search.registry import SearchDocument


def resource_type_label(value: str) -> str | None:
    """The translated name of a resource type (the ``type`` facet), None if not one."""
    return vocabularies.label("resource_type", value) if value in ResourceType.values else None


def build_search_document(resource: Resource) -> SearchDocument:
    year = resource.year
    facets: dict[str, list[str]] = {
        "type": [resource.type],
        "lang": [resource.language],
        "sector": sorted(s.pk for s in resource.sectors.all()),
        "city": sorted(c.slug for c in resource.cities.all()),
        "country": sorted({c.upper() for c in resource.countries}),
        "year": [str(year)] if year else [],
        "series": [resource.series] if resource.series else [],  # for series: searches
    }
    return SearchDocument(
        model="library.resource",
        pk=int(resource.pk),
        title=resource.title,
        subtitle=resource.subtitle,
        language=resource.language,
        abstract=resource.abstract,
        keywords=list(resource.keywords),
        creators=[c.display_name for c in resource.ordered_creators()],
        body=resource.body_text(),
        url=resource.get_absolute_url(),
        date=resource.issued,
        facets=facets,
        visibility=resource.visibility,
        indexable=resource.status == Status.PUBLISHED,
        group=resource.group_key,
    )
