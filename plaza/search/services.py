"""The search service: one call from a query string to a page of results.

parse -> analyse -> lexical match, BM25 ranking, facet counts -> (fallbacks: fuzzy, any word)
-> optional semantic stage fused by reciprocal rank fusion -> snippets for the page's hits.
The page, the API and the benchmarks all call ``search``.
"""

from __future__ import annotations

import datetime
import math
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from plaza.accounts.rules import is_librarian, is_staff_member
from plaza.search import semantic_bridge
from plaza.search.analysis import detect_language, words
from plaza.search.backends import SearchRequest, get_backend
from plaza.search.backends.base import FACET_NAMES, SearchBackend
from plaza.search.fusion import FusedHit, reciprocal_rank_fusion
from plaza.search.matching import MatchExpression, compile_query
from plaza.search.models import SearchEntry
from plaza.search.presentation import FacetValue, facet_values, year_buckets
from plaza.search.query import ParsedQuery, parse
from plaza.search.snippets import highlight, snippet
from plaza.search.spelling import visibility_check, vocabulary

MAX_PAGE = 1000
SORTS = ("relevance", "newest")


@dataclass
class SearchParams:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 0  # 0: settings.SEARCH_PAGE_SIZE
    semantic: bool = True
    interface_language: str = "en"
    facets: bool = True
    snippets: bool = True
    match: str = "all"  # "any": rank every document with any word (evaluation)


@dataclass
class Hit:
    key: str
    model: str
    pk: int
    title: SafeString
    url: str
    snippet: SafeString
    language: str
    date: datetime.date | None
    facets: dict[str, list[str]]
    score: float
    found_by: str = "lexical"  # "lexical", "semantic" or "both"
    other_language: bool = False


@dataclass
class SearchResponse:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    page: int
    per_page: int
    sort: str
    took_ms: float
    mode: str = "all"  # "all" words, "fuzzy" (typos corrected), "any" word, "browse"
    notices: list[str] = field(default_factory=list)
    did_you_mean: str = ""
    query_language: str = ""
    semantic: str = semantic_bridge.OFF
    filters: dict[str, list[str]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1


def allowed_visibilities(user: Any) -> tuple[str, ...]:
    if user is None or not getattr(user, "is_authenticated", False):
        return ("public",)
    if is_staff_member(user) or is_librarian(user):
        return ("public", "members", "private")
    return ("public", "members")


def _merge_filters(parsed: ParsedQuery, params: SearchParams) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for source in (params.filters, parsed.filters):
        for name, values in source.items():
            if name in FACET_NAMES and name != "year":
                for value in values:
                    value = str(value).strip().lower()[:150]
                    if value and value not in merged.setdefault(name, []):
                        merged[name].append(value)
    return {k: v for k, v in merged.items() if v}


def free_text(parsed: ParsedQuery) -> str:
    return " ".join(c.text for c in parsed.positive_clauses())


def corrected_query(
    parsed: ParsedQuery,
    backend_terms: set[str] | None = None,
    visibilities: tuple[str, ...] = ("public",),
) -> str:
    """The query with each unknown word replaced by the closest vocabulary word ("" if none);
    only words found in records of ``visibilities`` (what the asking user may see)."""
    vocab = vocabulary()
    accept = visibility_check(visibilities)
    changed = False
    pieces: list[str] = []
    for group in parsed.groups:
        texts = []
        for clause in group:
            text = clause.text
            if not clause.phrase and not clause.prefix:
                found = [w for w, _s, _e in words(text, expand_compounds=False)]
                if len(found) == 1:
                    better = vocab.correct(found[0], accept)
                    if better:
                        text, changed = better, True
            texts.append(f'"{text}"' if clause.phrase else text + ("*" if clause.prefix else ""))
        pieces.append(" OR ".join(texts))
    pieces += [f'-"{c.text}"' if c.phrase else f"-{c.text}" for c in parsed.excluded]
    return " ".join(pieces) if changed else ""


class _Searcher:
    def __init__(self, params: SearchParams, user: Any) -> None:
        self.params = params
        self.backend: SearchBackend = get_backend()
        self.parsed = parse(params.q)
        self.filters = _merge_filters(self.parsed, params)
        self.year_from = self.parsed.year_from if self.parsed.year_from else params.year_from
        self.year_to = self.parsed.year_to if self.parsed.year_to else params.year_to
        self.visibilities = allowed_visibilities(user)
        self.per_page = max(1, min(params.per_page or settings.SEARCH_PAGE_SIZE, 100))
        self.page = max(1, min(params.page, MAX_PAGE))
        self.sort = params.sort if params.sort in SORTS else "relevance"

    def request(
        self, expression: MatchExpression, limit: int, offset: int, facets: bool
    ) -> SearchRequest:
        return SearchRequest(
            expression=expression,
            visibilities=self.visibilities,
            filters=self.filters,
            year_from=self.year_from,
            year_to=self.year_to,
            sort=self.sort,
            limit=limit,
            offset=offset,
            facets=FACET_NAMES if facets else (),
        )

    def entries(self) -> QuerySet[SearchEntry]:
        """Hits are shown from their current row, visibility checked again (the in-memory
        facet columns of a large index may be a few seconds older than the database)."""
        return SearchEntry.objects.filter(visibility__in=self.visibilities)

    def count(self, query: str) -> int:
        expression, _dropped = compile_query(parse(query))
        if expression.is_empty:
            return 0
        return self.backend.search(self.request(expression, 0, 0, False)).total


def search(params: SearchParams, user: Any = None) -> SearchResponse:
    started = time.perf_counter()
    s = _Searcher(params, user)
    notices = list(s.parsed.notices)
    expression, dropped = compile_query(s.parsed)
    if params.match == "any":
        expression = expression.as_any_word()
    text = free_text(s.parsed)
    query_language = detect_language(text, default=params.interface_language) if text else ""
    mode = "browse" if expression.is_empty else ("any" if expression.any_word else "all")
    if dropped and expression.is_empty and s.parsed.groups:
        notices.append(_("Only very common words were typed; showing the newest documents."))
    use_semantic = params.semantic and s.sort == "relevance" and bool(text)
    offset = (s.page - 1) * s.per_page
    lexical_limit = (
        max(settings.SEARCH_LEXICAL_CANDIDATES, offset + s.per_page) if use_semantic else s.per_page
    )
    lexical_offset = 0 if use_semantic else offset
    result = s.backend.search(s.request(expression, lexical_limit, lexical_offset, params.facets))
    did_you_mean = ""
    if result.total == 0 and not expression.is_empty:
        correction = corrected_query(s.parsed, visibilities=s.visibilities)
        if correction:
            fuzzy, _d = compile_query(parse(correction))
            retry = s.backend.search(s.request(fuzzy, lexical_limit, lexical_offset, params.facets))
            if retry.total:
                result, expression, mode = retry, fuzzy, "fuzzy"
                notices.append(
                    _("No results for “%(query)s”; showing results for “%(correction)s”.")
                    % {"query": text, "correction": correction}
                )
        if result.total == 0 and len(expression.required) > 1 and not expression.any_word:
            expression = expression.as_any_word()
            retry = s.backend.search(
                s.request(expression, lexical_limit, lexical_offset, params.facets)
            )
            if retry.total:
                result, mode = retry, "any"
                notices.append(
                    _("No document has all the words; showing documents with any of them.")
                )
    elif mode == "all" and result.total < 3:
        correction = corrected_query(s.parsed, visibilities=s.visibilities)
        if correction and s.count(correction) > result.total:
            did_you_mean = correction

    semantic_state = semantic_bridge.OFF if not params.semantic else semantic_bridge.ON
    passages: list[Any] = []
    if use_semantic:
        semantic_state, passages = semantic_bridge.search_passages(
            text,
            limit=settings.SEARCH_SEMANTIC_CANDIDATES,
            languages=s.filters.get("lang") or None,
        )
    elif params.semantic and text and s.sort == "relevance":
        semantic_state = semantic_bridge.UNAVAILABLE

    lexical_keys_ids = result.hits
    entries_by_id: dict[int, SearchEntry] = {}
    total = result.total
    facet_counts = result.facets
    page_items: list[tuple[SearchEntry, float, FusedHit | None]] = []
    if passages:
        lexical_entries = s.entries().in_bulk([i for i, _sc in lexical_keys_ids])
        entries_by_id.update(lexical_entries)
        lexical_hits = [lexical_entries[i] for i, _sc in lexical_keys_ids if i in lexical_entries]
        fused = reciprocal_rank_fusion(
            [e.key for e in lexical_hits],
            passages,
            k=settings.SEARCH_RRF_K,
            lexical_weight=settings.SEARCH_RRF_LEXICAL_WEIGHT,
            semantic_weight=settings.SEARCH_RRF_SEMANTIC_WEIGHT,
            lexical_languages=[e.language for e in lexical_hits],
            query_language=query_language,
            other_language_lexical_weight=settings.SEARCH_RRF_OTHER_LANGUAGE_LEXICAL_WEIGHT,
        )
        semantic_only = [h.key for h in fused if h.lexical_rank is None]
        allowed = _filtered_entries(s, semantic_only)
        fused = [h for h in fused if h.lexical_rank is not None or h.key in allowed]
        by_key = {e.key: e for e in entries_by_id.values()} | allowed
        extra = [allowed[h.key] for h in fused if h.lexical_rank is None]
        total = result.total + len(extra)
        if params.facets:
            facet_counts = _add_facets(facet_counts, extra)
        window = fused[offset : offset + s.per_page]
        page_items = [(by_key[h.key], h.score, h) for h in window]
        if len(window) < s.per_page and offset + len(window) < total:
            # Past the fused candidates: continue in lexical order.
            lexical_offset = offset + len(window) - len(extra)
            more = s.backend.search(
                s.request(expression, s.per_page - len(window), lexical_offset, False)
            )
            more_entries = s.entries().in_bulk([i for i, _sc in more.hits])
            page_items += [(more_entries[i], sc, None) for i, sc in more.hits if i in more_entries]
    else:
        entries = s.entries().in_bulk([i for i, _sc in lexical_keys_ids])
        page_items = [(entries[i], sc, None) for i, sc in lexical_keys_ids if i in entries]

    terms, prefixes = expression.positive_terms(), expression.prefixes()
    hits = [
        _hit(entry, score, fused_hit, terms, prefixes, query_language, params.snippets)
        for entry, score, fused_hit in page_items
    ]
    facets = _present_facets(facet_counts, s) if params.facets else {}
    return SearchResponse(
        query=params.q,
        total=total,
        hits=hits,
        facets=facets,
        page=s.page,
        per_page=s.per_page,
        sort=s.sort,
        took_ms=(time.perf_counter() - started) * 1000,
        mode=mode,
        notices=notices,
        did_you_mean=did_you_mean,
        query_language=query_language,
        semantic=semantic_state,
        filters=s.filters,
        year_from=s.year_from,
        year_to=s.year_to,
    )


def _filtered_entries(s: _Searcher, keys: list[str]) -> dict[str, SearchEntry]:
    """Entries of semantic-only hits that pass visibility and every filter."""
    if not keys:
        return {}
    entries = SearchEntry.objects.filter(key__in=keys, visibility__in=s.visibilities)
    if s.year_from is not None:
        entries = entries.filter(year__gte=s.year_from)
    if s.year_to is not None:
        entries = entries.filter(year__lte=s.year_to)
    for name, values in s.filters.items():
        entries = entries.filter(facet_rows__name=name, facet_rows__value__in=values)
    return {e.key: e for e in entries.distinct()}


def _entry_facets(entry: SearchEntry) -> dict[str, set[str]]:
    values = {k: {str(v).lower() for v in vs} for k, vs in entry.facets.items()}
    values["lang"] = {entry.language} if entry.language else set()
    values["year"] = {str(entry.year)} if entry.year else set()
    return values


def _add_facets(
    counts: dict[str, dict[str, int]], extra: list[SearchEntry]
) -> dict[str, dict[str, int]]:
    merged = {name: dict(values) for name, values in counts.items()}
    for entry in extra:
        for name, values in _entry_facets(entry).items():
            if name in merged:
                for value in values:
                    merged[name][value] = merged[name].get(value, 0) + 1
    return merged


def _present_facets(counts: dict[str, dict[str, int]], s: _Searcher) -> dict[str, list[FacetValue]]:
    facets: dict[str, list[FacetValue]] = {}
    for name in FACET_NAMES:
        if name == "year":
            facets[name] = year_buckets(counts.get(name, {}), s.year_from, s.year_to)
        else:
            facets[name] = facet_values(name, counts.get(name, {}), s.filters.get(name, []))
    return facets


def _hit(
    entry: SearchEntry,
    score: float,
    fused: FusedHit | None,
    terms: set[str],
    prefixes: set[str],
    query_language: str,
    with_snippet: bool,
) -> Hit:
    found_by = "lexical"
    other_language = False
    if fused is not None and fused.lexical_rank is None:
        found_by = "semantic"
        text = fused.passage
        language = fused.passage_language or entry.language
        other_language = bool(query_language) and language != query_language
    else:
        if fused is not None and fused.semantic_rank is not None:
            found_by = "both"
        text, language = entry.snippet_source, entry.language
    return Hit(
        key=entry.key,
        model=entry.model,
        pk=entry.object_pk,
        title=highlight(entry.title, entry.language, terms, prefixes)
        if with_snippet
        else SafeString(escape(entry.title)),
        url=entry.url,
        snippet=snippet(text, language, terms, prefixes) if with_snippet else SafeString(""),
        language=entry.language,
        date=entry.date,
        facets=entry.facets,
        score=round(score, 6),
        found_by=found_by,
        other_language=other_language,
    )


def suggest(prefix: str, limit: int = 8, user: Any = None) -> list[str]:
    """Completions from what ``user`` may see (anonymous: public records only)."""
    return get_backend().suggest(
        prefix[:100], limit=max(1, min(limit, 20)), visibilities=allowed_visibilities(user)
    )
