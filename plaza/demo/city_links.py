"""Demo links from each city's invented work to real resources of the demo library
(data/city_links.yaml).

Runs after the library's loader (DEMO_STEPS: "city_links" comes after "library"). Resources
are looked up by the title, language and year of the library's demo records, so a resource the
library did not load (removed since) is simply not linked. The links are set through
plaza.cities.services.update_activity by the demo administrator, and only where an activity's
links differ from the file's (idempotent: a second load writes nothing).
"""

from __future__ import annotations

from typing import Any

from plaza.cities import services
from plaza.cities.models import Activity, ActivityResource
from plaza.cities.models.activity import RESOURCE_FIELDS
from plaza.demo import DemoContext, read_data
from plaza.demo.accounts import demo_actor
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
    user = demo_actor()
    resources = _demo_resources()
    links = read_data("city_links.yaml")
    field_of_role = {role: name for name, role in RESOURCE_FIELDS.items()}
    linked = 0
    for activity in Activity.objects.filter(is_demo=True).select_related("city"):
        wanted: dict[str, list[Any]] = {}
        for link in (
            *links["by_city"].get(activity.city.slug, {}).get(activity.kind, []),
            *links["common"].get(activity.kind, []),
        ):
            resource = resources.get(link["record"])
            if resource is not None:
                wanted.setdefault(field_of_role[link["role"]], []).append(resource)
        stored = {
            field_of_role[role]: [
                link.resource
                for link in activity.resource_links.filter(role=role).order_by("position")
            ]
            for role in {RESOURCE_FIELDS[name] for name in wanted}
        }
        if stored != wanted:
            services.update_activity(user, activity, wanted)
        linked += sum(len(items) for items in wanted.values())
    ctx.write(f"cities: {linked} links from demo city work to the knowledge base")
    ctx.summary["cities.resource links"] = ActivityResource.objects.count()
