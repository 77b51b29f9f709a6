"""The admin writes through the services: published resources cannot be deleted there, and
editing or deleting through the admin leaves the search index consistent."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client

from plaza.accounts.models import User
from plaza.directory.models import Organization
from plaza.library.models import Resource, ResourceFile
from plaza.search import indexer
from plaza.search.models import SearchEntry
from tests.directory.factories import OrganizationFactory
from tests.library.factories import ResourceFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/library/resource/"


def index_is_consistent() -> bool:
    report = indexer.check(indexer.model_labels())
    return not (report.missing or report.stale or report.orphaned)


def test_delete_selected_never_deletes_a_published_resource(admin_client: Client) -> None:
    published: Resource = ResourceFactory.create(title="Street vendors law", status="published")
    draft: Resource = ResourceFactory.create(title="Draft on waste pickers", status="draft")
    draft.files.create(file=ContentFile(b"notes", name="notes.txt"), original_name="notes.txt")
    stored = ResourceFile.objects.get(resource=draft).file.path
    call_command("reindex", verbosity=0)
    # drafts are not indexed (the reindex also indexes the site's pages: not counted here)
    assert SearchEntry.objects.filter(model="library.resource").count() == 1

    both = {"action": "delete_selected", "_selected_action": [published.pk, draft.pk]}
    assert admin_client.post(CHANGELIST, {**both, "post": "yes"}).status_code == 403
    assert Resource.objects.count() == 2  # a selection with a published resource deletes nothing

    response = admin_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert list(Resource.objects.all()) == [published]
    assert not ResourceFile.objects.exists() and not os.path.exists(stored)
    assert index_is_consistent()


def test_the_service_refuses_even_if_the_admin_is_bypassed(
    admin_client: Client, admin_user: User, rf: Any
) -> None:
    from django.contrib import admin
    from django.contrib.messages.storage.fallback import FallbackStorage

    published: Resource = ResourceFactory.create(status="published")
    request = rf.post(CHANGELIST)
    request.user = admin_user
    request.session = {}
    request._messages = FallbackStorage(request)
    admin.site._registry[Resource].delete_queryset(request, Resource.objects.all())
    assert Resource.objects.filter(pk=published.pk).exists()
    assert "withdrawn, not deleted" in " ".join(str(m) for m in request._messages)


def test_the_delete_page_of_a_published_resource_is_refused(admin_client: Client) -> None:
    published: Resource = ResourceFactory.create(status="published")
    response = admin_client.post(f"{CHANGELIST}{published.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Resource.objects.filter(pk=published.pk).exists()


def test_editing_through_the_admin_keeps_the_index_in_step(admin_client: Client) -> None:
    organization: Organization = OrganizationFactory.create(name="Asociación de Recicladores")
    call_command("reindex", verbosity=0)
    page = admin_client.get(f"/admin/directory/organization/{organization.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    data.update(
        {
            "name": "Red de Recicladores de Lima",
            "cities": [c.pk for c in organization.cities.all()],
            "sectors": [s.pk for s in organization.sectors.all()],
        }
    )
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({f"{management.prefix}-{k}": v for k, v in management.initial.items()})
    response = admin_client.post(f"/admin/directory/organization/{organization.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert index_is_consistent()

    # Organisations are not deleted in the admin (no service deletes them): the entry stays.
    admin_client.post(
        "/admin/directory/organization/",
        {"action": "delete_selected", "_selected_action": [organization.pk], "post": "yes"},
    )
    assert Organization.objects.filter(pk=organization.pk).exists()
    assert SearchEntry.objects.filter(model="directory.organization").count() == 1
    assert index_is_consistent()


def test_a_resource_added_and_corrected_in_the_admin_goes_through_the_services(
    admin_client: Client, admin_user: User
) -> None:
    from tests.admin_pages import post_form

    response = post_form(
        admin_client,
        "/admin/library/resource/add/",
        **{
            "title": "Vendors and the city",
            "type": "publication",
            "language": "en",
            "visibility": "public",
            "source": "manual",
            "keywords": "[]",
            "countries": "[]",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    resource = Resource.objects.get(title="Vendors and the city")
    assert resource.status == "draft" and resource.created_by == admin_user
    assert resource.history.get().history_user == admin_user

    published: Resource = ResourceFactory.create(title="Street vendors law", status="published")
    call_command("reindex", verbosity=0)
    url = f"{CHANGELIST}{published.pk}/change/"
    assert post_form(admin_client, url, title="Street vending law").status_code == 302
    published.refresh_from_db()
    assert published.title == "Street vending law" and published.status == "published"
    assert published.history.latest().history_user == admin_user
    key = f"library.resource:{published.pk}"
    assert SearchEntry.objects.get(key=key).title == "Street vending law"
    assert index_is_consistent()
