"""Autocomplete and "did you mean" offer only words of records the asking user may see.

The vocabulary is fed by titles, abstracts, keywords, creators and full text of every indexed
record (private, members-only, later withdrawn); none of those words may reach someone who
cannot see a record holding them.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from plaza.accounts.models import User
from plaza.search import services as service
from plaza.search.backends import SearchBackend
from plaza.search.registry import SearchDocument
from tests.accounts.factories import UserFactory

PUBLIC = SearchDocument(
    model="library.resource",
    pk=9101,
    title="Street vendors and public space",
    abstract="Vendors negotiate with the city for market space.",
    language="en",
    date=datetime.date(2019, 1, 1),
)
PRIVATE = SearchDocument(
    model="library.resource",
    pk=9102,
    title="Zebracorn cooperative budget",
    abstract="Marmaladine accounts of the cooperative.",
    keywords=["flamingoesque"],
    creators=["Xerxesovna Petrakova"],
    body="A quixotically long internal memo.",
    language="en",
    visibility="private",
)
MEMBERS = SearchDocument(
    model="library.resource",
    pk=9103,
    title="Pelicanry in members meetings",
    language="en",
    visibility="members",
)
WITHDRAWN = SearchDocument(
    model="library.resource",
    pk=9104,
    title="Okapiform guidance",
    language="en",
)

PRIVATE_PREFIXES = ["zebrac", "marmalad", "flamingoes", "xerxesov", "quixotic"]


@pytest.fixture
def indexed(backend: SearchBackend) -> SearchBackend:
    for document in (PUBLIC, PRIVATE, MEMBERS, WITHDRAWN):
        backend.index(document)
    backend.delete(WITHDRAWN.model, WITHDRAWN.pk)  # what withdrawing a resource does
    return backend


def suggestions(client: Client, q: str) -> list[str]:
    response = client.get("/api/search/suggest", {"q": q})
    assert response.status_code == 200
    return [s.lower() for s in response.json()["suggestions"]]


@pytest.mark.parametrize("prefix", PRIVATE_PREFIXES)
def test_anonymous_autocomplete_never_offers_a_private_word(
    client: Client, indexed: Any, prefix: str
) -> None:
    assert not [s for s in suggestions(client, prefix) if prefix in s]
    page = client.get("/en/search/suggest", {"q": prefix}).json()["suggestions"]
    assert not [s for s in page if prefix in s.lower()]


def test_members_only_and_withdrawn_words_stay_hidden(client: Client, indexed: Any) -> None:
    assert suggestions(client, "pelican") == []
    assert suggestions(client, "okapif") == []
    member: Any = UserFactory(username="member")
    client.force_login(member)
    assert "pelicanry" in suggestions(client, "pelican")
    assert suggestions(client, "okapif") == []  # withdrawn: nobody is offered it


def test_staff_who_may_see_private_records_get_their_words(
    client: Client, indexed: Any, staff_user: User
) -> None:
    client.force_login(staff_user)
    assert "zebracorn" in suggestions(client, "zebrac")
    assert "xerxesovna" in suggestions(client, "xerxesov")


def test_public_words_are_still_offered(client: Client, indexed: Any) -> None:
    assert "vendors" in suggestions(client, "vendo")
    assert "street vendors and public space" in suggestions(client, "street vend")


def test_did_you_mean_never_corrects_to_a_private_word(indexed: Any, staff_user: User) -> None:
    for query in ("zebracorm", "zebracorm OR vendros", "quixoticaly OR vendros"):
        result = service.search(service.SearchParams(q=query, semantic=False), None)
        shown = " ".join([result.did_you_mean, *result.notices]).lower()
        assert "zebracorn" not in shown
        assert "quixotically" not in shown
        assert all("zebracorn" not in str(hit.title).lower() for hit in result.hits)
    # Someone who may see the record gets the correction.
    result = service.search(service.SearchParams(q="zebracorm", semantic=False), staff_user)
    assert result.mode == "fuzzy"
    assert [hit.pk for hit in result.hits] == [PRIVATE.pk]


def test_did_you_mean_still_corrects_to_public_words(indexed: Any) -> None:
    result = service.search(service.SearchParams(q="vendros", semantic=False), None)
    assert result.mode == "fuzzy"
    assert [hit.pk for hit in result.hits] == [PUBLIC.pk]
