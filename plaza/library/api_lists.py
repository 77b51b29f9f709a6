"""Collections, reading lists and saved searches in the API (/api/library/...).

Same rules as the pages (plaza.library.views.lists), through the same services: a collection
lists only the resources its reader may see; reading lists and saved searches are their
owner's alone (anyone else's answers 404).
"""
# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.security import django_auth

from plaza.core.api_types import Id
from plaza.library import list_services, selectors
from plaza.library.lists import Collection, ReadingList, SavedSearch
from plaza.library.models import Resource

router = Router(tags=["library lists"])


class CollectionOut(Schema):
    slug: str
    title: str
    description: str
    page: str
    size: int = Field(description="resources in it that you may see")


class CollectionDetailOut(CollectionOut):
    resources: list[int] = Field(description="the resources you may see, in the chosen order")


class ReadingListOut(Schema):
    id: int
    title: str
    page: str
    resources: list[int] = Field(description="every entry, also those you may no longer see")


class ReadingListIn(Schema):
    title: str = Field(..., max_length=2000)


class EntryIn(Schema):
    resource: Id


class SavedSearchOut(Schema):
    id: int
    title: str
    query: str = Field(description="the search page's parameters ('' for a collection)")
    collection: str | None = Field(description="the followed collection's short name")
    frequency: str
    last_sent_at: str | None


class SavedSearchIn(Schema):
    query: str = Field("", max_length=2000, description="a search URL's query string")
    collection: str = Field("", max_length=80, description="or a collection's short name")
    title: str = Field("", max_length=2000)
    frequency: str = Field("weekly", description="daily or weekly")


def _collection_out(collection: Collection, size: int) -> dict[str, Any]:
    return {
        "slug": collection.slug,
        "title": collection.title,
        "description": collection.description,
        "page": collection.get_absolute_url(),
        "size": size,
    }


@router.get("collections", response=list[CollectionOut], summary="Curated collections")
def list_collections(request: HttpRequest) -> list[dict[str, Any]]:
    visible = selectors.visible_resources(request.user).values("pk")
    rows = Collection.objects.annotate(
        size=Count("items", filter=Q(items__resource__in=visible), distinct=True)
    )
    return [_collection_out(c, c.size) for c in rows]


@router.get("collections/{slug}", response=CollectionDetailOut, summary="One collection")
def read_collection(request: HttpRequest, slug: str) -> dict[str, Any]:
    collection = get_object_or_404(Collection, slug=slug)
    ids = list(
        selectors.visible_resources(request.user)
        .filter(collection_items__collection=collection)
        .order_by("collection_items__position", "pk")
        .values_list("pk", flat=True)
    )
    return {**_collection_out(collection, len(ids)), "resources": ids}


def _list_out(reading_list: ReadingList) -> dict[str, Any]:
    return {
        "id": reading_list.pk,
        "title": reading_list.title,
        "page": reading_list.get_absolute_url(),
        "resources": list(
            reading_list.items.order_by("added_at", "pk").values_list("resource_id", flat=True)
        ),
    }


def _own_list(request: HttpRequest, pk: int) -> ReadingList:
    owner: Any = request.user
    return get_object_or_404(ReadingList, pk=pk, owner=owner)


@router.get(
    "reading-lists", response=list[ReadingListOut], auth=django_auth, summary="Your reading lists"
)
def list_reading_lists(request: HttpRequest) -> list[dict[str, Any]]:
    owner: Any = request.user
    return [_list_out(r) for r in ReadingList.objects.filter(owner=owner)]


@router.post(
    "reading-lists",
    response={201: ReadingListOut},
    auth=django_auth,
    summary="Make a reading list",
)
def create_reading_list(request: HttpRequest, payload: ReadingListIn) -> tuple[int, dict[str, Any]]:
    return 201, _list_out(list_services.create_reading_list(request.user, payload.title))


@router.post(
    "reading-lists/{pk}/resources",
    response={200: ReadingListOut},
    auth=django_auth,
    summary="Add a resource to one of your reading lists",
)
def add_entry(request: HttpRequest, pk: Id, payload: EntryIn) -> dict[str, Any]:
    reading_list = _own_list(request, pk)
    resource = Resource.objects.filter(pk=payload.resource).first()
    if resource is None:
        raise ValidationError({"resource": _("There is no such resource.")})
    list_services.add_to_reading_list(request.user, resource, reading_list)
    return _list_out(reading_list)


@router.delete(
    "reading-lists/{pk}/resources/{resource}",
    response={200: ReadingListOut},
    auth=django_auth,
    summary="Remove a resource from one of your reading lists",
)
def remove_entry(request: HttpRequest, pk: Id, resource: Id) -> dict[str, Any]:
    reading_list = _own_list(request, pk)
    list_services.remove_from_reading_list(request.user, reading_list, resource)
    return _list_out(reading_list)


@router.delete(
    "reading-lists/{pk}", response={204: None}, auth=django_auth, summary="Delete a reading list"
)
def delete_reading_list(request: HttpRequest, pk: Id) -> tuple[int, None]:
    list_services.delete_reading_list(request.user, _own_list(request, pk))
    return 204, None


def _saved_out(saved: SavedSearch) -> dict[str, Any]:
    return {
        "id": saved.pk,
        "title": saved.title,
        "query": saved.query,
        "collection": saved.collection.slug if saved.collection else None,
        "frequency": saved.frequency,
        "last_sent_at": saved.last_sent_at.isoformat() if saved.last_sent_at else None,
    }


@router.get(
    "saved-searches",
    response=list[SavedSearchOut],
    auth=django_auth,
    summary="Your saved searches and followed collections",
)
def list_saved_searches(request: HttpRequest) -> list[dict[str, Any]]:
    owner: Any = request.user
    return [
        _saved_out(s) for s in SavedSearch.objects.filter(user=owner).select_related("collection")
    ]


@router.post(
    "saved-searches",
    response={201: SavedSearchOut},
    auth=django_auth,
    summary="Save a search, or follow a collection, with e-mail alerts",
)
def create_saved_search(request: HttpRequest, payload: SavedSearchIn) -> tuple[int, dict[str, Any]]:
    if payload.collection:
        collection = Collection.objects.filter(slug=payload.collection).first()
        if collection is None:
            raise ValidationError({"collection": _("There is no such collection.")})
        saved = list_services.follow_collection(request.user, collection, payload.frequency)
    else:
        saved = list_services.save_search(
            request.user, payload.query, payload.title, payload.frequency
        )
    return 201, _saved_out(saved)


@router.delete(
    "saved-searches/{pk}",
    response={204: None},
    auth=django_auth,
    summary="Delete a saved search (stops its alerts)",
)
def delete_saved_search(request: HttpRequest, pk: Id) -> tuple[int, None]:
    owner: Any = request.user
    saved = get_object_or_404(SavedSearch, pk=pk, user=owner)
    list_services.delete_saved_search(request.user, saved)
    return 204, None
