from __future__ import annotations

import datetime
from typing import Any

import factory

from plaza.directory.models import (
    Consent,
    ConsentMethod,
    ConsentScope,
    Gender,
    MembershipFigure,
    Organization,
    OrganizationKind,
    Person,
    Position,
    PositionTitle,
)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganizationKind.MBO
    country = "PE"

    @factory.post_generation
    def cities(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.cities.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    gender = Gender.WOMAN
    phone = factory.Sequence(lambda n: f"+51 900 000 {n:03d}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    address = factory.Sequence(lambda n: f"Jirón Secreto {n}, Lima")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = PositionTitle.LEADER
    start = datetime.date(2020, 1, 1)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    scope = ConsentScope.CONTACT_BY_STAFF
    given_on = datetime.date(2024, 3, 1)
    method = ConsentMethod.WRITTEN_FORM
    source = "Signed form, office file 12"


class MembershipFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipFigure

    organization = factory.SubFactory(OrganizationFactory)
    date = datetime.date(2024, 1, 1)
    total = 100
    women = 60
    men = 40
    source = "Annual report"


def person_in(
    organization: Organization,
    *,
    listed: bool = False,
    title: str = PositionTitle.LEADER,
    **kw: Any,
) -> Person:
    """A person with a position in ``organization`` and consent to contact (and listing)."""
    person: Any = PersonFactory(**kw)
    PositionFactory(person=person, organization=organization, title=title)
    ConsentFactory(person=person)
    if listed:
        ConsentFactory(person=person, scope=ConsentScope.LISTED_PUBLICLY)
    return person
