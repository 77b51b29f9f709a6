from __future__ import annotations

import json
from typing import Any

import pytest
import rispy
from django.test import Client

from tests.library.factories import resource_with_creators

pytestmark = pytest.mark.django_db

NEW = {
    "title": "Domestic workers count",
    "type": "statistical-brief",
    "language": "en",
    "year": 2022,
    "creators": [{"kind": "person", "family_name": "Bonnet", "given_names": "Florence"}],
    "sectors": ["domestic-workers"],
    "cities": ["lima"],
    "countries": ["PE"],
}


def test_list_and_read_follow_visibility(client: Client) -> None:
    public = resource_with_creators(("Chen", "Martha"), title="Public one", type="policy-brief")
    resource_with_creators(("Chen", "Martha"), title="Private one", visibility="private")
    data = client.get("/api/library/resources").json()
    assert [item["title"] for item in data["items"]] == ["Public one"]
    assert client.get("/api/library/resources?type=law").json()["count"] == 0
    assert (
        client.get(f"/api/library/resources/{public.pk}").json()["creators"][0]["family_name"]
        == "Chen"
    )
    private = resource_with_creators(("X", "Y"), title="Hidden", status="draft")
    assert client.get(f"/api/library/resources/{private.pk}").status_code == 404


def test_librarian_workflow_over_the_api(lima: Any, librarian: Any, lima_coordinator: Any) -> None:
    contributor = Client(enforce_csrf_checks=False)
    contributor.force_login(lima_coordinator)
    response = contributor.post("/api/library/resources", NEW, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["status"] == "draft"
    assert contributor.post(f"/api/library/resources/{pk}/submit").json()["status"] == "review"
    assert contributor.post(f"/api/library/resources/{pk}/publish").status_code == 403
    curator = Client()
    curator.force_login(librarian)
    assert curator.post(f"/api/library/resources/{pk}/publish").json()["status"] == "published"
    patched = curator.patch(
        f"/api/library/resources/{pk}", {"doi": "nonsense"}, content_type="application/json"
    )
    assert patched.status_code == 400 and "is not a DOI" in patched.json()["detail"]
    patched = curator.patch(
        f"/api/library/resources/{pk}",
        {"series": "WIEGO Statistical Brief"},
        content_type="application/json",
    )
    assert patched.json()["series"] == "WIEGO Statistical Brief"
    ris = rispy.loads(
        Client().get(f"/api/library/resources/{pk}/citation?format=ris").content.decode()
    )
    assert ris[0]["title"] == "Domestic workers count"
    withdrawn = curator.post(
        f"/api/library/resources/{pk}/withdraw",
        {"reason": "Duplicate"},
        content_type="application/json",
    )
    assert withdrawn.json()["status"] == "withdrawn"


def test_writes_need_a_login() -> None:
    response = Client().post("/api/library/resources", NEW, content_type="application/json")
    assert response.status_code == 401


def test_citations_of_a_result_list(client: Client) -> None:
    first = resource_with_creators(("Chen", "Martha"), title="First")
    second = resource_with_creators(("Vanek", "Joann"), title="Second")
    response = client.get(f"/api/library/citations?ids={second.pk},{first.pk}&format=csl-json")
    assert [item["title"] for item in json.loads(response.content)] == ["Second", "First"]
    assert client.get("/api/library/citations?ids=1&format=doc").status_code == 400
    assert "/api/library/resources" in client.get("/api/openapi.json").content.decode()
