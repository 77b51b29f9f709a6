"""Pages of collections, reading lists and saved searches, and result lists as data.

Every page shows only what its reader may see: a collection lists the resources visible to
the reader; a reading list is its owner's alone, and an entry the owner may no longer read
shows as unavailable (withdrawn, or no longer visible) without its content.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plaza.core.errors import error_summary, field_errors, status_of
from plaza.core.history import Version, record_history
from plaza.core.tables import table_response
from plaza.library import citations, list_services, selectors
from plaza.library.catalogue import CSV_COLUMNS, resource_row
from plaza.library.lists import (
    AlertFrequency,
    Collection,
    CollectionItem,
    ReadingList,
    SavedSearch,
)
from plaza.library.models import Resource, Status
from plaza.library.views.browse import listing
from plaza.library.views.public import _citation_response
from plaza.search import services as search_services
from plaza.search.params import from_query_dict

EXPORT_FORMATS = (*citations.FORMATS, "csv")
RESULTS_EXPORT_LIMIT = 200  # records of a result list exported at once (two pages of 100)
COLLECTION_SORTS = {
    "curated": ("collection_items__position", "pk"),
    "newest": ("-published_at", "-pk"),
    "year": ("-year", "-published_at", "-pk"),
    "title": ("title", "pk"),
}


def _problem(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A refused action of a small form: the reason, a 4xx, a way back."""
    return render(
        request,
        "library/lists/problem.html",
        {"message": error_summary(field_errors(exc)), "back": _next(request, "")},
        status=status_of(exc),
    )


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _lang() -> str:
    return (get_language() or "en")[:2]


def _export(resources: list[Resource], fmt: str, filename: str) -> HttpResponse:
    """The resources, in order, as CSV (the catalogue's columns) or a citation format."""
    if fmt == "csv":
        columns = ["id", "page", *CSV_COLUMNS]
        rows = [[row.get(c, "") for c in columns] for row in map(resource_row, resources)]
        return table_response(filename, columns, rows, "csv")
    items = [citations.resource_to_csl(r) for r in resources]
    return _citation_response(items, fmt, filename, _lang())


# --- collections --------------------------------------------------------------------------


def collections(request: HttpRequest) -> HttpResponse:
    visible = selectors.visible_resources(request.user).values("pk")
    rows = Collection.objects.annotate(
        size=Count("items", filter=Q(items__resource__in=visible), distinct=True)
    ).order_by("title", "pk")
    can_manage = request.user.has_perm("library.manage_collections")
    if request.method == "POST":
        try:
            collection = list_services.create_collection(
                request.user,
                request.POST.get("title", ""),
                request.POST.get("description", ""),
                request.POST.get("slug", ""),
            )
        except ValidationError as exc:
            return _problem(request, exc)
        messages.success(request, _("Collection made."))
        return redirect(collection.get_absolute_url())
    return render(
        request, "library/lists/collections.html", {"collections": rows, "can_manage": can_manage}
    )


def collection(request: HttpRequest, slug: str) -> HttpResponse:
    current = get_object_or_404(Collection, slug=slug)
    user = request.user
    can_manage = user.has_perm("library.manage_collections", current)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        try:
            list_services.update_collection(
                user, current, request.POST.get("title", ""), request.POST.get("description", "")
            )
        except ValidationError as exc:
            return _problem(request, exc)
        messages.success(request, _("Changes saved."))
        return redirect(current.get_absolute_url())
    sort = request.GET.get("sort", "curated")
    sort = sort if sort in COLLECTION_SORTS else "curated"
    base = selectors.visible_resources(user).filter(collection_items__collection=current)
    context = listing(request, base, COLLECTION_SORTS[sort])
    query = request.GET.copy()
    for key in ("sort", "page"):
        query.pop(key, None)
    following = (
        SavedSearch.objects.filter(user=user, collection=current).first()
        if user.is_authenticated
        else None
    )
    return render(
        request,
        "library/lists/collection.html",
        {
            **context,
            "collection": current,
            "sort": sort,
            "sorts": [
                ("curated", _("chosen order")),
                ("newest", _("newest in the library")),
                ("year", _("year")),
                ("title", _("title")),
            ],
            "sort_base": query.urlencode(),
            "can_manage": can_manage,
            # the listing's per-resource remove button, for whoever curates the collection
            "remove_url": reverse("library:collection_remove", args=[current.slug])
            if can_manage
            else "",
            "following": following,
            "frequencies": AlertFrequency.choices,
            "history": _collection_history(current) if can_manage else [],
        },
    )


def _collection_history(current: Collection) -> list[Version]:
    """The collection's own changes and every resource added to or removed from it."""
    versions = record_history(current)
    records = (
        CollectionItem.history.filter(collection_id=current.pk)
        .select_related("history_user")
        .order_by("-history_date")[:50]
    )
    titles = dict(
        Resource.objects.filter(pk__in=[r.resource_id for r in records]).values_list("pk", "title")
    )
    for record in records:
        if record.history_type not in ("+", "-"):
            continue
        title = titles.get(record.resource_id, f"#{record.resource_id}")
        versions.append(
            Version(
                record.history_date,
                str(record.history_user or ""),
                "created" if record.history_type == "+" else "deleted",
                subject=_("Resource: %(title)s") % {"title": title},
            )
        )
    versions.sort(key=lambda v: v.when, reverse=True)
    return versions[:50]


@require_POST
def collection_add(request: HttpRequest) -> HttpResponse:
    current = get_object_or_404(Collection, pk=_int(request.POST.get("collection")))
    resource = get_object_or_404(Resource, pk=_int(request.POST.get("resource")))
    try:
        list_services.add_to_collection(
            request.user, current, resource, request.POST.get("note", "")
        )
    except ValidationError as exc:
        return _problem(request, exc)
    messages.success(request, _("Added to %(title)s.") % {"title": current.title})
    return redirect(_next(request, current.get_absolute_url()))


@require_POST
def collection_remove(request: HttpRequest, slug: str) -> HttpResponse:
    current = get_object_or_404(Collection, slug=slug)
    try:
        list_services.remove_from_collection(
            request.user, current, _int(request.POST.get("resource"))
        )
    except ValidationError as exc:
        return _problem(request, exc)
    messages.success(request, _("Removed from the collection."))
    return redirect(_next(request, current.get_absolute_url()))


@require_POST
def collection_delete(request: HttpRequest, slug: str) -> HttpResponse:
    current = get_object_or_404(Collection, slug=slug)
    list_services.delete_collection(request.user, current)
    messages.success(request, _("Collection deleted."))
    return redirect("library:collections")


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


# --- reading lists ------------------------------------------------------------------------


@login_required
def reading_lists(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            created = list_services.create_reading_list(request.user, request.POST.get("title", ""))
        except ValidationError as exc:
            return _problem(request, exc)
        return redirect(created.get_absolute_url())
    lists = ReadingList.objects.filter(owner_id=request.user.pk).annotate(size=Count("items"))
    return render(request, "library/lists/reading_lists.html", {"lists": lists})


def _own_list(request: HttpRequest, pk: int) -> ReadingList:
    """The user's own list; anyone else's is not found (whether it exists is private too)."""
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(ReadingList, pk=pk, owner_id=request.user.pk)


def _entries(request: HttpRequest, reading_list: ReadingList) -> list[dict[str, Any]]:
    """Each entry as its owner may see it now: readable, withdrawn (title and notice), or
    no longer available (nothing of it)."""
    user = request.user
    items = reading_list.items.select_related("resource").order_by("added_at", "pk")
    entries = []
    for item in items:
        resource = item.resource
        if resource.status == Status.PUBLISHED and user.has_perm("library.view_resource", resource):
            state = "visible"
        elif resource.status == Status.WITHDRAWN and user.has_perm(
            "library.view_withdrawn_resource", resource
        ):
            state = "withdrawn"
        else:
            state = "unavailable"
        entries.append({"item": item, "resource": resource, "state": state})
    return entries


def _readable(request: HttpRequest, reading_list: ReadingList) -> list[Resource]:
    ids = list(reading_list.items.order_by("added_at", "pk").values_list("resource_id", flat=True))
    found = selectors.with_related(
        selectors.visible_resources(request.user).filter(pk__in=ids)
    ).in_bulk()
    return [found[pk] for pk in ids if pk in found]


def reading_list(request: HttpRequest, pk: int) -> HttpResponse:
    current = _own_list(request, pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "delete":
                list_services.delete_reading_list(request.user, current)
                messages.success(request, _("Reading list deleted."))
                return redirect("library:reading_lists")
            list_services.rename_reading_list(request.user, current, request.POST.get("title", ""))
        except ValidationError as exc:
            return _problem(request, exc)
        messages.success(request, _("Changes saved."))
        return redirect(current.get_absolute_url())
    return render(
        request,
        "library/lists/reading_list.html",
        {
            "reading_list": current,
            "entries": _entries(request, current),
            "export_formats": EXPORT_FORMATS,
        },
    )


def reading_list_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    current = _own_list(request, pk)
    if fmt not in EXPORT_FORMATS:
        return _unknown_format(fmt)
    return _export(_readable(request, current), fmt, f"plaza-reading-list-{current.pk}")


@require_POST
def reading_list_add(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request)
    resource = get_object_or_404(Resource, pk=_int(request.POST.get("resource")))
    target = None
    if request.POST.get("list"):
        target = _own_list(request, _int(request.POST.get("list")))
    try:
        added_to = list_services.add_to_reading_list(request.user, resource, target)
    except ValidationError as exc:
        return _problem(request, exc)
    messages.success(request, _("Added to %(title)s.") % {"title": added_to.title})
    return redirect(_next(request, added_to.get_absolute_url()))


def redirect_to_login(request: HttpRequest) -> HttpResponse:
    return auth_views.redirect_to_login(_next(request, request.get_full_path()))


@require_POST
def reading_list_remove(request: HttpRequest, pk: int) -> HttpResponse:
    current = _own_list(request, pk)
    list_services.remove_from_reading_list(
        request.user, current, _int(request.POST.get("resource"))
    )
    messages.success(request, _("Removed from the reading list."))
    return redirect(_next(request, current.get_absolute_url()))


# --- saved searches and alerts --------------------------------------------------------------


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    owner: Any = request.user
    saved = SavedSearch.objects.filter(user=owner).select_related("collection")
    return render(
        request,
        "library/lists/alerts.html",
        {"saved": saved, "frequencies": AlertFrequency.choices, "language": _lang()},
    )


@require_POST
def alert_save(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request)
    try:
        if request.POST.get("collection"):
            followed = get_object_or_404(Collection, pk=_int(request.POST.get("collection")))
            list_services.follow_collection(
                request.user, followed, request.POST.get("frequency", AlertFrequency.WEEKLY)
            )
            messages.success(request, _("You follow this collection."))
        else:
            list_services.save_search(
                request.user,
                request.POST.get("query", ""),
                request.POST.get("title", ""),
                request.POST.get("frequency", AlertFrequency.WEEKLY),
            )
            messages.success(request, _("Search saved. New results will be e-mailed to you."))
    except ValidationError as exc:
        return _problem(request, exc)
    return redirect(_next(request, "library:alerts"))


@require_POST
def alert_change(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    saved = get_object_or_404(SavedSearch, pk=pk, user_id=request.user.pk)
    try:
        if request.POST.get("action") == "delete":
            list_services.delete_saved_search(request.user, saved)
            messages.success(request, _("Deleted."))
        else:
            list_services.change_frequency(request.user, saved, request.POST.get("frequency", ""))
            messages.success(request, _("Changes saved."))
    except ValidationError as exc:
        return _problem(request, exc)
    return redirect("library:alerts")


# --- a result list as data ------------------------------------------------------------------


def result_resources(request: HttpRequest, limit: int = RESULTS_EXPORT_LIMIT) -> list[Resource]:
    """The knowledge-base records of a search page's results, in the page's order.

    The search service is called with the page's own parameters (words, filters, sort and
    the meaning search), so the list is the fused set the page shows, page after page."""
    params = from_query_dict(request.GET, _lang())
    params = replace(params, per_page=100, facets=False, snippets=False)
    order: list[int] = []
    page = 1
    while len(order) < limit:
        result = search_services.search(replace(params, page=page), request.user)
        order += [h.pk for h in result.hits if h.model == "library.resource"]
        if page >= result.pages:
            break
        page += 1
    order = list(dict.fromkeys(order))[:limit]
    found = selectors.with_related(
        selectors.visible_resources(request.user).filter(pk__in=order)
    ).in_bulk()
    return [found[pk] for pk in order if pk in found]


def results_export(request: HttpRequest) -> HttpResponse:
    """?<the search page's parameters>&format=ris|bibtex|csl-json|apa|chicago|csv."""
    fmt = request.GET.get("format", "bibtex")
    if fmt not in EXPORT_FORMATS:
        return _unknown_format(fmt)
    return _export(result_resources(request), fmt, "plaza-results")


def _unknown_format(fmt: str) -> HttpResponse:
    return HttpResponseBadRequest(
        _("Unknown format %(fmt)s; use one of: %(formats)s.")
        % {"fmt": fmt[:40], "formats": ", ".join(EXPORT_FORMATS)},
        content_type="text/plain; charset=utf-8",
    )
