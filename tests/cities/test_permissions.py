"""The public sees only what is marked public; a coordinator works only in their own city."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from plaza.cities.models import ActivityKind
from tests.cities.factories import (
    ActivityFactory,
    AgreementFactory,
    CommitmentFactory,
    MeetingFactory,
    PlatformFactory,
)

pytestmark = pytest.mark.django_db
SECRET = "Secret negotiating position"


@pytest.fixture
def lima_records(lima: Any) -> dict[str, Any]:
    platform = PlatformFactory(city=lima, is_public=True, private_notes=SECRET)
    private = ActivityFactory(city=lima, is_public=False, title="Private training")
    meeting = MeetingFactory(platform=platform, is_public=False, minutes=SECRET + " minutes")
    public_agreement = AgreementFactory(platform=platform, title="Public water agreement")
    private_agreement = AgreementFactory(
        platform=platform, title="Private shade agreement", is_public=False
    )
    commitment = CommitmentFactory(agreement=public_agreement)
    private_commitment = CommitmentFactory(agreement=private_agreement, action="Hidden action")
    return {
        "platform": platform,
        "private": private,
        "meeting": meeting,
        "public_agreement": public_agreement,
        "private_agreement": private_agreement,
        "commitment": commitment,
        "private_commitment": private_commitment,
    }


def _urls(city: Any, r: dict[str, Any]) -> dict[str, str]:
    return {
        "platform": reverse("cities:activity", args=[city.slug, r["platform"].pk]),
        "private": reverse("cities:activity", args=[city.slug, r["private"].pk]),
        "meeting": reverse("cities:meeting", args=[city.slug, r["meeting"].pk]),
        "private_agreement": reverse(
            "cities:agreement", args=[city.slug, r["private_agreement"].pk]
        ),
        "private_commitment": reverse(
            "cities:commitment", args=[city.slug, r["private_commitment"].pk]
        ),
        "record": reverse("cities:meeting_record", args=[city.slug, r["platform"].pk]),
        "edit": reverse("cities:activity_edit", args=[city.slug, r["platform"].pk]),
    }


@pytest.mark.parametrize("who", ["public", "accra_coordinator"])
def test_outsiders_see_public_records_only(
    client: Any, lima: Any, lima_records: dict[str, Any], who: str, request: Any
) -> None:
    if who != "public":
        client.force_login(request.getfixturevalue(who))
    urls = _urls(lima, lima_records)
    page = client.get(urls["platform"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Public water agreement" in body
    assert "Private shade agreement" not in body
    assert SECRET not in body
    for name in ("private", "meeting", "private_agreement", "private_commitment"):
        assert client.get(urls[name]).status_code == 404, name
    for name in ("record", "edit"):
        assert client.get(urls[name]).status_code in (302, 403), name
    board = client.get(reverse("cities:commitments", args=[lima.slug])).content.decode()
    assert "Hidden action" not in board
    assert lima_records["commitment"].action in board
    listing = client.get(reverse("cities:activities", args=[lima.slug]) + "?format=csv")
    assert "Private training" not in listing.content.decode()
    timeline = client.get(reverse("cities:timeline", args=[lima.slug])).content.decode()
    assert "Private shade agreement" not in timeline


def test_outsider_cannot_post_evidence(
    client: Any, lima: Any, lima_records: dict[str, Any], accra_coordinator: Any
) -> None:
    client.force_login(accra_coordinator)
    url = reverse("cities:commitment", args=[lima.slug, lima_records["commitment"].pk])
    response = client.post(
        url,
        {
            "date": "2026-05-01",
            "progress": 80,
            "status": "in-progress",
            "kind": "note",
            "note": "x",
        },
    )
    assert response.status_code == 403
    assert lima_records["commitment"].evidence.count() == 0


def test_coordinator_sees_own_city_private_records(
    client: Any, lima: Any, lima_records: dict[str, Any], lima_coordinator: Any
) -> None:
    client.force_login(lima_coordinator)
    urls = _urls(lima, lima_records)
    body = client.get(urls["platform"]).content.decode()
    assert SECRET in body and "Private shade agreement" in body
    for name in ("private", "meeting", "private_agreement", "private_commitment", "record", "edit"):
        assert client.get(urls[name]).status_code == 200, name
    assert SECRET + " minutes" in client.get(urls["meeting"]).content.decode()


def test_accra_coordinator_cannot_add_work_in_lima(
    client: Any, lima: Any, accra: Any, accra_coordinator: Any
) -> None:
    client.force_login(accra_coordinator)
    url = reverse("cities:activity_create", args=[lima.slug, ActivityKind.CAMPAIGN])
    assert client.get(url).status_code == 403
    own = reverse("cities:activity_create", args=[accra.slug, ActivityKind.CAMPAIGN])
    assert client.get(own).status_code == 200


def test_campaign_needs_dates_and_objective(
    client: Any, accra: Any, accra_coordinator: Any
) -> None:
    client.force_login(accra_coordinator)
    url = reverse("cities:activity_create", args=[accra.slug, ActivityKind.CAMPAIGN])
    response = client.post(url, {"title": "Respect vendors", "language": "en", "status": "planned"})
    assert response.status_code == 400
    assert "A campaign needs a start date." in response.content.decode()
    ok = client.post(
        url,
        {
            "title": "Respect vendors",
            "language": "en",
            "status": "planned",
            "start_date": "2026-03-01",
            "end_date": "2026-05-31",
            "objective": "Change how the press speaks of vendors",
        },
    )
    assert ok.status_code == 302


@pytest.mark.parametrize(
    "who", ["public", "plain_user", "librarian", "accra_coordinator", "lima_coordinator", "staff"]
)
def test_search_shows_each_user_exactly_the_city_records_their_pages_show(
    client: Any, lima: Any, lima_records: dict[str, Any], who: str, request: Any
) -> None:
    """Activities, platforms, agreements and commitments in search: a hit for every record
    whose own page the user may open, and for no other (private notes never indexed)."""
    from plaza.cities.indexing import index_agreement
    from plaza.search import pages, registry
    from plaza.search.services import SearchParams, search

    pages.sync_pages()  # the information pages, as `plaza migrate` indexes them
    for name in ("platform", "private"):
        registry.index_object(lima_records[name])
    for name in ("public_agreement", "private_agreement"):
        index_agreement(lima_records[name])
    user = None
    if who != "public":
        user = request.getfixturevalue("staff_user" if who == "staff" else who)
        client.force_login(user)
    records = [
        lima_records[name]
        for name in (
            "platform",
            "private",
            "public_agreement",
            "private_agreement",
            "commitment",
            "private_commitment",
        )
    ]
    result = search(SearchParams(q="", per_page=50, semantic=False), user)
    found = {h.url for h in result.hits}
    for record in records:
        url = record.get_absolute_url()
        opens = client.get(url).status_code == 200
        assert (url in found) == opens, (who, url, opens)
    # The information pages (press room, referral pages) are public: every user finds every
    # one, in every language, and each opens.
    from plaza.search.models import SitePage

    page_hits = [h for h in result.hits if h.facets["kind"] == ["page"]]
    assert len(page_hits) >= 20
    assert {h.key for h in page_hits} == {
        f"search.sitepage:{pk}" for pk in SitePage.objects.values_list("pk", flat=True)
    }
    for hit in page_hits:
        assert client.get(hit.url).status_code == 200, (who, hit.url)
    assert search(SearchParams(q="Secret negotiating", semantic=False), user).total == 0
