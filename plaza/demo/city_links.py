"""Demo links from each city's invented work to real resources of the demo library
(data/city_links.yaml).

Runs after the library's loader (DEMO_STEPS: "city_links" comes after "library"). Resources
are looked up by the title, language and year of the library's demo records, so a resource the
library did not load (no administrator, or removed since) is simply not linked. Idempotent.
"""

from __future__ import annotations

from typing import Any

from plaza.cities.models import Activity, ActivityResource
from plaza.demo import DemoContext, read_data, upsert
from plaza.demo.library import library_records
from plaza.library.models import Resource, Status


def _demo_resources() -> dict[str, Any]:
    """The published resources of the demo library, by their key in library.yaml."""
    found: dict[str, Any] = {}
    for entry in library_records():
        fields = entry["fields"]
        resource = Resource.objects.filter(
            title=fields["title"],
            language=fields["language"],
            year=fields["year"],
            status=Status.PUBLISHED,
        ).first()
        if resource is not None:
            found[entry["key"]] = resource
    return found


def load(ctx: DemoContext) -> None:
    resources = _demo_resources()
    links = read_data("city_links.yaml")
    linked = 0
    for activity in Activity.objects.filter(is_demo=True).select_related("city"):
        wanted = [
            *links["by_city"].get(activity.city.slug, {}).get(activity.kind, []),
            *links["common"].get(activity.kind, []),
        ]
        for position, link in enumerate(wanted):
            role, resource = link["role"], resources.get(link["record"])
            if resource is None:
                continue
            upsert(
                ActivityResource,
                {"activity": activity, "resource": resource, "role": role},
                {"position": position},
            )
            linked += 1
    ctx.write(f"cities: {linked} links from demo city work to the knowledge base")
    ctx.summary["cities.resource links"] = ActivityResource.objects.count()
