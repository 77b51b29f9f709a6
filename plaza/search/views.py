"""The search page (/<lang>/search/) and its autocomplete (/<lang>/search/suggest)."""

from __future__ import annotations

from dataclasses import replace

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language

from plaza.search import services
from plaza.search.params import EXPORT_FORMATS, FILTER_PARAMS, from_query_dict, to_query_dict
from plaza.search.presentation import FACET_TITLES
from plaza.search.services import SearchParams, SearchResponse

EXPORT_LIMIT = 200


def _facet_links(params: SearchParams, result: SearchResponse) -> list[dict[str, object]]:
    groups: list[dict[str, object]] = []
    for name, values in result.facets.items():
        if not values:
            continue
        items: list[dict[str, object]] = []
        for value in values:
            if name == "year":
                target = "" if value.selected else value.value
                url = to_query_dict(params, year=target, page=1).urlencode()
            else:
                chosen = list(params.filters.get(name, []))
                chosen = (
                    [v for v in chosen if v != value.value]
                    if value.selected
                    else [*chosen, value.value]
                )
                url = to_query_dict(params, **{name: chosen, "page": 1}).urlencode()
            items.append({"value": value, "url": "?" + url})
        groups.append({"name": name, "title": FACET_TITLES[name], "items": items})
    return groups


def _export_ids(params: SearchParams, request: HttpRequest, result: SearchResponse) -> str:
    """Knowledge-base record numbers of the result set (first EXPORT_LIMIT), for citations."""
    if not result.total:
        return ""
    whole = services.search(
        replace(
            params, page=1, per_page=EXPORT_LIMIT, facets=False, snippets=False, semantic=False
        ),
        request.user,
    )
    return ",".join(str(h.pk) for h in whole.hits if h.model == "library.resource")


def search_page(request: HttpRequest) -> HttpResponse:
    language = (get_language() or "en")[:2]
    params = from_query_dict(request.GET, language)
    result = services.search(params, request.user)
    params = replace(
        params,
        filters={k: v for k, v in result.filters.items() if k in FILTER_PARAMS},
        year_from=result.year_from,
        year_to=result.year_to,
    )
    pages = {
        "previous": "?" + to_query_dict(params, page=result.page - 1).urlencode()
        if result.page > 1
        else "",
        "next": "?" + to_query_dict(params, page=result.page + 1).urlencode()
        if result.page < result.pages
        else "",
    }
    sort_links = {
        sort: "?" + to_query_dict(params, sort=sort, page=1).urlencode() for sort in services.SORTS
    }
    export_ids = _export_ids(params, request, result)
    return render(
        request,
        "search/search.html",
        {
            "params": params,
            "result": result,
            "facet_groups": _facet_links(params, result),
            "pages": pages,
            "sort_links": sort_links,
            "did_you_mean_url": "?"
            + to_query_dict(params, q=result.did_you_mean, page=1).urlencode()
            if result.did_you_mean
            else "",
            "export_ids": export_ids,
            "export_formats": EXPORT_FORMATS,
            "language": language,
            "first_index": (result.page - 1) * result.per_page + 1,
        },
    )


def suggest(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {"suggestions": services.suggest(request.GET.get("q", ""), user=request.user)}
    )
