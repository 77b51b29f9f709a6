"""The cities API follows the pages' permissions."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.cities.factories import AgreementFactory, CommitmentFactory, PlatformFactory

pytestmark = pytest.mark.django_db
SECRET = "Our fallback position"


@pytest.fixture
def platform(lima: Any) -> Any:
    platform: Any = PlatformFactory(city=lima, private_notes=SECRET)
    public: Any = AgreementFactory(platform=platform, title="Public agreement")
    CommitmentFactory(agreement=public)
    CommitmentFactory(
        agreement=AgreementFactory(platform=platform, title="Private agreement", is_public=False)
    )
    return platform


def test_public_reads_without_private_fields(client: Any, platform: Any) -> None:
    activity = client.get(f"/api/cities/activities/{platform.pk}").json()
    assert activity["private_notes"] is None
    agreements = client.get(f"/api/cities/activities/{platform.pk}/agreements").json()
    assert [a["title"] for a in agreements] == ["Public agreement"]
    assert len(client.get("/api/cities/lima/commitments").json()) == 1
    assert client.get("/api/cities/lima/dashboard").json()["commitments"]["total"] == 1


def test_coordinator_records_a_meeting_and_progress(
    client: Any, platform: Any, lima_coordinator: Any, accra_coordinator: Any
) -> None:
    body = {
        "date": "2026-05-04",
        "attendance": [{"gender": "woman", "count": 4}],
        "agreements": [{"title": "Water"}, {"title": "Shade"}],
        "commitments": [
            {
                "agreement": 0,
                "responsible": "Market office",
                "action": "Taps",
                "due_date": "2026-07-01",
            },
            {
                "agreement": 1,
                "responsible": "Market office",
                "action": "Shade",
                "due_date": "2026-07-01",
            },
            {"agreement": 5, "responsible": "Nobody", "action": "x", "due_date": "2026-07-01"},
        ],
    }
    url = f"/api/cities/activities/{platform.pk}/meetings"
    assert client.post(url, json.dumps(body), content_type="application/json").status_code == 401
    client.force_login(accra_coordinator)
    assert client.post(url, json.dumps(body), content_type="application/json").status_code == 403
    client.force_login(lima_coordinator)
    bad = client.post(url, json.dumps(body), content_type="application/json")
    assert bad.status_code == 400
    assert "commitment-2-agreement" in bad.json()["errors"]
    body["commitments"] = body["commitments"][:2]
    created = client.post(url, json.dumps(body), content_type="application/json")
    assert created.status_code == 201
    assert len(created.json()["agreements"]) == 2
    private = client.get(f"/api/cities/activities/{platform.pk}").json()
    assert private["private_notes"] == SECRET
    board = client.get("/api/cities/lima/commitments").json()
    assert len(board) == 4
    evidence = {"date": "2026-05-10", "progress": 40, "status": "in-progress", "note": "Pipes laid"}
    target = board[0]["id"]
    client.force_login(accra_coordinator)
    refused = client.post(
        f"/api/cities/commitments/{target}/evidence",
        json.dumps(evidence),
        content_type="application/json",
    )
    assert refused.status_code in (403, 404)
    client.force_login(lima_coordinator)
    ok = client.post(
        f"/api/cities/commitments/{target}/evidence",
        json.dumps(evidence),
        content_type="application/json",
    )
    assert ok.status_code == 201
    assert client.get("/api/cities/lima/dashboard").json()["commitments"]["mean_progress"] == 10
