"""The six focal cities, with the facts the Focal Cities seed gives (data/cities.yaml), written
through plaza.cities.services by the demo administrator."""

from __future__ import annotations

import datetime

from plaza.cities import services
from plaza.cities.models import City
from plaza.demo import DemoContext, changed, read_data
from plaza.demo.accounts import demo_actor


def load(ctx: DemoContext) -> None:
    user = demo_actor()
    for order, city in enumerate(read_data("cities.yaml"), start=1):
        joined_on = city["joined_on"]
        values = {
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
        }
        existing = City.objects.filter(slug=city["slug"]).first()
        if existing is None:
            services.create_city(user, slug=city["slug"], **values)
        elif difference := changed(existing, values):
            services.update_city(user, existing, difference)
    ctx.summary["focal cities"] = City.objects.count()
