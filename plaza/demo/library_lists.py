"""Demo collections of the knowledge base (data/library_lists.yaml): curated lists of the
demo library's records.

Runs after the library's loader; made through the library's services by the demo librarian
(so the collections' history says who made them). A record the library did not load is left
out. Idempotent: a second load adds nothing.
"""

from __future__ import annotations

from typing import Any

from plaza.accounts.models import User
from plaza.demo import DemoContext, read_data
from plaza.demo.city_links import _demo_resources
from plaza.library import list_services
from plaza.library.lists import Collection


def collections() -> list[dict[str, Any]]:
    """The collections of library_lists.yaml: slug, title, description, records (keys)."""
    return list(read_data("library_lists.yaml"))


def load(ctx: DemoContext) -> None:
    librarian = User.objects.filter(username="librarian").first()
    if librarian is None:
        ctx.write("library: no demo librarian, no demo collections")
        return
    resources = _demo_resources()
    added = 0
    wanted = collections()
    for entry in wanted:
        collection = Collection.objects.filter(slug=entry["slug"]).first()
        if collection is None:
            collection = list_services.create_collection(
                librarian, entry["title"], entry["description"], entry["slug"]
            )
            Collection.objects.filter(pk=collection.pk).update(is_demo=True)
        present = set(collection.items.values_list("resource_id", flat=True))
        for key in entry["records"]:
            resource = resources.get(key)
            if resource is not None and resource.pk not in present:
                list_services.add_to_collection(librarian, collection, resource)
                added += 1
    ctx.write(f"library: {len(wanted)} demo collections ({added} resources added)")
    ctx.summary["library.collections"] = Collection.objects.count()
