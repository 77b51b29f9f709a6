"""Demo library: real publications, laws and statistics on the informal economy, and the UNDP
Accelerator Labs pages from ../shared/data when present (hundreds of searchable documents)."""

from __future__ import annotations

import time
from typing import Any

from plaza.accounts.models import User
from plaza.cities.models import City
from plaza.demo import DemoContext
from plaza.demo.library_records import RECORDS
from plaza.library import importers, services, undp
from plaza.library.models import Resource


def _actor() -> User | None:
    return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def load(ctx: DemoContext) -> None:
    user = _actor()
    if user is None:
        ctx.write("library: no administrator to record the demo resources; skipped")
        return
    cities = dict(City.objects.values_list("slug", "pk"))
    created: dict[str, Resource] = {}
    new = 0
    for entry in RECORDS:
        fields: dict[str, Any] = dict(entry["fields"])
        existing = Resource.objects.filter(
            title=fields["title"], language=fields["language"], year=fields["year"]
        ).first()
        if existing is not None:
            created[entry["key"]] = existing
            continue
        if entry["edition_of"]:
            fields["edition_of"] = created[entry["edition_of"]]
        resource = services.create_resource(
            user,
            {**fields, "status": "published", "visibility": "public"},
            [importers.parse_creator(c) for c in entry["creators"]],
            sectors=entry["sectors"],
            cities=[cities[slug] for slug in entry["cities"] if slug in cities],
        )
        created[entry["key"]] = resource
        new += 1
    ctx.write(f"library: {new} real resources added ({len(RECORDS)} in the demo list)")
    folder = undp.default_folder()
    if folder.is_dir():
        started = time.perf_counter()
        rows = undp.rows_from_directory(folder)
        cleaned = undp.refresh_imported(user, folder, rows)  # a demo loaded before issue 18
        if cleaned:
            ctx.write(f"library: {cleaned} UNDP pages imported earlier cleaned in place")
        report = importers.import_rows(user, rows, publish=True)
        seconds = time.perf_counter() - started
        ctx.write(
            f"library: UNDP Accelerator Labs pages: {len(report.created)} imported, "
            f"{len(report.duplicates)} duplicates or already there ({seconds:.1f} s)"
        )
    ctx.summary["library.resources"] = Resource.objects.count()
