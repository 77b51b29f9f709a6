from __future__ import annotations

import factory

from plaza.cities.models import City


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    country = "PE"
    languages = factory.LazyFunction(lambda: ["es"])
    time_zone = "UTC"
    year_joined = 2016
