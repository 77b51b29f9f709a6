"""Every write on collections, reading lists and saved searches (see plaza.library.lists).

As in ``services.py``: each function checks permission, validates (raising a
``ValidationError`` naming the field) and writes in one short transaction. Collections keep
their history (who added or removed what, when); reading lists and saved searches are
private to their owner and every id written is checked against the writer.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plaza.core.errors import require
from plaza.core.text import clean_control
from plaza.core.types import Account, User, signed_in
from plaza.library.lists import (
    AlertFrequency,
    Collection,
    CollectionItem,
    ReadingList,
    ReadingListItem,
    SavedSearch,
)
from plaza.library.models import Resource, Status
from plaza.search.params import from_query_dict, to_query_dict

MAX_READING_LISTS = 50
MAX_LIST_ENTRIES = 1000
MAX_SAVED_SEARCHES = 50
RESERVED_SLUGS = {"add"}  # an address of the collection pages themselves


def _text(value: Any, field: str, limit: int, required: bool = True) -> str:
    text = " ".join(clean_control(str(value or "")).split())
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > limit:
        raise ValidationError(
            {field: _("At most %(n)s characters (this has %(m)s).") % {"n": limit, "m": len(text)}}
        )
    return text


def _as_history_user(obj: Any, user: User) -> None:
    if user is not None and user.is_authenticated:
        obj._history_user = user


# --- curated collections --------------------------------------------------------------------


@transaction.atomic
def create_collection(user: User, title: str, description: str = "", slug: str = "") -> Collection:
    require(user, "library.manage_collections", None, _("Only librarians make collections."))
    title = _text(title, "title", 300)
    slug = slugify(slug or title)[:80]
    if not slug:
        raise ValidationError({"slug": _("Give a short name with letters or digits.")})
    if slug in RESERVED_SLUGS or Collection.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another collection has this short name.")})
    collection = Collection(
        slug=slug,
        title=title,
        description=clean_control(description or "").strip()[:5000],
        created_by=signed_in(user),
    )
    _as_history_user(collection, user)
    collection.save()
    return collection


@transaction.atomic
def update_collection(user: User, collection: Collection, title: str, description: str) -> None:
    require(user, "library.manage_collections", collection, _("Only librarians edit collections."))
    collection.title = _text(title, "title", 300)
    collection.description = clean_control(description or "").strip()[:5000]
    _as_history_user(collection, user)
    collection.save()


@transaction.atomic
def delete_collection(user: User, collection: Collection) -> None:
    require(user, "library.manage_collections", collection, _("Only librarians edit collections."))
    _as_history_user(collection, user)
    collection.delete()


@transaction.atomic
def add_to_collection(
    user: User, collection: Collection, resource: Resource, note: str = ""
) -> CollectionItem:
    """Only a published resource goes in a collection (its page shows each reader what they
    may see of it: members-only resources to members, never to the public)."""
    require(user, "library.manage_collections", collection, _("Only librarians edit collections."))
    if resource.status != Status.PUBLISHED:
        raise ValidationError({"resource": _("Only a published resource can be collected.")})
    if collection.items.filter(resource=resource).exists():
        raise ValidationError({"resource": _("This resource is already in the collection.")})
    last = collection.items.order_by("-position").values_list("position", flat=True).first()
    item = CollectionItem(
        collection=collection,
        resource=resource,
        position=(last or 0) + 1,
        note=_text(note, "note", 500, required=False),
        added_by=signed_in(user),
    )
    _as_history_user(item, user)
    item.save()
    collection.save(update_fields=["updated_at"])
    return item


@transaction.atomic
def remove_from_collection(user: User, collection: Collection, resource_pk: int) -> None:
    require(user, "library.manage_collections", collection, _("Only librarians edit collections."))
    item = collection.items.filter(resource_id=resource_pk).first()
    if item is None:
        raise ValidationError({"resource": _("This resource is not in the collection.")})
    _as_history_user(item, user)
    item.delete()
    collection.save(update_fields=["updated_at"])


# --- personal reading lists -----------------------------------------------------------------


def _account(user: User, message: str) -> Account:
    """The signed-in account that keeps lists (the permission check names why not)."""
    require(user, "library.keep_lists", None, message)
    account = signed_in(user)
    if account is None:
        raise PermissionDenied(message)
    return account


def _own(user: User, reading_list: ReadingList) -> None:
    if not user.is_authenticated or reading_list.owner_id != user.pk:
        raise PermissionDenied(_("This reading list is not yours."))


@transaction.atomic
def create_reading_list(user: User, title: str) -> ReadingList:
    owner = _account(user, _("Log in to keep reading lists."))
    title = _text(title, "title", 200)
    if ReadingList.objects.filter(owner=owner).count() >= MAX_READING_LISTS:
        raise ValidationError(
            {
                "title": _("You have %(n)s reading lists, the most one may keep.")
                % {"n": MAX_READING_LISTS}
            }
        )
    return ReadingList.objects.create(owner=owner, title=title)


@transaction.atomic
def rename_reading_list(user: User, reading_list: ReadingList, title: str) -> None:
    _own(user, reading_list)
    reading_list.title = _text(title, "title", 200)
    reading_list.save(update_fields=["title", "updated_at"])


@transaction.atomic
def delete_reading_list(user: User, reading_list: ReadingList) -> None:
    _own(user, reading_list)
    reading_list.delete()


@transaction.atomic
def add_to_reading_list(
    user: User, resource: Resource, reading_list: ReadingList | None = None
) -> ReadingList:
    """Add a resource the user may see to one of their lists (their first list, made on the
    first use, when none is named). Adding it twice changes nothing."""
    owner = _account(user, _("Log in to keep reading lists."))
    if not user.has_perm("library.view_resource", resource) or resource.status != Status.PUBLISHED:
        raise ValidationError({"resource": _("There is no such resource.")})
    if reading_list is None:
        reading_list = ReadingList.objects.filter(owner=owner).order_by("created_at", "pk").first()
        if reading_list is None:
            reading_list = ReadingList.objects.create(owner=owner, title=_("My reading list"))
    _own(user, reading_list)
    if reading_list.items.count() >= MAX_LIST_ENTRIES:
        raise ValidationError(
            {
                "resource": _("A reading list holds at most %(n)s resources.")
                % {"n": MAX_LIST_ENTRIES}
            }
        )
    ReadingListItem.objects.get_or_create(reading_list=reading_list, resource=resource)
    reading_list.save(update_fields=["updated_at"])
    return reading_list


@transaction.atomic
def remove_from_reading_list(user: User, reading_list: ReadingList, resource_pk: int) -> None:
    _own(user, reading_list)
    reading_list.items.filter(resource_id=resource_pk).delete()
    reading_list.save(update_fields=["updated_at"])


# --- saved searches and followed collections ---------------------------------------------------


def normalise_query(query: str) -> str:
    """The search parameters of a search URL's query string, in one canonical order, without
    the page number (a saved search is the whole result list)."""
    query = query.lstrip("?")
    if len(query) > 2000:
        raise ValidationError({"query": _("This search is too long to save.")})
    params = from_query_dict(QueryDict(query), "en")
    return to_query_dict(params, page=1).urlencode()


def _frequency(value: str) -> str:
    if value not in AlertFrequency.values:
        raise ValidationError(
            {
                "frequency": _("Choose one of: %(values)s.")
                % {"values": ", ".join(AlertFrequency.values)}
            }
        )
    return value


def _room_for_one_more(owner: Account) -> None:
    if SavedSearch.objects.filter(user=owner).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(
            {
                "query": _("You have %(n)s saved searches, the most one may keep.")
                % {"n": MAX_SAVED_SEARCHES}
            }
        )


@transaction.atomic
def save_search(
    user: User, query: str, title: str = "", frequency: str = AlertFrequency.WEEKLY
) -> SavedSearch:
    owner = _account(user, _("Log in to save searches."))
    normalised = normalise_query(query)
    if not normalised:
        raise ValidationError({"query": _("Search for something before saving the search.")})
    frequency = _frequency(frequency)
    existing = SavedSearch.objects.filter(user=owner, query=normalised, collection=None).first()
    if existing is not None:
        existing.frequency = frequency
        existing.save(update_fields=["frequency", "updated_at"])
        return existing
    _room_for_one_more(owner)
    params = QueryDict(normalised)
    default_title = params.get("q") or normalised
    return SavedSearch.objects.create(
        user=owner,
        query=normalised,
        title=_text(title or default_title, "title", 200),
        frequency=frequency,
    )


@transaction.atomic
def follow_collection(
    user: User, collection: Collection, frequency: str = AlertFrequency.WEEKLY
) -> SavedSearch:
    owner = _account(user, _("Log in to follow a collection."))
    frequency = _frequency(frequency)
    existing = SavedSearch.objects.filter(user=owner, collection=collection).first()
    if existing is not None:
        existing.frequency = frequency
        existing.save(update_fields=["frequency", "updated_at"])
        return existing
    _room_for_one_more(owner)
    return SavedSearch.objects.create(
        user=owner, collection=collection, title=collection.title[:200], frequency=frequency
    )


def _own_search(user: User, saved: SavedSearch) -> None:
    if not user.is_authenticated or saved.user_id != user.pk:
        raise PermissionDenied(_("This saved search is not yours."))


@transaction.atomic
def change_frequency(user: User, saved: SavedSearch, frequency: str) -> None:
    _own_search(user, saved)
    saved.frequency = _frequency(frequency)
    saved.save(update_fields=["frequency", "updated_at"])


@transaction.atomic
def delete_saved_search(user: User, saved: SavedSearch) -> None:
    _own_search(user, saved)
    saved.delete()
