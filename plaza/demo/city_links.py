"""Demo links from each city's invented work to real resources of the demo library.

Runs after the library's loader (DEMO_STEPS: "city_links" comes after "library"). Resources
are looked up by the title, language and year of the library's demo records, so a resource the
library did not load (no administrator, or removed since) is simply not linked. Idempotent.
"""

from __future__ import annotations

from typing import Any

from plaza.cities.models import Activity, ActivityKind, ActivityResource, ResourceRole
from plaza.demo import DemoContext, upsert

# city -> kind of work -> [(role, key of plaza.demo.library_records)]
COMMON: dict[str, list[tuple[str, str]]] = {
    ActivityKind.CAPACITY_BUILDING: [(ResourceRole.LINKED, "chen-vanek-carr2004")],
    ActivityKind.CAMPAIGN: [
        (ResourceRole.MATERIALS, "roever-skinner2016"),
        (ResourceRole.LINKED, "wm2018"),
    ],
    ActivityKind.RESEARCH: [(ResourceRole.LINKED, "vanek2014")],
}
BY_CITY: dict[str, dict[str, list[tuple[str, str]]]] = {
    "accra": {
        ActivityKind.RIGHTS_EDUCATION: [(ResourceRole.COVERED, "r204")],
        ActivityKind.RESEARCH: [(ResourceRole.PRODUCED, "roever2014")],
        ActivityKind.DIALOGUE_PLATFORM: [(ResourceRole.LINKED, "hart1973")],
    },
    "lima": {
        ActivityKind.RIGHTS_EDUCATION: [
            (ResourceRole.COVERED, "peru-27986"),
            (ResourceRole.COVERED, "peru-29419"),
            (ResourceRole.COVERED, "r204-es"),
        ],
        ActivityKind.RESEARCH: [(ResourceRole.PRODUCED, "roever2014")],
        ActivityKind.CAMPAIGN: [(ResourceRole.MATERIALS, "wm2018-es")],
    },
    "bangkok": {
        ActivityKind.RIGHTS_EDUCATION: [
            (ResourceRole.COVERED, "thai-hwpa"),
            (ResourceRole.COVERED, "thai-hwpa-en"),
        ],
        ActivityKind.RESEARCH: [(ResourceRole.PRODUCED, "chen2014hbw")],
    },
    "delhi": {
        ActivityKind.RIGHTS_EDUCATION: [
            (ResourceRole.COVERED, "india-sva-hi"),
            (ResourceRole.COVERED, "india-sva"),
        ],
        ActivityKind.DIALOGUE_PLATFORM: [(ResourceRole.LINKED, "india-sva")],
    },
    "dakar": {
        ActivityKind.RIGHTS_EDUCATION: [(ResourceRole.COVERED, "r204-fr")],
        ActivityKind.CAMPAIGN: [(ResourceRole.MATERIALS, "wm2018-fr")],
        ActivityKind.DIALOGUE_PLATFORM: [(ResourceRole.LINKED, "dias2016")],
    },
    "mexico-city": {
        ActivityKind.RIGHTS_EDUCATION: [
            (ResourceRole.COVERED, "c189-es"),
            (ResourceRole.COVERED, "r204-es"),
        ],
    },
}


def _demo_resources() -> dict[str, Any]:
    from plaza.demo.library_records import RECORDS
    from plaza.library.models import Resource, Status

    found: dict[str, Any] = {}
    for entry in RECORDS:
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
    linked = 0
    for activity in Activity.objects.filter(is_demo=True).select_related("city"):
        wanted = [
            *BY_CITY.get(activity.city.slug, {}).get(activity.kind, []),
            *COMMON.get(activity.kind, []),
        ]
        for position, (role, key) in enumerate(wanted):
            resource = resources.get(key)
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
