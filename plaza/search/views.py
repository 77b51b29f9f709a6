"""The search page (/<lang>/search/) and its autocomplete (/<lang>/search/suggest)."""

from __future__ import annotations

from dataclasses import replace

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language

from plaza.search import registry, services
from plaza.search.params import EXPORT_FORMATS, FILTER_PARAMS, from_query_dict, to_query_dict
from plaza.search.presentation import (
    FACET_TITLES,
    facet_label,
    format_duration,
    localized_url,
)
from plaza.search.services import Hit, SearchParams, SearchResponse


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


def present_hit(hit: Hit, language: str) -> dict[str, object]:
    """A hit as the page shows it: its link in the reader's language, its labels translated."""
    facets = hit.facets
    kind = facets["kind"][0] if facets.get("kind") else ""
    own_language = registry.versions_are_interface_languages(kind)
    return {
        "hit": hit,
        "url": localized_url(hit.url, language) if hit.url else "",
        "kind": facet_label("kind", facets["kind"][0]) if facets.get("kind") else "",
        "types": [facet_label("type", value) for value in facets.get("type", [])],
        "places": [facet_label("city", value) for value in facets.get("city", [])]
        or [facet_label("country", value) for value in facets.get("country", [])],
        "versions": [
            (code, facet_label("lang", code), url if own_language else localized_url(url, language))
            for code, url in hit.versions
        ],
    }


def _with_attachments(items: list[dict[str, object]], user: object) -> list[dict[str, object]]:
    """Each hit's attachments (a resource's files), read once per kind of record for the
    page, only what the reader may see (plaza.search.registry.register_attachments)."""
    by_model: dict[str, list[int]] = {}
    for item in items:
        hit = item["hit"]
        assert isinstance(hit, Hit)
        by_model.setdefault(hit.model, []).append(hit.pk)
    for model, pks in by_model.items():
        registered = registry.attachments_for(model)
        if registered is None:
            continue
        loader, template = registered
        found = loader(pks, user)
        for item in items:
            hit = item["hit"]
            assert isinstance(hit, Hit)
            if hit.model == model and found.get(hit.pk):
                item["attachments"] = found[hit.pk]
                item["attachments_template"] = template
    return items


def _applied_filters(params: SearchParams) -> list[dict[str, str]]:
    """Every filter in force, with the link that removes it (the bar above the results)."""
    applied: list[dict[str, str]] = []
    for name, values in params.filters.items():
        for value in values:
            rest = [v for v in values if v != value]
            applied.append(
                {
                    "title": str(FACET_TITLES.get(name, name)),
                    "label": facet_label(name, value),
                    "remove": "?" + to_query_dict(params, **{name: rest, "page": 1}).urlencode(),
                }
            )
    if params.year_from or params.year_to:
        applied.append(
            {
                "title": str(FACET_TITLES["year"]),
                "label": f"{params.year_from or ''}–{params.year_to or ''}"
                if params.year_from != params.year_to
                else str(params.year_from),
                "remove": "?" + to_query_dict(params, year="", page=1).urlencode(),
            }
        )
    return applied


def search_page(request: HttpRequest) -> HttpResponse:
    language = (get_language() or "en")[:2]
    # The page shows a work once, in the reader's language first (docs/user/search.md).
    params = replace(from_query_dict(request.GET, language), collapse_versions=True)
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
    # The export links and the saved search carry the page's own parameters (not its page
    # number): the knowledge base runs this same search for them (the fused result list).
    same_search = to_query_dict(params, page=1).urlencode()
    return render(
        request,
        "search/search.html",
        {
            "params": params,
            "result": result,
            "facet_groups": _facet_links(params, result),
            "hits": _with_attachments(
                [present_hit(hit, language) for hit in result.hits], request.user
            ),
            "applied_filters": _applied_filters(params),
            "clear_filters": "?"
            + to_query_dict(
                params, year="", page=1, **{name: [] for name in FILTER_PARAMS}
            ).urlencode(),
            "took": format_duration(result.took_ms),
            "pages": pages,
            "sort_links": sort_links,
            "did_you_mean_url": "?"
            + to_query_dict(params, q=result.did_you_mean, page=1).urlencode()
            if result.did_you_mean
            else "",
            "same_search": same_search,
            "export_formats": EXPORT_FORMATS,
            "language": language,
            "first_index": (result.page - 1) * result.per_page + 1,
            "kinds": sorted((code, str(label)) for code, label in registry.kinds().items()),
        },
    )


def suggest(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {"suggestions": services.suggest(request.GET.get("q", ""), user=request.user)}
    )
