"""Browse pages: the library list, a creator, a subject, a series, a focal city, a country,
and the A-Z indexes of creators and subjects.

Every list is the one library list (``listing``): the same filters, facets, paging and feed,
works shown once with their other language versions ("Also in"), only what the reader may see.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from plaza.cities.models import City
from plaza.core import versions, vocabularies
from plaza.core.languages import LANGUAGES
from plaza.core.sectors import SectorCode
from plaza.library import browsing, selectors, services
from plaza.library.metadata import absolute
from plaza.library.models import Resource, ResourceType

T = TypeVar("T")
PAGE_SIZE = 20
FILTER_KEYS = ("type", "sector", "city", "lang", "year", "country", "q")


def _filters(request: HttpRequest) -> dict[str, str]:
    return {
        k: request.GET.get(k, "").strip() for k in FILTER_KEYS if request.GET.get(k, "").strip()
    }


def _language() -> str:
    return (get_language() or "en")[:2]


def _grouped(
    request: HttpRequest, key: Hashable | None, compute: Callable[[], T], reader: Hashable = None
) -> T:
    """``compute()`` once per library change and reader class when ``key`` names what it
    groups (the whole library, a browse heading), else every time (a collection)."""
    if key is None:
        return compute()
    cls = selectors.visibility_class(request.user) if reader is None else reader
    return versions.cached(services.DATA_VERSION, (key, cls), compute)


def listing(
    request: HttpRequest,
    base: QuerySet[Resource],
    order: tuple[str, ...] = (),
    *,
    key: Hashable | None = None,
    reader: Hashable = None,
) -> dict[str, Any]:
    """The library list of ``base`` (already scoped to the reader: the library, a browse page,
    a collection): filters from the query string, facet counts, one entry per work in the
    reader's language, the page asked for (its ``object_list`` the page's resources).

    ``key`` names ``base`` for everyone of the reader's class (``reader``, computed when not
    given): the grouping (works in order, facets) is then computed once per library change."""
    params = _filters(request)
    language = _language()

    def group() -> tuple[list[int], dict[str, list[tuple[str, int]]], dict[str, str]]:
        qs = selectors.filter_resources(base, params)
        works = browsing.collapse_versions(
            qs.order_by(*(order or ("-year", "-published_at", "-pk"))), language
        )
        city_names = dict(City.objects.values_list("slug", "name"))
        return works, selectors.facet_counts(qs), city_names

    works, facets, city_names = _grouped(
        request,
        None if key is None else ("list", key, tuple(sorted(params.items())), language, order),
        group,
        reader,
    )
    page = Paginator(works, PAGE_SIZE).get_page(request.GET.get("page"))
    found = selectors.with_related(Resource.objects.filter(pk__in=list(page.object_list)))
    by_pk = {r.pk: r for r in found}
    shown = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    page.object_list = shown  # type: ignore[assignment]  # the page shows resources, not ids
    versions = browsing.other_versions(selectors.visible_resources(request.user), shown)
    entries = [
        (
            resource,
            [
                (v, vocabularies.label("language", v.language))
                for v in versions.get(resource.pk, [])
            ],
        )
        for resource in shown
    ]
    labels: dict[str, dict[str, str]] = {
        "type": {k: str(v) for k, v in ResourceType.choices},
        "lang": {code: str(lang.name) for code, lang in LANGUAGES.items()},
        "sector": {k: str(v) for k, v in SectorCode.choices},
        "city": city_names,
        "year": {},
    }
    facet_groups = [
        (key, title, [(value, labels[key].get(value, value), n) for value, n in facets[key]])
        for key, title in (
            ("type", _("Type")),
            ("sector", _("Sector")),
            ("city", _("Focal city")),
            ("lang", _("Language")),
            ("year", _("Year")),
        )
    ]
    active = [(key, labels.get(key, {}).get(value, value)) for key, value in params.items()]
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return {
        "page": page,
        "entries": entries,
        "facet_groups": facet_groups,
        "filters": params,
        "active_filters": active,
        "querystring": query_without_page.urlencode(),
    }


def _canonical(request: HttpRequest) -> str:
    page = request.GET.get("page", "")
    return absolute(request.path) + (f"?page={page}" if page.isdigit() and page != "1" else "")


def _browse(
    request: HttpRequest, kind: str, key: str, heading: str, base: QuerySet[Resource], **extra: Any
) -> HttpResponse:
    titles = {
        "creator": _("Works by %(name)s"),
        "subject": _("Subject: %(name)s"),
        "series": _("Series: %(name)s"),
        "city": _("Resources about %(name)s"),
        "country": _("Resources about %(name)s"),
    }
    search_fields = {"creator": "author", "subject": "keyword", "series": "series"}
    context = listing(request, base, key=(kind, key))
    context.update(
        {
            "kind": kind,
            "key": key,
            "heading": heading,
            "title": titles[kind] % {"name": heading},
            "search_field": search_fields.get(kind, ""),
            "feed_url": reverse("library-feed-filtered", args=[kind, key]),
            "canonical": _canonical(request),
            "clear_url": request.path,
            **extra,
        }
    )
    return render(request, "library/browse.html", context)


def _restricted(request: HttpRequest, kind: str, key: str) -> tuple[QuerySet[Resource], str]:
    """``browsing.restrict`` of what the reader may see, found once per library change and
    reader class (finding a creator or a subject reads every visible record)."""

    def find() -> tuple[list[int], str]:
        qs, name = browsing.restrict(selectors.visible_resources(request.user), kind, key)
        return (list(qs.values_list("pk", flat=True)) if name else []), name

    ids, name = _grouped(request, ("restrict", kind, key), find)
    return Resource.objects.filter(pk__in=ids), name


def creator(request: HttpRequest, key: str) -> HttpResponse:
    base, name = _restricted(request, "creator", key)
    if not name:
        raise Http404
    return _browse(request, "creator", key, name, base)


def subject(request: HttpRequest, key: str) -> HttpResponse:
    base, name = _restricted(request, "subject", key)
    if not name:
        raise Http404
    return _browse(request, "subject", key, name, base)


def series(request: HttpRequest, key: str) -> HttpResponse:
    base, name = _restricted(request, "series", key)
    if not name:
        raise Http404
    return _browse(request, "series", key, name, base)


def city(request: HttpRequest, slug: str) -> HttpResponse:
    place = City.objects.filter(slug=slug).first()
    if place is None:
        raise Http404
    base, _key = _restricted(request, "city", slug)
    return _browse(request, "city", slug, place.name, base, city=place)


def country(request: HttpRequest, code: str) -> HttpResponse:
    if code != code.upper():
        raise Http404
    base, found = _restricted(request, "country", code)
    if not found:
        raise Http404
    return _browse(request, "country", code, vocabularies.label("country", code), base)


def _index(request: HttpRequest, kind: str) -> HttpResponse:
    def group() -> tuple[list[browsing.Script], int]:
        visible = selectors.visible_resources(request.user)
        if kind == "creator":
            headings = browsing.creator_headings(visible)
        else:
            headings = browsing.subject_headings(visible)
        return browsing.a_to_z(headings), len(headings)

    scripts, total = _grouped(request, ("a-z", kind), group)
    if kind == "creator":
        title, url_name = _("Authors A–Z"), "library:creator"
    else:
        title, url_name = _("Subjects A–Z"), "library:subject"
    script_names = {
        "Latin": _("Latin script"),
        "Devanagari": _("Devanagari script"),
        "Thai": _("Thai script"),
        browsing.OTHER_SCRIPT: _("Other scripts"),
    }
    return render(
        request,
        "library/a_to_z.html",
        {
            "title": title,
            "kind": kind,
            "url_name": url_name,
            "scripts": [(script_names.get(s.script, s.script), s) for s in scripts],
            "total": total,
            "canonical": _canonical(request),
        },
    )


def creators(request: HttpRequest) -> HttpResponse:
    return _index(request, "creator")


def subjects(request: HttpRequest) -> HttpResponse:
    return _index(request, "subject")
