"""Related reading by meaning: a resource page lists the records nearest in meaning to it (its
stored title-and-abstract vector as the query) when they share no subject, in any language,
and never one the reader may not see."""

from __future__ import annotations

from typing import Any

import pytest

from plaza.accounts.models import User
from plaza.library.models import Resource
from plaza.library.related import related_reading
from plaza.search import registry, semantic_bridge
from plaza.search.semantic import storage
from tests.library.factories import ResourceFactory

pytestmark = pytest.mark.usefixtures("cached_encoder")

RECORDS = [
    (
        "waste",
        "Waste pickers and cities",
        "en",
        "public",
        "Waste pickers collect, sort and sell recyclable materials from household rubbish; "
        "the report shows how cities can integrate them into solid waste management.",
    ),
    (
        "recicladores",
        "Recicladores de base en Bogotá",
        "es",
        "public",
        "Los recicladores recogen y clasifican la basura reciclable en las calles y exigen ser "
        "remunerados por el servicio público de aseo.",
    ),
    (
        "members",
        "Recycling cooperatives of waste pickers",
        "en",
        "members",
        "Waste pickers form recycling cooperatives to sell sorted plastic, paper and metal "
        "and to win contracts for household waste collection from cities.",
    ),
    (
        "fish",
        "Grilled fish with lemon",
        "en",
        "public",
        "Season the fish with lemon and salt, then grill it for ten minutes on each side.",
    ),
    (
        "football",
        "Football league results",
        "en",
        "public",
        "The home team won the match two goals to one after extra time.",
    ),
    # Off-topic records: a library's typical record is far from the resource's subject.
    *[
        (f"other-{n}", title, "en", "public", abstract)
        for n, (title, abstract) in enumerate(
            [
                ("Baking sourdough bread", "Mix flour, water and starter, then bake at 230 °C."),
                ("Weather tomorrow", "Rain in the morning, sunny afternoon, light winds."),
                ("Guitar chords for beginners", "Learn C, G and D major before the barre chords."),
                ("Caring for houseplants", "Water ferns weekly and keep cacti in bright light."),
                ("Train timetable", "The express leaves at 8:15 and arrives at 10:40."),
                ("Chess openings", "The Sicilian defence answers 1.e4 with c5."),
            ]
        )
    ],
]


@pytest.fixture
def embedded(db: Any, django_capture_on_commit_callbacks: Any) -> dict[str, Resource]:
    found: dict[str, Resource] = {}
    with django_capture_on_commit_callbacks(execute=True):  # the embedding task runs on commit
        for key, title, language, visibility, abstract in RECORDS:
            resource = ResourceFactory.create(
                title=title, language=language, abstract=abstract, visibility=visibility
            )
            registry.index_object(resource)
            found[key] = resource
    assert storage.pending_passages().count() == 0
    return found


def test_records_nearest_in_meaning_come_first(embedded: dict[str, Resource]) -> None:
    near = semantic_bridge.similar_records("library.resource", embedded["waste"].pk, limit=10)
    assert near[0][1] in {
        embedded["recicladores"].pk,
        embedded["members"].pk,
    }
    assert embedded["waste"].pk not in [pk for _model, pk, _score in near]  # not itself

    anonymous = related_reading(embedded["waste"], None, "en")
    assert anonymous[0] == embedded["recicladores"]  # no shared subject: found by meaning
    assert embedded["members"] not in anonymous  # members only: never to the public
    assert embedded["fish"] not in anonymous  # far in meaning, nothing shared: not related


def test_members_see_the_members_only_record_by_meaning(
    embedded: dict[str, Resource], plain_user: User
) -> None:
    member = related_reading(embedded["waste"], plain_user, "en")
    assert member[0] in (embedded["members"], embedded["recicladores"])
    assert embedded["members"] in member[:2]
