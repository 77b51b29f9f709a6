"""Public pages of the knowledge base: browse, resource page, citations, downloads, exports."""

from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from plaza.core import vocabularies
from plaza.core.files import serve_file
from plaza.core.http import declares_robot
from plaza.core.languages import LANGUAGES
from plaza.core.sharing import share_tags
from plaza.library import browsing, citations, metadata, selectors, services
from plaza.library.catalogue import catalogue_csv, catalogue_json
from plaza.library.forms import FileUploadForm, WithdrawForm
from plaza.library.lists import Collection, ReadingList
from plaza.library.models import Resource, ResourceFile, Status
from plaza.library.related import related_reading
from plaza.library.views.browse import listing

MAX_EXPORT_IDS = 1000


def index(request: HttpRequest) -> HttpResponse:
    context = listing(request, selectors.visible_resources(request.user), key="library")
    context.update(
        {
            "can_add": request.user.has_perm("library.add_resource"),
            "can_curate": request.user.has_perm("library.curate"),
        }
    )
    return render(request, "library/index.html", context)


def _resource_for(request: HttpRequest, pk: int) -> Resource:
    resource = get_object_or_404(
        Resource.objects.select_related("edition_of", "publisher_organization"), pk=pk
    )
    if resource.status == Status.WITHDRAWN:
        if not request.user.has_perm("library.view_withdrawn_resource", resource):
            raise Http404  # a private record's notice would show its title and reason
        return resource
    if not request.user.has_perm("library.view_resource", resource):
        # Not "forbidden": whether an unpublished record exists is not public either.
        raise Http404
    return resource


def detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    resource = _resource_for(request, pk)
    if resource.status == Status.WITHDRAWN and not request.user.has_perm("library.curate"):
        return render(request, "library/tombstone.html", {"resource": resource}, status=410)
    if slug != resource.slug:
        return redirect(resource.get_absolute_url(), permanent=True)
    user = request.user
    lang = (get_language() or "en")[:2]
    # Read once for the page, the citations, the metadata and related reading.
    prefetch_related_objects([resource], "creators", "files", "sectors", "cities")
    item = citations.resource_to_csl(resource)
    versions = [
        v for v in resource.language_versions() if user.has_perm("library.view_resource", v)
    ]
    return render(
        request,
        "library/detail.html",
        {
            "resource": resource,
            "share": share_tags(
                request, title=resource.title, description=resource.abstract, kind="article"
            ),
            "creators": [
                (
                    c,
                    browsing.name_key(
                        browsing.creator_name(
                            c.kind,
                            c.family_name,
                            c.given_names,
                            c.name,
                            c.organization.name if c.organization_id and c.organization else None,
                        )
                    ),
                )
                for c in resource.ordered_creators()
            ],
            "keywords": [(k, browsing.name_key(str(k))) for k in resource.keywords],
            "series_key": browsing.name_key(resource.series) if resource.series else "",
            "countries": [
                (c.upper(), vocabularies.label("country", c.upper())) for c in resource.countries
            ],
            "files": list(resource.files.all()),
            "versions": versions,
            "related": related_reading(resource, user, lang),
            "citation_apa": citations.export([item], "apa", lang),
            "citation_chicago": citations.export([item], "chicago", lang),
            "citation_formats": list(citations.FORMATS),
            "json_ld": mark_safe(metadata.json_ld(resource)),  # noqa: S308 - escaped in json_ld
            "meta_html": mark_safe(metadata.meta_html(resource)),  # noqa: S308 - escaped
            "language_name": LANGUAGES[resource.language].name
            if resource.language in LANGUAGES
            else resource.language,
            "can_edit": user.has_perm("library.change_resource", resource),
            "can_publish": user.has_perm("library.publish_resource", resource),
            "upload_form": FileUploadForm(),
            "withdraw_form": WithdrawForm(),
            "history": _history(resource) if user.has_perm("library.curate") else [],
            **_lists_context(user, resource),
        },
    )


def _lists_context(user: Any, resource: Resource) -> dict[str, Any]:
    """The collections a resource is in; the reader's reading lists; for librarians, the
    collections it could be added to."""
    in_collections = list(Collection.objects.filter(items__resource=resource).order_by("title"))
    can_collect = (
        user.has_perm("library.manage_collections") and resource.status == Status.PUBLISHED
    )
    return {
        "in_collections": in_collections,
        "reading_lists": list(ReadingList.objects.filter(owner=user))
        if user.is_authenticated
        else [],
        "collections_to_add": list(Collection.objects.exclude(items__resource=resource))
        if can_collect
        else [],
    }


def _field_label(name: str) -> str:
    return str(getattr(Resource._meta.get_field(name), "verbose_name", name))


def _history(resource: Resource, limit: int = 20) -> list[tuple[Any, list[str]]]:
    """The latest changes, each with the names of the fields it changed (who, when, what)."""
    records = list(resource.history.select_related("history_user")[: limit + 1])
    changes = []
    for record, previous in zip(records, [*records[1:], None], strict=False):
        fields = []
        if previous is not None:
            delta = record.diff_against(previous)
            fields = [_field_label(c.field) for c in delta.changes]
        changes.append((record, fields))
    return changes[:limit]


def _citation_response(
    items: list[dict[str, Any]], fmt: str, filename: str, lang: str
) -> HttpResponse:
    if fmt not in citations.FORMATS:
        return HttpResponseBadRequest(
            _("Unknown citation format %(fmt)s; use one of: %(formats)s.")
            % {"fmt": fmt, "formats": ", ".join(citations.FORMATS)},
            content_type="text/plain; charset=utf-8",
        )
    content_type, extension = citations.FORMATS[fmt]
    response = HttpResponse(citations.export(items, fmt, lang), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}.{extension}"'
    return response


def cite(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    resource = _resource_for(request, pk)
    if resource.status == Status.WITHDRAWN:
        raise Http404
    lang = (get_language() or "en")[:2]
    return _citation_response([citations.resource_to_csl(resource)], fmt, f"plaza-{pk}", lang)


def export(request: HttpRequest) -> HttpResponse:
    """A list of resources in one citation format: ?ids=1,2,3&format=ris (search results link here)."""
    raw = request.GET.get("ids", "")
    try:
        ids = [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        return HttpResponseBadRequest(
            _("ids: expected resource numbers separated by commas."),
            content_type="text/plain; charset=utf-8",
        )
    if not ids:
        return HttpResponseBadRequest(
            _("ids: give at least one resource number."), content_type="text/plain; charset=utf-8"
        )
    if len(ids) > MAX_EXPORT_IDS:
        return HttpResponseBadRequest(
            _("ids: at most %(n)s resources at a time.") % {"n": MAX_EXPORT_IDS},
            content_type="text/plain; charset=utf-8",
        )
    found = {
        r.pk: r
        for r in selectors.with_related(
            selectors.visible_resources(request.user).filter(pk__in=ids)
        )
    }
    items = [citations.resource_to_csl(found[pk]) for pk in dict.fromkeys(ids) if pk in found]
    lang = (get_language() or "en")[:2]
    return _citation_response(items, request.GET.get("format", "bibtex"), "plaza-references", lang)


def _readable_file(request: HttpRequest, pk: int) -> ResourceFile:
    """A file whose resource the reader may see; 404 otherwise (its existence is not public)."""
    resource_file = get_object_or_404(ResourceFile.objects.select_related("resource"), pk=pk)
    resource = resource_file.resource
    if resource.status == Status.WITHDRAWN and not request.user.has_perm("library.curate"):
        raise Http404
    if not request.user.has_perm("library.view_resource", resource):
        raise Http404
    return resource_file


def _counts_as_download(request: HttpRequest) -> bool:
    """A person fetching the file: not a HEAD, not the continuation of a ranged download,
    not a client that says it is a robot."""
    if request.method != "GET" or declares_robot(request):
        return False
    ranges = request.META.get("HTTP_RANGE", "").replace(" ", "")
    return not ranges or ranges.startswith("bytes=0-")


def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A resource's file, to those who may see the resource (404 to others).

    ``?inline=1`` shows PDFs, images and plain text in the browser; every other type is a
    download (plaza.core.files decides, whatever was asked). Each download is counted.
    """
    resource_file = _readable_file(request, pk)
    response = serve_file(
        request,
        resource_file.file,
        filename=resource_file.original_name,
        content_type=resource_file.content_type,
        inline=request.GET.get("inline") == "1",
    )
    if _counts_as_download(request):
        services.record_download(resource_file.pk)
    return response


def preview(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The first-page thumbnail of a file, with the file's own access check (404 to others)."""
    resource_file = _readable_file(request, pk)
    if not resource_file.has_preview:
        raise Http404
    return serve_file(
        request,
        resource_file.thumbnail,
        filename=f"preview-{resource_file.pk}.png",
        content_type="image/png",
        inline=True,
    )


def catalogue(request: HttpRequest, fmt: str) -> HttpResponse:
    qs = selectors.with_related(selectors.visible_resources(request.user).order_by("pk"))
    if fmt == "csv":
        response = HttpResponse(catalogue_csv(qs), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="plaza-library.csv"'
        return response
    response = HttpResponse(catalogue_json(qs), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="plaza-library.json"'
    return response
