"""Organisations are public records: the search engine indexes them through plaza.search.registry.
People are never indexed."""

from __future__ import annotations

from plaza.directory.models import Organization
from plaza.search.registry import SearchDocument


def organization_document(org: Organization) -> SearchDocument:
    return SearchDocument(
        model="directory.organization",
        pk=org.pk,
        title=str(org),
        abstract=org.description,
        keywords=[org.acronym] if org.acronym else [],
        url=org.get_absolute_url(),
        facets={
            "type": ["organization", org.kind],
            "sector": [s.code for s in org.sectors.all()],
            "city": [c.slug for c in org.cities.all()],
            "country": [org.country] if org.country else [],
            "lang": list(org.languages),
        },
        visibility="public",
    )
