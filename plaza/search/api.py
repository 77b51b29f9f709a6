"""Search API: GET /api/search (same parameters and results as the page) and /api/search/suggest."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Query, Router, Schema
from pydantic import Field

from plaza.core.api_types import Page
from plaza.search import services
from plaza.search.params import from_query_dict
from plaza.search.presentation import facet_label, localized_url

PREFIX = "/search"
router = Router(tags=["search"])


class HitOut(Schema):
    key: str
    model: str
    pk: int
    title: str  # HTML: matched words in <mark>, everything else escaped
    url: str  # the record's page in the request's interface language
    kind: str  # what the record is ("resource", "organization", "activity", ...)
    kind_label: str  # its name in the interface language
    snippet: str  # HTML, as title
    language: str
    date: datetime.date | None
    facets: dict[str, list[str]]
    score: float
    found_by: str  # lexical, semantic or both
    other_language: bool


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchOut(Schema):
    query: str
    total: int
    page: int
    per_page: int
    pages: int
    sort: str
    took_ms: float
    mode: str  # all, fuzzy, any or browse
    notices: list[str]
    did_you_mean: str
    query_language: str
    semantic: str  # on, off or unavailable
    hits: list[HitOut]
    facets: dict[str, list[FacetValueOut]]


class SuggestOut(Schema):
    suggestions: list[str]


@router.get("", response=SearchOut, summary="Search Plaza")
def search(
    request: HttpRequest,
    q: str = "",
    type: list[str] = Query(default=[]),  # noqa: B008
    lang: list[str] = Query(default=[]),  # noqa: B008
    sector: list[str] = Query(default=[]),  # noqa: B008
    city: list[str] = Query(default=[]),  # noqa: B008
    country: list[str] = Query(default=[]),  # noqa: B008
    kind: list[str] = Query(default=[]),  # noqa: B008
    year: str = "",
    sort: str = "relevance",
    page: Page = 1,
    per_page: Annotated[int, Field(ge=1, le=100)] = 10,
    semantic: bool = True,
) -> dict[str, object]:
    """Words (all required), "phrases", -exclusions, OR, prefix*, and filters (kind, type,
    lang, sector, city, country: repeat a parameter to select several values; year: 2015..2019).
    Facet counts cover the whole result set; snippets highlight matched words with <mark>.
    ``semantic`` adds results found by meaning in other languages when the site has it."""
    language = (get_language() or "en")[:2]
    params = from_query_dict(request.GET, language)
    params.per_page = per_page
    params.semantic = semantic
    result = services.search(params, request.user)
    return {
        **{
            k: getattr(result, k)
            for k in SearchOut.model_fields
            if k not in ("hits", "facets", "pages")
        },
        "pages": result.pages,
        "hits": [
            vars(hit)
            | {
                "title": str(hit.title),
                "snippet": str(hit.snippet),
                "url": localized_url(hit.url, language),
                "kind": (hit.facets.get("kind") or [""])[0],
                "kind_label": facet_label("kind", hit.facets["kind"][0])
                if hit.facets.get("kind")
                else "",
            }
            for hit in result.hits
        ],
        "facets": {name: [vars(v) for v in values] for name, values in result.facets.items()},
    }


@router.get("/suggest", response=SuggestOut, summary="Autocomplete words and titles")
def suggest(
    request: HttpRequest, q: str = "", limit: Annotated[int, Field(ge=1, le=50)] = 8
) -> dict[str, list[str]]:
    return {"suggestions": services.suggest(q, limit, request.user)}
