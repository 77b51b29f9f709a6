from __future__ import annotations

from decimal import Decimal

import factory

from plaza.statistics.models import Indicator, Observation, Sex


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TEST_{n}")
    names = factory.LazyAttribute(
        lambda o: {"en": f"Indicator {o.code}", "es": f"Indicador {o.code}"}
    )
    unit = "%"
    source = "Test survey office"
    licence = "CC BY 4.0"


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    country = "PE"
    city = None
    sex = Sex.TOTAL
    year = 2020
    value = Decimal("70.5")
    source = "Household survey"
