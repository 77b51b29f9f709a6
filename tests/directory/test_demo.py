from __future__ import annotations

import pytest

from plaza.demo import DemoContext, load_demo
from plaza.directory.models import Organization, OrganizationKind, Person

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("demo")
def test_demo_is_idempotent_and_marks_invented_records() -> None:
    ctx = DemoContext(write=lambda line: None)
    counts = (Organization.objects.count(), Person.objects.count())
    load_demo(ctx, steps=("cities", "directory"))
    assert (Organization.objects.count(), Person.objects.count()) == counts

    for city in ("accra", "lima", "bangkok", "delhi", "dakar", "mexico-city"):
        kinds = set(Organization.objects.filter(cities__slug=city).values_list("kind", flat=True))
        assert {OrganizationKind.MBO, OrganizationKind.MUNICIPAL_AUTHORITY} <= kinds, city
    assert Organization.objects.get(slug="sewa").founded == 1972
    assert not Organization.objects.get(slug="streetnet-ghana-alliance").is_demo
    assert not Person.objects.filter(is_demo=False).exists()  # every person is invented
    for person in Person.objects.all():
        assert person.consents.exists() and person.positions.exists()
    sewa = Organization.objects.get(slug="sewa")
    assert all(f.is_demo for f in sewa.membership_figures.all())
    assert sewa.membership_figures.count() == 3
