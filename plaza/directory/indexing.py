"""Organisations are public records: the search engine indexes them through plaza.search.registry.
People are never indexed."""

from __future__ import annotations

from plaza.core import vocabularies
from plaza.directory.models import Organization, OrganizationKind
from plaza.search.registry import SearchDocument


def organization_kind_label(value: str) -> str | None:
    """The translated name of a kind of organisation (the ``type`` facet), None if not one."""
    return (
        vocabularies.label("organization_kind", value) if value in OrganizationKind.values else None
    )


def organization_document(org: Organization) -> SearchDocument:
    return SearchDocument(
        model="directory.organization",
        pk=org.pk,
        title=str(org),
        abstract=org.description,
        keywords=[org.acronym] if org.acronym else [],
        url=org.get_absolute_url(),
        facets={
            "kind": ["organization"],
            "type": [org.kind],
            "sector": sorted(s.code for s in org.sectors.all()),
            "city": sorted(c.slug for c in org.cities.all()),
            "country": [org.country] if org.country else [],
            "lang": sorted(org.languages),
        },
        visibility="public",
    )
