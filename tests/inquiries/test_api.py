from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client
from django.utils import timezone

from plaza.accounts.models import User
from plaza.inquiries.models import Inquiry
from tests.inquiries.factories import make_inquiry


def post_json(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data, default=str), content_type="application/json")


def test_screen_a_text_without_storing_it(client: Client, db: Any) -> None:
    deadline = timezone.localdate() + dt.timedelta(days=14)
    response = post_json(
        client,
        "/api/inquiries/screen",
        {
            "organisation_kind": "ngo",
            "request_kinds": ["joint-proposal"],
            "text": "Our proposal is due in two weeks; will you join?",
            "language": "fr",
            "deadline": deadline.isoformat(),
        },
    )
    assert response.status_code == 200
    data = response.json()
    assert data["outcome"] == "decline"
    assert "short-deadline" in [m["rule"] for m in data["matches"]]
    assert data["draft_language"] == "fr"
    assert not Inquiry.objects.exists()


def test_screen_rejects_unknown_kinds(client: Client, db: Any) -> None:
    response = post_json(
        client, "/api/inquiries/screen", {"organisation_kind": "alien", "text": "hi"}
    )
    assert response.status_code == 400
    assert "organisation_kind" in response.json()["errors"]


def test_submit_through_the_api(client: Client, db: Any) -> None:
    response = post_json(
        client,
        "/api/inquiries/",
        {
            "name": "Kofi",
            "email": "kofi@example.org",
            "organisation_kind": "media",
            "request_kinds": ["media"],
            "text": "I am a journalist preparing a radio documentary.",
            "language": "en",
        },
    )
    assert response.status_code == 201
    inquiry = Inquiry.objects.get(reference=response.json()["reference"])
    assert inquiry.outcome == "refer"
    bad = post_json(
        client,
        "/api/inquiries/",
        {
            "name": "X",
            "email": "not-an-email",
            "organisation_kind": "media",
            "request_kinds": ["media"],
            "text": "x",
            "language": "en",
        },
    )
    assert bad.status_code == 400
    assert "email" in bad.json()["errors"]


def test_staff_list_and_update(client: Client, staff_user: User, plain_user: User) -> None:
    inquiry = make_inquiry()
    assert client.get("/api/inquiries/").status_code == 401
    client.force_login(plain_user)
    assert client.get("/api/inquiries/").status_code == 403
    client.force_login(staff_user)
    listed = client.get("/api/inquiries/?outcome=decline").json()
    assert [row["reference"] for row in listed] == [inquiry.reference]
    assert listed[0]["matched_rules"] == ["research-assistance"]
    response = client.patch(
        f"/api/inquiries/{inquiry.reference}",
        json.dumps({"status": "closed", "assigned_to": "staff", "note": "done"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    assert response.json()["assigned_to"] == "staff"
    bad = client.patch(
        f"/api/inquiries/{inquiry.reference}",
        json.dumps({"status": "bogus"}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and "status" in bad.json()["errors"]
