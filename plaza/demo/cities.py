"""The six focal cities, with the facts the Focal Cities seed gives."""

from __future__ import annotations

import datetime

from plaza.cities.models import City
from plaza.demo import DemoContext, upsert
from plaza.demo.city_work import load_work

# (slug, name, country, languages, time zone, year joined, joined on, summary)
FOCAL_CITIES = [
    (
        "accra",
        "Accra",
        "GH",
        ["en"],
        "Africa/Accra",
        None,
        None,
        "One of the two cities where the Focal City model began.",
    ),
    (
        "lima",
        "Lima",
        "PE",
        ["es"],
        "America/Lima",
        None,
        None,
        "One of the two cities where the Focal City model began.",
    ),
    (
        "bangkok",
        "Bangkok",
        "TH",
        ["th"],
        "Asia/Bangkok",
        2016,
        None,
        "Added as a focal city in 2016.",
    ),
    (
        "delhi",
        "Delhi",
        "IN",
        ["hi", "en"],
        "Asia/Kolkata",
        2016,
        None,
        "Added as a focal city in 2016.",
    ),
    (
        "dakar",
        "Dakar",
        "SN",
        ["fr", "wo"],
        "Africa/Dakar",
        2017,
        datetime.date(2017, 1, 1),
        "A focal city since January 2017, building on previous work.",
    ),
    (
        "mexico-city",
        "Mexico City",
        "MX",
        ["es"],
        "America/Mexico_City",
        2017,
        datetime.date(2017, 1, 1),
        "A focal city since January 2017, building on previous work.",
    ),
]


# Each city's name in the other interface languages (CLDR-style exonyms; the local name for the
# city's own language) and its summary in the city's own language(s): content, not interface.
CITY_NAMES: dict[str, dict[str, str]] = {
    "accra": {"es": "Acra", "fr": "Accra", "th": "อักกรา", "hi": "अक्रा"},
    "lima": {"es": "Lima", "fr": "Lima", "th": "ลิมา", "hi": "लीमा"},
    "bangkok": {"es": "Bangkok", "fr": "Bangkok", "th": "กรุงเทพฯ", "hi": "बैंकॉक"},
    "delhi": {"es": "Delhi", "fr": "Delhi", "th": "เดลี", "hi": "दिल्ली"},
    "dakar": {"es": "Dakar", "fr": "Dakar", "th": "ดาการ์", "hi": "डकार"},
    "mexico-city": {
        "es": "Ciudad de México",
        "fr": "Mexico",
        "th": "เม็กซิโกซิตี",
        "hi": "मेक्सिको सिटी",
    },
}
CITY_SUMMARIES: dict[str, dict[str, str]] = {
    "lima": {"es": "Una de las dos ciudades donde comenzó el modelo de Ciudad Focal."},
    "bangkok": {"th": "ได้เป็นเมืองเป้าหมายเมื่อ พ.ศ. 2559"},
    "delhi": {"hi": "2016 में फ़ोकल शहर के रूप में जोड़ा गया।"},
    "dakar": {
        "fr": "Ville focale depuis janvier 2017, dans la continuité d'un travail déjà engagé."
    },
    "mexico-city": {"es": "Ciudad focal desde enero de 2017, a partir de un trabajo ya iniciado."},
}


def load(ctx: DemoContext) -> None:
    for order, (slug, name, country, languages, tz, year, joined_on, summary) in enumerate(
        FOCAL_CITIES, start=1
    ):
        upsert(
            City,
            {"slug": slug},
            {
                "name": name,
                "country": country,
                "languages": languages,
                "time_zone": tz,
                "year_joined": year,
                "joined_on": joined_on,
                "sequence": order,
                "summary": summary,
                "names": CITY_NAMES.get(slug, {}),
                "summaries": CITY_SUMMARIES.get(slug, {}),
            },
        )
    ctx.summary["focal cities"] = City.objects.count()
    # The city work names the directory's organisations, whose loader runs after this one
    # (DEMO_STEPS order: cities first, as the directory needs the cities). Its loader is
    # idempotent, so running it here first is harmless.
    from plaza.demo import directory as directory_demo

    directory_demo.load(ctx)
    load_work(ctx)
