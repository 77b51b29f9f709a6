"""The knowledge base API (/api/library/): same permissions and rules as the pages."""
# No "from __future__ import annotations": django-ninja reads these annotations at runtime.

import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.security import django_auth
from pydantic import ValidationInfo, field_validator

from plaza.core.api_errors import ErrorOut, Gone
from plaza.core.api_types import MAX_ID, Id, Page
from plaza.core.vocabularies import API_LABELS_DESCRIPTION
from plaza.library import api_lists, citations, selectors, services
from plaza.library.catalogue import resource_json
from plaza.library.models import Resource, Status

router = Router(tags=["library"])
router.add_router("", api_lists.router)  # collections, reading lists, saved searches
PAGE_SIZE = 20


class CreatorSchema(Schema):
    kind: str = Field("person", description="person or organization")
    role: str = Field("author", description="author or editor")
    family_name: str = ""
    given_names: str = ""
    name: str = Field("", description="organisation name")


class FileOut(Schema):
    name: str
    url: str
    content_type: str
    size: int
    text_extraction: str
    pages: int | None = Field(None, description="number of pages (PDF)")
    preview: str | None = Field(None, description="first-page thumbnail (PNG), when made")
    downloads: int = Field(0, description="times the file was downloaded (no reader data kept)")


class ResourceOut(Schema):
    id: int
    page: str
    title: str
    subtitle: str
    creators: list[CreatorSchema]
    type: str
    language: str
    year: int | None
    date: str | None
    publisher: str
    series: str
    series_number: str
    abstract: str
    keywords: list[str]
    sectors: list[str]
    cities: list[str]
    countries: list[str]
    licence: str
    doi: str
    isbn: str
    issn: str
    handle: str
    url: str
    visibility: str
    status: str
    edition_of: int | None
    source: str
    files: list[FileOut]
    labels: dict[str, Any] = Field(default_factory=dict, description=API_LABELS_DESCRIPTION)


class ResourceIn(Schema):
    title: str
    type: str
    language: str
    subtitle: str = ""
    creators: list[CreatorSchema] = []
    year: int | None = None
    date: datetime.date | None = None
    publisher: str = ""
    place: str = ""
    series: str = ""
    series_number: str = ""
    edition: str = ""
    container_title: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    abstract: str = ""
    keywords: list[str] = []
    sectors: list[str] = []
    cities: list[str] = Field([], description="focal city slugs")
    countries: list[str] = Field([], description="ISO 3166-1 alpha-2 codes")
    licence: str = ""
    doi: str = ""
    isbn: str = ""
    issn: str = ""
    handle: str = ""
    url: str = ""
    visibility: str = "public"
    edition_of: int | None = None


CLEARABLE = {"year", "date", "edition_of"}


class ResourcePatch(Schema):
    title: str | None = None
    subtitle: str | None = None
    type: str | None = None
    language: str | None = None
    creators: list[CreatorSchema] | None = None
    year: int | None = None
    date: datetime.date | None = None
    publisher: str | None = None
    series: str | None = None
    series_number: str | None = None
    abstract: str | None = None
    keywords: list[str] | None = None
    sectors: list[str] | None = None
    cities: list[str] | None = None
    countries: list[str] | None = None
    licence: str | None = None
    doi: str | None = None
    isbn: str | None = None
    issn: str | None = None
    handle: str | None = None
    url: str | None = None
    visibility: str | None = None
    edition_of: int | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _null_only_where_allowed(cls, value: Any, info: ValidationInfo) -> Any:
        """Leave a field out to keep it; null clears only year, date and edition_of."""
        if value is None and info.field_name not in CLEARABLE:
            raise ValueError("may not be null (leave the field out to keep its value)")
        return value


class WithdrawIn(Schema):
    reason: str


class Filters(Schema):
    type: str = ""
    sector: str = ""
    city: str = ""
    lang: str = ""
    year: str = ""
    country: str = ""
    q: str = Field("", description="words in the title")


def _out(resource: Resource) -> dict[str, Any]:
    return resource_json(resource)


def _get(request: HttpRequest, pk: Id) -> Resource:
    resource = selectors.with_related(Resource.objects.all()).filter(pk=pk).first()
    if resource is None or not request.user.has_perm("library.view_resource", resource):
        raise Http404
    return resource


def _references(data: dict[str, Any]) -> dict[str, Any]:
    from plaza.cities.models import City

    sectors = data.pop("sectors", None)
    slugs = data.pop("cities", None)
    cities = None
    if slugs is not None:
        found = dict(City.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        unknown = [s for s in slugs if s not in found]
        if unknown:
            raise ValidationError({"cities": [f"unknown focal city: {', '.join(unknown)}"]})
        cities = [found[s] for s in slugs]
    if sectors is not None:
        from plaza.core.models import Sector

        known = set(Sector.objects.filter(code__in=sectors).values_list("code", flat=True))
        unknown = [s for s in sectors if s not in known]
        if unknown:
            raise ValidationError({"sectors": [f"unknown sector: {', '.join(unknown)}"]})
    creators = data.pop("creators", None)
    if "edition_of" in data:
        original = data.pop("edition_of")
        data["edition_of"] = Resource.objects.filter(pk=original).first() if original else None
        if original and data["edition_of"] is None:
            raise ValidationError({"edition_of": [f"there is no resource number {original}"]})
    return {"fields": data, "creators": creators, "sectors": sectors, "cities": cities}


class ResourcePage(Schema):
    count: int
    page: int
    pages: int
    items: list[ResourceOut]


@router.get("resources", response=ResourcePage, summary="List published resources")
def list_resources(request: HttpRequest, filters: Query[Filters], page: Page = 1) -> dict[str, Any]:
    """Published resources this user may see, newest first, 20 a page."""
    params = {k: v for k, v in filters.dict().items() if v}
    qs = selectors.filter_resources(selectors.visible_resources(request.user), params)
    paginator = Paginator(selectors.with_related(qs.order_by("-year", "-pk")), PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "items": [_out(r) for r in current],
    }


@router.get("resources/{pk}", response={200: ResourceOut}, summary="One resource")
def read_resource(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _out(_get(request, pk))


@router.post(
    "resources",
    response={201: ResourceOut},
    auth=django_auth,
    summary="Create a resource (a draft)",
)
def create_resource(request: HttpRequest, payload: ResourceIn) -> tuple[int, dict[str, Any]]:
    refs = _references(payload.dict())
    resource = services.create_resource(
        request.user,
        refs["fields"],
        refs["creators"] or [],
        sectors=refs["sectors"] or [],
        cities=refs["cities"] or [],
    )
    return 201, _out(_get(request, resource.pk))


@router.patch(
    "resources/{pk}",
    response={200: ResourceOut},
    auth=django_auth,
    summary="Change a resource",
)
def update_resource(
    request: HttpRequest, pk: Id, payload: ResourcePatch
) -> tuple[int, dict[str, Any]]:
    resource = _get(request, pk)
    refs = _references(payload.dict(exclude_unset=True))
    services.update_resource(
        request.user,
        resource,
        refs["fields"],
        refs["creators"],
        refs["sectors"],
        refs["cities"],
    )
    return 200, _out(_get(request, pk))


def _transition(
    request: HttpRequest, pk: Id, action: str, reason: str = ""
) -> tuple[int, dict[str, Any]]:
    resource = _get(request, pk)
    if action == "submit":
        services.submit_for_review(request.user, resource)
    elif action == "publish":
        services.publish_resource(request.user, resource)
    else:
        services.withdraw_resource(request.user, resource, reason)
    resource.refresh_from_db()
    return 200, _out(resource)


@router.post(
    "resources/{pk}/submit",
    response={200: ResourceOut},
    auth=django_auth,
)
def submit_resource(request: HttpRequest, pk: Id) -> tuple[int, dict[str, Any]]:
    """Send a draft for review."""
    return _transition(request, pk, "submit")


@router.post(
    "resources/{pk}/publish",
    response={200: ResourceOut},
    auth=django_auth,
)
def publish_resource(request: HttpRequest, pk: Id) -> tuple[int, dict[str, Any]]:
    """Publish (librarians and staff only)."""
    return _transition(request, pk, "publish")


@router.post(
    "resources/{pk}/withdraw",
    response={200: ResourceOut},
    auth=django_auth,
)
def withdraw_resource(
    request: HttpRequest, pk: Id, payload: WithdrawIn
) -> tuple[int, dict[str, Any]]:
    """Withdraw a published resource (librarians and staff only); its page becomes a notice."""
    return _transition(request, pk, "withdraw", payload.reason)


CitationFormat = Literal["bibtex", "ris", "csl-json", "apa", "chicago"]
CitationLocale = Literal["en", "es", "fr", "th", "hi", "pt"]
MAX_CITED = 500
# The media type of each format, listed in the OpenAPI document (one 200 answer, five types).
CITATION_RESPONSES = {
    "responses": {
        200: {
            "description": "The citations in the format asked for",
            "content": {
                media.split(";")[0]: {
                    "schema": {"type": "array", "items": {"type": "object"}}
                    if media.split(";")[0].endswith("json")
                    else {"type": "string"}
                }
                for media in dict.fromkeys(media for media, _ext in citations.FORMATS.values())
            },
        }
    }
}


def _citation(items: list[dict[str, Any]], format: str, locale: str) -> HttpResponse:
    text = citations.export(items, format, locale)
    return HttpResponse(text, content_type=citations.FORMATS[format][0])


@router.get(
    "citations",
    summary="Citations of several resources",
    response={200: None},
    openapi_extra=CITATION_RESPONSES,
)
def cite_many(
    request: HttpRequest,
    ids: str = Query(..., max_length=20 * MAX_CITED),
    format: CitationFormat = "bibtex",
    locale: CitationLocale = "en",
) -> HttpResponse:
    """ids: resource numbers separated by commas (at most 500); format: bibtex, ris, csl-json,
    apa, chicago. Resources you may not see are left out."""
    parts = [x.strip() for x in ids.split(",") if x.strip()]
    if not all(x.isascii() and x.isdigit() and 0 < int(x) <= MAX_ID for x in parts):
        raise ValidationError({"ids": _("Expected resource numbers separated by commas.")})
    if len(parts) > MAX_CITED:
        raise ValidationError({"ids": _("At most %(n)s resources at a time.") % {"n": MAX_CITED}})
    numbers = [int(x) for x in parts]
    found = {
        r.pk: r
        for r in selectors.with_related(
            selectors.visible_resources(request.user).filter(pk__in=numbers)
        )
    }
    items = [citations.resource_to_csl(found[n]) for n in dict.fromkeys(numbers) if n in found]
    return _citation(items, format, locale)


@router.get(
    "resources/{pk}/citation",
    summary="Citation of one resource",
    response={200: None, 410: ErrorOut},
    openapi_extra=CITATION_RESPONSES,
)
def cite_one(
    request: HttpRequest,
    pk: Id,
    format: CitationFormat = "bibtex",
    locale: CitationLocale = "en",
) -> HttpResponse:
    resource = _get(request, pk)
    if resource.status == Status.WITHDRAWN:
        raise Gone(_("This resource was withdrawn; it is no longer cited."))
    return _citation([citations.resource_to_csl(resource)], format, locale)
