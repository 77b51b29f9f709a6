"""The catalogue as CSV and JSON. The CSV columns are the import columns (docs/user/library.md)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from plaza.core.vocabularies import labels_of
from plaza.library.metadata import absolute
from plaza.library.models import Creator, Resource

CSV_COLUMNS = [
    "title",
    "subtitle",
    "creators",
    "type",
    "language",
    "year",
    "date",
    "publisher",
    "place",
    "series",
    "series_number",
    "edition",
    "container_title",
    "volume",
    "issue",
    "pages",
    "abstract",
    "keywords",
    "sectors",
    "cities",
    "countries",
    "licence",
    "doi",
    "isbn",
    "issn",
    "handle",
    "url",
    "visibility",
    "status",
    "edition_of",
    "source",
    "source_url",
]


def creator_cell(creator: Creator) -> str:
    if creator.kind == "organization":
        name = creator.display_name
        return f"{{{name}}}" if "," in name or ";" in name else name
    prefix = "ed: " if creator.role == "editor" else ""
    return prefix + creator.sort_name


def resource_row(resource: Resource) -> dict[str, Any]:
    return {
        "id": resource.pk,
        "page": absolute(resource.get_absolute_url()),
        "title": resource.title,
        "subtitle": resource.subtitle,
        "creators": "; ".join(creator_cell(c) for c in resource.ordered_creators()),
        "type": resource.type,
        "language": resource.language,
        "year": resource.year or "",
        "date": resource.date.isoformat() if resource.date else "",
        "publisher": resource.publisher,
        "place": resource.place,
        "series": resource.series,
        "series_number": resource.series_number,
        "edition": resource.edition,
        "container_title": resource.container_title,
        "volume": resource.volume,
        "issue": resource.issue,
        "pages": resource.pages,
        "abstract": resource.abstract,
        "keywords": "; ".join(resource.keywords),
        "sectors": "; ".join(sorted(s.pk for s in resource.sectors.all())),
        "cities": "; ".join(sorted(c.slug for c in resource.cities.all())),
        "countries": "; ".join(resource.countries),
        "licence": resource.licence,
        "doi": resource.doi,
        "isbn": resource.isbn,
        "issn": resource.issn,
        "handle": resource.handle,
        "url": resource.url,
        "visibility": resource.visibility,
        "status": resource.status,
        "edition_of": resource.edition_of_id or "",
        "source": resource.source,
        "source_url": resource.source_url,
    }


def catalogue_csv(resources: Iterable[Resource]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["id", "page", *CSV_COLUMNS], extrasaction="ignore")
    writer.writeheader()
    for resource in resources:
        writer.writerow(resource_row(resource))
    return out.getvalue()


def resource_json(resource: Resource) -> dict[str, Any]:
    row = resource_row(resource)
    row["creators"] = [
        {
            "kind": c.kind,
            "role": c.role,
            "family_name": c.family_name,
            "given_names": c.given_names,
            "name": c.display_name if c.kind == "organization" else "",
        }
        for c in resource.ordered_creators()
    ]
    for key in ("keywords", "countries"):
        row[key] = list(getattr(resource, key))
    row["sectors"] = sorted(s.pk for s in resource.sectors.all())
    cities = sorted(resource.cities.all(), key=lambda city: city.slug)
    row["cities"] = [city.slug for city in cities]
    row["year"] = resource.year
    row["date"] = resource.date.isoformat() if resource.date else None
    row["edition_of"] = resource.edition_of_id
    labels = labels_of(
        {
            "type": ("resource_type", resource.type),
            "language": ("language", resource.language),
            "sectors": ("sector", row["sectors"]),
            "countries": ("country", row["countries"]),
            "visibility": ("visibility", resource.visibility),
            "status": ("resource_status", resource.status),
        }
    )
    # The cities are already read with the resource: their names from them (City.name_in, the
    # city vocabulary's own source), not one more query per resource through the vocabulary.
    labels["cities"] = [city.name_in() for city in cities]
    row["labels"] = labels
    row["files"] = [
        {
            "name": f.original_name,
            "url": absolute(f.get_absolute_url()),
            "content_type": f.content_type,
            "size": f.size,
            "text_extraction": f.extraction_status,
            "pages": f.page_count,
            "preview": absolute(f.get_preview_url()) if f.has_preview else None,
            "downloads": f.download_count,
        }
        for f in resource.files.all()
    ]
    return row


def catalogue_json(resources: Iterable[Resource]) -> str:
    return json.dumps([resource_json(r) for r in resources], ensure_ascii=False, indent=1)
