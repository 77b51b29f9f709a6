"""Machine-readable descriptions of a resource page: schema.org JSON-LD, Highwire and Dublin Core."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.html import escape

from plaza.library.models import Resource, Status, Visibility

SCHEMA_TYPES = {
    "publication": "Book",
    "working-paper": "Report",
    "policy-brief": "Report",
    "statistical-brief": "Report",
    "law": "Legislation",
    "good-practice": "Report",
    "toolkit": "Book",
    "dataset": "Dataset",
    "media": "MediaObject",
}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def json_ld(resource: Resource) -> str:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(resource.type, "CreativeWork"),
        "@id": absolute(resource.get_absolute_url()),
        "url": absolute(resource.get_absolute_url()),
        "name": resource.title,
        "inLanguage": resource.language,
    }
    if resource.subtitle:
        data["alternativeHeadline"] = resource.subtitle
    if resource.abstract:
        data["abstract"] = resource.abstract
    authors = []
    for creator in resource.ordered_creators():
        if creator.kind == "organization":
            authors.append({"@type": "Organization", "name": creator.display_name})
        else:
            person = {
                "@type": "Person",
                "familyName": creator.family_name,
                "name": creator.display_name,
            }
            if creator.given_names:
                person["givenName"] = creator.given_names
            authors.append(person)
    if authors:
        data["author"] = authors
    if resource.issued:
        data["datePublished"] = resource.date.isoformat() if resource.date else str(resource.year)
    if resource.publisher:
        data["publisher"] = {"@type": "Organization", "name": resource.publisher}
    if resource.keywords:
        data["keywords"] = ", ".join(resource.keywords)
    if resource.licence:
        data["license"] = resource.licence
    if resource.isbn:
        data["isbn"] = resource.isbn
    identifiers = [f"https://doi.org/{resource.doi}"] if resource.doi else []
    if resource.handle:
        identifiers.append(f"https://hdl.handle.net/{resource.handle}")
    if identifiers:
        data["identifier"] = identifiers if len(identifiers) > 1 else identifiers[0]
    if resource.series:
        data["isPartOf"] = {"@type": "CreativeWorkSeries", "name": resource.series}
    places = [c.name for c in resource.cities.all()]
    if places:
        data["spatialCoverage"] = [{"@type": "Place", "name": name} for name in places]
    files = [f for f in resource.files.all()]
    if files:
        data["encoding"] = [
            {
                "@type": "MediaObject",
                "contentUrl": absolute(f.get_absolute_url()),
                "encodingFormat": f.content_type,
                "name": f.original_name,
            }
            for f in files
        ]
    # Public page, public data: only the language versions anyone may read.
    versions = list(
        resource.language_versions().filter(status=Status.PUBLISHED, visibility=Visibility.PUBLIC)
    )
    if versions:
        data["workTranslation" if not resource.edition_of_id else "translationOfWork"] = [
            {"@id": absolute(v.get_absolute_url()), "inLanguage": v.language} for v in versions
        ]
    # Escape "<" so a title cannot close the script element.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def meta_tags(resource: Resource) -> list[tuple[str, str]]:
    """(name, content) pairs: Highwire Press citation_* tags (Zotero, Google Scholar) and DC.*"""
    tags: list[tuple[str, str]] = [("citation_title", resource.title)]
    for creator in resource.ordered_creators():
        if creator.role == "author":
            tags.append(("citation_author", creator.sort_name))
    if resource.date:
        tags.append(("citation_publication_date", resource.date.strftime("%Y/%m/%d")))
    elif resource.year:
        tags.append(("citation_publication_date", str(resource.year)))
    if resource.publisher:
        tags.append(("citation_publisher", resource.publisher))
    if resource.type in ("working-paper", "policy-brief", "statistical-brief"):
        if resource.publisher:
            tags.append(("citation_technical_report_institution", resource.publisher))
        if resource.series_number:
            tags.append(("citation_technical_report_number", resource.series_number))
    if resource.container_title:
        tags.append(("citation_journal_title", resource.container_title))
    for name, value in (
        ("citation_volume", resource.volume),
        ("citation_issue", resource.issue),
        ("citation_doi", resource.doi),
        ("citation_isbn", resource.isbn),
        ("citation_issn", resource.issn),
        ("citation_language", resource.language),
        ("citation_abstract_html_url", absolute(resource.get_absolute_url())),
    ):
        if value:
            tags.append((name, value))
    for f in resource.files.all():
        if f.content_type == "application/pdf":
            tags.append(("citation_pdf_url", absolute(f.get_absolute_url())))
    for keyword in resource.keywords:
        tags.append(("citation_keywords", keyword))
    tags.append(("DC.title", resource.title))
    for creator in resource.ordered_creators():
        tags.append(("DC.creator", creator.sort_name))
    if resource.issued:
        tags.append(("DC.date", resource.date.isoformat() if resource.date else str(resource.year)))
    tags.append(("DC.type", resource.get_type_display()))
    tags.append(("DC.language", resource.language))
    if resource.publisher:
        tags.append(("DC.publisher", resource.publisher))
    if resource.abstract:
        tags.append(("DC.description", resource.abstract[:1000]))
    for keyword in resource.keywords:
        tags.append(("DC.subject", keyword))
    if resource.doi:
        tags.append(("DC.identifier", f"https://doi.org/{resource.doi}"))
    tags.append(("DC.identifier", absolute(resource.get_absolute_url())))
    if resource.licence:
        tags.append(("DC.rights", resource.licence))
    return tags


def meta_html(resource: Resource) -> str:
    return "\n".join(
        f'<meta name="{escape(name)}" content="{escape(content)}">'
        for name, content in meta_tags(resource)
    )
