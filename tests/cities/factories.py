from __future__ import annotations

import datetime

import factory

from plaza.cities.models import (
    Activity,
    ActivityKind,
    Agreement,
    City,
    Commitment,
    Meeting,
    PlatformType,
)


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


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    city = factory.SubFactory(CityFactory)
    kind = ActivityKind.CAPACITY_BUILDING
    title = factory.Sequence(lambda n: f"Activity {n}")
    start_date = datetime.date(2026, 3, 1)
    is_public = True


class PlatformFactory(ActivityFactory):
    kind = ActivityKind.DIALOGUE_PLATFORM
    title = factory.Sequence(lambda n: f"Market dialogue {n}")
    platform_type = PlatformType.NEGOTIATION


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    platform = factory.SubFactory(PlatformFactory)
    date = datetime.date(2026, 4, 1)
    minutes = "Private minutes of the meeting"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    platform = factory.SubFactory(PlatformFactory)
    title = factory.Sequence(lambda n: f"Agreement {n}")
    reached_on = datetime.date(2026, 4, 1)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    agreement = factory.SubFactory(AgreementFactory)
    responsible = "Municipal market department"
    action = "Install water points in the market"
    due_date = datetime.date(2026, 6, 30)
