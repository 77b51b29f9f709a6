"""The directory's test world: two cities, an organisation in each, people with and without
public listing, and a user for every place in the permission matrix."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from plaza.accounts.roles import Role
from tests.accounts.factories import user_with_role
from tests.directory.factories import MembershipFigureFactory, OrganizationFactory, person_in


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Tests reverse URLs and read English text: do not inherit another test's language."""
    with translation.override("en"):
        yield


@dataclass
class World:
    lima: Any
    accra: Any
    org_a: Any  # an MBO in Lima
    org_b: Any  # an MBO in Accra
    hidden_a: Any  # a leader of A, not listed publicly
    listed_a: Any  # a leader of A who consented to be listed publicly
    hidden_b: Any  # a leader of B, not listed publicly
    rep_a: Any
    rep_b: Any


@pytest.fixture
def world(lima: Any, accra: Any) -> World:
    org_a: Any = OrganizationFactory(slug="vendors-lima", name="Vendedores de Lima", cities=[lima])
    org_b: Any = OrganizationFactory(
        slug="traders-accra", name="Accra Traders", country="GH", cities=[accra]
    )
    MembershipFigureFactory(organization=org_a)
    return World(
        lima=lima,
        accra=accra,
        org_a=org_a,
        org_b=org_b,
        hidden_a=person_in(
            org_a, name="Rosa Hidden", phone="+51 999 111 222", email="rosa@example.pe"
        ),
        listed_a=person_in(org_a, listed=True, name="Carmen Listed", phone="+51 999 333 444"),
        hidden_b=person_in(org_b, name="Ama Hidden", phone="+233 20 555 6666"),
        rep_a=user_with_role(Role.ORGANISATION_REPRESENTATIVE, username="rep-a", scopes=[org_a]),
        rep_b=user_with_role(Role.ORGANISATION_REPRESENTATIVE, username="rep-b", scopes=[org_b]),
    )
