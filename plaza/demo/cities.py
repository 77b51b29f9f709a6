"""The six focal cities, with the facts the Focal Cities seed gives (data/cities.yaml)."""

from __future__ import annotations

import datetime

from plaza.cities.models import City
from plaza.demo import DemoContext, read_data, upsert
from plaza.demo.city_work import load_work


def load(ctx: DemoContext) -> None:
    for order, city in enumerate(read_data("cities.yaml"), start=1):
        joined_on = city["joined_on"]
        upsert(
            City,
            {"slug": city["slug"]},
            {
                "name": city["name"],
                "country": city["country"],
                "languages": city["languages"],
                "time_zone": city["time_zone"],
                "year_joined": city["year_joined"],
                "joined_on": datetime.date.fromisoformat(joined_on) if joined_on else None,
                "sequence": order,
                "summary": city["summary"],
                "names": city["names"],
                "summaries": city["summaries"],
            },
        )
    ctx.summary["focal cities"] = City.objects.count()
    # The city work names the directory's organisations, whose loader runs after this one
    # (DEMO_STEPS order: cities first, as the directory needs the cities). Its loader is
    # idempotent, so running it here first is harmless.
    from plaza.demo import directory as directory_demo

    directory_demo.load(ctx)
    load_work(ctx)
