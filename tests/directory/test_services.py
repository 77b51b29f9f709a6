from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plaza.accounts.models import User
from plaza.directory import services
from plaza.directory.models import ConsentMethod, ConsentScope, MembershipFigure, PositionTitle

pytestmark = pytest.mark.django_db

CONSENT: dict[str, Any] = {
    "consent_scopes": [ConsentScope.CONTACT_BY_STAFF],
    "consent_method": ConsentMethod.VERBAL_RECORDED,
    "consent_date": datetime.date(2025, 5, 1),
}


def test_a_person_enters_with_a_position_and_consent(world: Any) -> None:
    person = services.create_person(
        world.rep_a, world.org_a, name=" Lucía ", title=PositionTitle.TREASURER, **CONSENT
    )
    assert person.name == "Lucía"
    assert person.positions.get().organization == world.org_a
    assert person.consent_scopes() == {"contact-by-staff"}
    assert person.consents.get().recorded_by == world.rep_a
    assert person.history.count() == 1


def test_consent_is_required(world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_person(
            world.rep_a,
            world.org_a,
            name="No consent",
            title=PositionTitle.MEMBER,
            consent_scopes=[],
            consent_method="",
            consent_date=None,
        )
    assert set(exc.value.message_dict) == {"consent_scopes", "consent_method", "consent_date"}


def test_representative_cannot_add_people_to_another_organisation(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.create_person(
            world.rep_a, world.org_b, name="X", title=PositionTitle.MEMBER, **CONSENT
        )


def test_coordinator_adds_organisations_only_in_their_city(
    world: Any, lima_coordinator: Any
) -> None:
    org = services.create_organization(
        lima_coordinator, name="Recicladores Unidos", kind="mbo", cities=[world.lima]
    )
    assert org.slug == "recicladores-unidos"
    with pytest.raises(ValidationError) as exc:
        services.create_organization(
            lima_coordinator, name="Elsewhere", kind="mbo", cities=[world.accra]
        )
    assert "cities" in exc.value.message_dict


def test_membership_figures_over_time(world: Any, lima_coordinator: Any) -> None:
    services.record_membership_figure(
        lima_coordinator, world.org_a, date=datetime.date(2025, 1, 1), total=120, women=80, men=40
    )
    services.record_membership_figure(
        lima_coordinator, world.org_a, date=datetime.date(2025, 1, 1), total=125, women=85, men=40
    )
    assert world.org_a.latest_membership_figure().total == 125
    assert MembershipFigure.objects.filter(organization=world.org_a).count() == 2
    with pytest.raises(ValidationError) as exc:
        services.record_membership_figure(
            lima_coordinator, world.org_a, date=datetime.date(2025, 6, 1), total=10, women=8, men=8
        )
    assert "total" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.record_membership_figure(
            lima_coordinator, world.org_b, date=datetime.date(2025, 1, 1), total=5
        )


def test_relationship_cannot_point_at_itself(world: Any, staff_user: User) -> None:
    rel = services.add_relationship(
        staff_user, world.org_a, kind="affiliated-to", related_organization=world.org_b
    )
    assert rel.kind == "affiliated-to" and rel.related_organization == world.org_b
    with pytest.raises(ValidationError):
        services.add_relationship(
            staff_user, world.org_a, kind="member-of", related_organization=world.org_a
        )


def test_withdrawn_consent_ends_public_listing(world: Any, staff_user: User) -> None:
    consent = world.listed_a.consents.get(scope=ConsentScope.LISTED_PUBLICLY)
    services.withdraw_consent(staff_user, consent, on=datetime.date(2025, 1, 1))
    assert not world.listed_a.is_listed_publicly


def test_organisations_are_indexed_for_search(world: Any, staff_user: User) -> None:
    from plaza.search import registry

    indexed: list[registry.SearchDocument] = []

    class Writer:
        def index(self, document: registry.SearchDocument) -> None:
            indexed.append(document)

        def remove(self, model: str, pk: int) -> None:
            raise AssertionError("nothing is removed")

    previous = registry._writer  # the search engine's, if installed: put it back after
    registry.set_index_writer(Writer())
    try:
        org = services.create_organization(
            staff_user, name="Kayayei Union", kind="mbo", cities=[world.accra], languages=["en"]
        )
    finally:
        registry.set_index_writer(previous)
    assert [d.key for d in indexed] == [f"directory.organization:{org.pk}"]
    assert indexed[0].facets["city"] == ["accra"] and indexed[0].visibility == "public"
