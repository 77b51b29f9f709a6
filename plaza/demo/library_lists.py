"""Demo collections of the knowledge base: two curated lists of the demo library's records.

Runs after the library's loader; made through the library's services by the demo librarian
(so the collections' history says who made them). A record the library did not load is left
out. Idempotent: a second load adds nothing.
"""

from __future__ import annotations

from plaza.accounts.models import User
from plaza.demo import DemoContext
from plaza.demo.city_links import _demo_resources
from plaza.library import list_services
from plaza.library.lists import Collection

COLLECTIONS = [
    (
        "laws-for-informal-workers",
        "Laws that protect informal workers",
        "International standards and national and city laws on street vending, home-based work, "
        "domestic work and waste picking, in their original languages.",
        [
            "r204",
            "c189",
            "c177",
            "india-sva",
            "thai-hwpa",
            "peru-27986",
            "peru-29419",
            "lima-ord1787",
            "india-swm2016",
        ],
    ),
    (
        "measuring-informal-employment",
        "Measuring informal employment",
        "The statistical standards (ICLS resolutions) and the global and regional estimates "
        "built on them.",
        ["icls15", "icls17", "icls21", "wm2002", "wm2013", "wm2018", "wm2023", "vanek2014"],
    ),
]


def load(ctx: DemoContext) -> None:
    librarian = User.objects.filter(username="librarian").first()
    if librarian is None:
        ctx.write("library: no demo librarian, no demo collections")
        return
    resources = _demo_resources()
    added = 0
    for slug, title, description, keys in COLLECTIONS:
        collection = Collection.objects.filter(slug=slug).first()
        if collection is None:
            collection = list_services.create_collection(librarian, title, description, slug)
            Collection.objects.filter(pk=collection.pk).update(is_demo=True)
        present = set(collection.items.values_list("resource_id", flat=True))
        for key in keys:
            resource = resources.get(key)
            if resource is not None and resource.pk not in present:
                list_services.add_to_collection(librarian, collection, resource)
                added += 1
    ctx.write(f"library: {len(COLLECTIONS)} demo collections ({added} resources added)")
    ctx.summary["library.collections"] = Collection.objects.count()
