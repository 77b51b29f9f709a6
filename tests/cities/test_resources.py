"""Activities link knowledge-base resources (generic "linked" and a role per kind), chosen on the
activity form (without JavaScript), shown on the page, in the API and in the exports; the public
sees only published public resources."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plaza.cities import services
from plaza.cities.models import ActivityKind, ActivityResource, ResourceRole
from tests.cities.factories import ActivityFactory
from tests.library.factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(lima: Any) -> dict[str, Any]:
    return {
        "law": ResourceFactory(title="Street Vendors Act", type="law", language="hi"),
        "brief": ResourceFactory(title="Vending zones brief", type="policy-brief"),
        "members": ResourceFactory(title="Members-only toolkit", visibility="members"),
        "draft": ResourceFactory(title="Unfinished draft", status="draft"),
    }


def test_rights_education_links_laws_and_the_public_sees_only_public_ones(
    client: Any, lima: Any, lima_coordinator: Any, shelf: dict[str, Any]
) -> None:
    course: Any = ActivityFactory(city=lima, kind=ActivityKind.RIGHTS_EDUCATION)
    services.update_activity(
        lima_coordinator,
        course,
        {
            "laws_covered": [shelf["law"]],
            "linked_resources": [shelf["brief"].pk, shelf["members"].pk],
        },
    )
    roles = set(course.resource_links.values_list("role", "resource__title"))
    assert roles == {
        ("covered", "Street Vendors Act"),
        ("linked", "Vending zones brief"),
        ("linked", "Members-only toolkit"),
    }
    url = reverse("cities:activity", args=["lima", course.pk])
    public_page = client.get(url).content.decode()
    assert "Laws, regulations or rights covered" in public_page
    law_url = shelf["law"].get_absolute_url()
    assert f'href="{law_url}"' in public_page and "Hindi" in public_page
    assert "Law or regulation" in public_page
    assert "Members-only toolkit" not in public_page
    client.force_login(lima_coordinator)
    assert "Members-only toolkit" in client.get(url).content.decode()


def test_only_published_resources_can_be_linked(
    lima: Any, lima_coordinator: Any, shelf: dict[str, Any]
) -> None:
    campaign: Any = ActivityFactory(
        city=lima, kind=ActivityKind.CAMPAIGN, objective="Respect", end_date="2026-12-31"
    )
    with pytest.raises(ValidationError) as exc:
        services.update_activity(lima_coordinator, campaign, {"materials": [shelf["draft"]]})
    assert "materials" in exc.value.message_dict
    assert str(shelf["draft"].pk) in exc.value.message_dict["materials"][0]
    assert not ActivityResource.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.update_activity(lima_coordinator, campaign, {"laws_covered": [shelf["law"]]})
    assert "laws_covered" in exc.value.message_dict  # not a role of a campaign


def test_form_finds_resources_without_javascript_and_saves_them(
    client: Any, lima: Any, lima_coordinator: Any, shelf: dict[str, Any]
) -> None:
    client.force_login(lima_coordinator)
    url = reverse("cities:activity_create", args=["lima", ActivityKind.RESEARCH])
    form = {
        "title": "Counting vendors",
        "language": "en",
        "status": "ongoing",
        "question": "How many vendors?",
        "resource_q": "vending zones",
    }
    found = client.post(url, {**form, "find_resources": "1"})
    assert found.status_code == 200
    html = found.content.decode()
    assert '<span lang="en">Vending zones brief</span> (English, Policy brief)' in html
    assert "Unfinished draft" not in html
    assert "errorlist" not in html  # finding does not validate the half-filled form
    brief = shelf["brief"].pk
    saved = client.post(url, {**form, "produced_resources": [brief], "linked_resources": [brief]})
    assert saved.status_code == 302
    link_roles = sorted(ActivityResource.objects.values_list("role", flat=True))
    assert link_roles == [ResourceRole.LINKED, ResourceRole.PRODUCED]
    edit = client.get(saved["Location"] + "edit/")
    assert edit.status_code == 200
    assert f'value="{brief}"' in edit.content.decode()
    assert "checked" in edit.content.decode()


def test_a_bad_resource_on_the_form_is_a_400_naming_the_field(
    client: Any, lima: Any, lima_coordinator: Any, shelf: dict[str, Any]
) -> None:
    client.force_login(lima_coordinator)
    url = reverse("cities:activity_create", args=["lima", ActivityKind.CAPACITY_BUILDING])
    response = client.post(
        url,
        {
            "title": "Training",
            "language": "en",
            "status": "planned",
            "linked_resources": [shelf["draft"].pk],
        },
    )
    assert response.status_code == 400
    assert not ActivityResource.objects.exists()


def test_api_and_export_list_visible_resources(
    client: Any, lima: Any, lima_coordinator: Any, shelf: dict[str, Any]
) -> None:
    training: Any = ActivityFactory(city=lima, title="Leadership school")
    services.update_activity(
        lima_coordinator, training, {"linked_resources": [shelf["law"], shelf["members"]]}
    )
    data = client.get(f"/api/cities/activities/{training.pk}").json()
    assert [(r["title"], r["language"], r["type"], r["role"]) for r in data["resources"]] == [
        ("Street Vendors Act", "hi", "law", "linked")
    ]
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("cities:activities", args=["lima"]), {"format": "csv"}
                ).content.decode("utf-8-sig")
            )
        )
    )
    column = rows[0].index("Knowledge-base resources")
    assert "Street Vendors Act (hi, " in rows[1][column]
    assert "Members-only" not in rows[1][column]
    client.force_login(lima_coordinator)
    created = client.post(
        "/api/cities/lima/activities",
        json.dumps(
            {
                "kind": "campaign",
                "title": "Vendors build Lima",
                "fields": {
                    "objective": "Respect",
                    "start_date": "2026-01-01",
                    "end_date": "2026-03-01",
                    "materials": [shelf["brief"].pk],
                },
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["resources"][0]["role"] == "materials"
    refused = client.post(
        "/api/cities/lima/activities",
        json.dumps({"kind": "research", "title": "X", "fields": {"produced_resources": [0]}}),
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "produced_resources" in refused.json()["errors"]


@pytest.mark.usefixtures("demo")
def test_demo_links_city_work_to_the_demo_library(settings: Any, tmp_path: Any) -> None:
    from plaza.demo import DemoContext, load_demo

    settings.SHARED_DATA_DIR = tmp_path / "absent"  # no UNDP pages: the demo records only
    ctx = DemoContext(write=lambda line: None, shared_data_dir=tmp_path / "absent")
    links = ActivityResource.objects.select_related("activity__city", "resource")
    assert {link.role for link in links} == set(ResourceRole.values)
    delhi_law = links.get(
        activity__city__slug="delhi", role="covered", resource__language="hi"
    ).resource
    assert delhi_law.type == "law" and delhi_law.is_public
    count = links.count()
    load_demo(ctx, steps=("city_links",))
    assert ActivityResource.objects.count() == count
