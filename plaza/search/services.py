"""The search service: one call from a query string to a page of results.

One pass: parse -> candidates (records matching the words, with the typo correction or
any-word fallback decided here when nothing matches; records near in meaning above the
similarity floor, minus exclusions) -> fuse (plaza.search.fusion) -> filters, total,
facet counts and the page, all computed on that one fused set (plaza.search.columns) ->
snippets for the page's hits. So every count is what a click on it gives. The page, the
API and the benchmarks all call ``search``.
"""

from __future__ import annotations

import datetime
import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from plaza.accounts.rules import is_librarian, is_staff_member
from plaza.core.types import User
from plaza.search import columns, registry, semantic_bridge
from plaza.search.analysis import detect_query_language, terms, words
from plaza.search.analysis.normalize import fold_accents, fold_case
from plaza.search.backends import SearchRequest, get_backend
from plaza.search.backends.base import FACET_NAMES, SearchBackend
from plaza.search.fusion import FusedHit, fuse_arrays
from plaza.search.matching import MatchExpression, compile_query, phrase_expression
from plaza.search.models import SearchEntry
from plaza.search.presentation import FacetValue, facet_values, year_buckets
from plaza.search.query import VALUE_FIELDS, ParsedQuery, parse
from plaza.search.snippets import highlight, snippet
from plaza.search.spelling import visibility_check, vocabulary

MAX_PAGE = 1000
SORTS = ("relevance", "newest")
# Filters on a record's own values (author:, keyword:, series:), matched by words.
VALUE_FILTERS = tuple(dict.fromkeys(VALUE_FIELDS.values()))


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
    # True: language versions of one work are one hit (the reader's version first), counted
    # once in the total and the facets; the hit lists the others (``Hit.versions``).
    collapse_versions: bool = False
    match: str = "all"  # "any": rank every document with any word (evaluation)
    # "all": the coordination rule (plaza.search.matching.required_count); "every": every
    # word required (the behaviour before coordination, for evaluation)


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
    # With ``collapse_versions``: the work's other language versions the user may see,
    # as (language, url) pairs.
    versions: list[tuple[str, str]] = field(default_factory=list)


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


def allowed_visibilities(user: User | None) -> tuple[str, ...]:
    """What ``user`` may see: the library's levels, then what other apps grant (registry)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ("public",)
    if is_staff_member(user) or is_librarian(user):
        return ("public", "members", "private", *registry.extra_visibilities(user))
    return ("public", "members", *registry.extra_visibilities(user))


def _merge_filters(parsed: ParsedQuery, params: SearchParams) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for source in (params.filters, parsed.filters):
        for name, values in source.items():
            if (name in FACET_NAMES and name != "year") or name in VALUE_FILTERS:
                for value in values:
                    value = str(value).strip().lower()[:150]
                    if value and value not in merged.setdefault(name, []):
                        merged[name].append(value)
    return {k: v for k, v in merged.items() if v}


def free_text(parsed: ParsedQuery) -> str:
    return " ".join(c.text for c in parsed.positive_clauses())


def corrected_query(
    parsed: ParsedQuery, max_distance: int = 2, visibilities: tuple[str, ...] = ("public",)
) -> str:
    """The query with each unknown word replaced by the closest vocabulary word ("" if none);
    only words found in records of ``visibilities`` (what the asking user may see).

    ``max_distance`` 1: only corrections one edit away (what is applied without asking)."""
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
                    better = vocab.correct(found[0], accept, max_distance)
                    if better:
                        text, changed = better, True
            texts.append(f'"{text}"' if clause.phrase else text + ("*" if clause.prefix else ""))
        pieces.append(" OR ".join(texts))
    pieces += [f'-"{c.text}"' if c.phrase else f"-{c.text}" for c in parsed.excluded]
    return " ".join(pieces) if changed else ""


class _Searcher:
    def __init__(self, params: SearchParams, user: User | None) -> None:
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
        self.notices: list[str] = list(self.parsed.notices)
        self.match_filters = self._resolve_filters()

    def _resolve_filters(self) -> dict[str, list[str]]:
        """The filters as the index knows them: author:, keyword: and series: become the
        index values containing every typed word; a value no record has gets a notice
        (``type:report`` when no record is of type "report"), and still filters (to none)."""
        table = columns.current()
        resolved: dict[str, list[str]] = {}
        for name, values in self.filters.items():
            facet = table.facets.get(name)
            known = facet.values if facet is not None else []
            if name in VALUE_FILTERS:
                chosen = [v for v in known if any(_contains_words(v, typed) for typed in values)]
                if not chosen:
                    self.notices.append(
                        _("No record matches %(filter)s.")
                        % {"filter": f"{name}:“{', '.join(values)}”"}
                    )
                resolved[name] = chosen or ["\x00none"]
                continue
            unknown = [v for v in values if v not in known]
            if unknown and table.size:
                examples = ", ".join(sorted(known)[:12])
                self.notices.append(
                    _("No record matches %(filter)s. Values in use: %(values)s.")
                    % {"filter": f"{name}:{','.join(unknown)}", "values": examples or "–"}
                )
            resolved[name] = values
        return resolved

    def request(self, match_filters: bool, limit: int, offset: int, facets: bool) -> SearchRequest:
        return SearchRequest(
            expression=MatchExpression(),
            visibilities=self.visibilities,
            filters=self.match_filters if match_filters else self.filters,
            year_from=self.year_from,
            year_to=self.year_to,
            sort=self.sort,
            limit=limit,
            offset=offset,
            facets=FACET_NAMES if facets else (),
            collapse_language=self.params.interface_language
            if self.params.collapse_versions
            else None,
        )

    def entries(self) -> QuerySet[SearchEntry]:
        """Hits are shown from their current row, visibility checked again (the in-memory
        facet columns of a large index may be a few seconds older than the database)."""
        return SearchEntry.objects.filter(visibility__in=self.visibilities)


def _contains_words(value: str, typed: str) -> bool:
    """Every word of ``typed`` is a word of ``value`` (case and accents folded)."""
    have = {fold_accents(w) for w, _s, _e in words(fold_case(value), expand_compounds=False)}
    want = [fold_accents(w) for w, _s, _e in words(fold_case(typed), expand_compounds=False)]
    return bool(want) and all(w in have for w in want)


@dataclass
class _Candidates:
    """Everything the one pass found before counting."""

    ids: columns.Ints | None  # None: every record (browse)
    scores: columns.Floats
    lexical: set[int] = field(default_factory=set)
    meaning: dict[int, FusedHit] = field(default_factory=dict)  # entry id -> its fused hit


def _lexical_candidates(
    s: _Searcher, expression: MatchExpression, query_language: str
) -> tuple[columns.Ints, columns.Floats, MatchExpression, str]:
    """Records matching the words; when none does, a typo correction one edit away, then
    any of the words. Decided before anything is counted."""
    ids, scores = s.backend.match(expression)
    mode = "any" if expression.any_word else "all"
    if ids.size or expression.is_empty:
        return ids, scores, expression, mode
    text = free_text(s.parsed)
    correction = corrected_query(s.parsed, max_distance=1, visibilities=s.visibilities)
    if correction:
        fuzzy, _d = compile_query(parse(correction), query_language)
        found = s.backend.match(fuzzy)
        if found[0].size:
            s.notices.append(
                _("No results for “%(query)s”; showing results for “%(correction)s”.")
                % {"query": text, "correction": correction}
            )
            return found[0], found[1], fuzzy, "fuzzy"
    if expression.needed > 1:
        broader = expression.as_any_word()
        found = s.backend.match(broader)
        if found[0].size:
            s.notices.append(
                _("No document has all the words; showing documents with any of them.")
            )
            return found[0], found[1], broader, "any"
    return ids, scores, expression, mode


def _excluded_ids(s: _Searcher, expression: MatchExpression) -> columns.Ints:
    if not expression.excluded:
        return np.zeros(0, dtype=np.int64)
    return s.backend.match(MatchExpression([list(expression.excluded)]))[0]


def _meaning_candidates(
    s: _Searcher, text: str, excluded: columns.Ints
) -> tuple[str, list[tuple[int, float, Any]]]:
    """(state, [(entry id, margin, passage)]) best first: the records nearest in meaning,
    exclusions removed. The margin is the passage's similarity minus the query's median
    similarity over the library (what the floor is compared with); -1 when the model reads
    the query as nonsense, the similarity itself is below ``SEARCH_SEMANTIC_MIN_SIMILARITY``
    or the contrast (the margin measured with what sets the query apart from random
    letters, plaza.search.semantic.index) is below ``SEARCH_SEMANTIC_MIN_CONTRAST``: such a
    record is kept only if its words match. Filters are not applied here: they narrow the
    fused set."""
    state, passages = semantic_bridge.search_passages(
        text, limit=settings.SEARCH_SEMANTIC_CANDIDATES, languages=None
    )
    if not passages:
        return state, []
    keys = [f"{p.model}:{p.pk}" for p in passages]
    ids = dict(SearchEntry.objects.filter(key__in=keys).values_list("key", "id"))
    drop = set(excluded.tolist())
    found = []
    for key, passage in zip(keys, passages, strict=True):
        entry_id = ids.get(key)
        if entry_id is not None and entry_id not in drop:
            margin = float(passage.score) - float(getattr(passage, "baseline", 0.0))
            if not getattr(passage, "readable", True):
                margin = -1.0  # nonsense to the model: never a meaning-only match
            elif float(passage.score) < settings.SEARCH_SEMANTIC_MIN_SIMILARITY:
                margin = -1.0  # not close enough in absolute terms: never meaning-only
            elif float(getattr(passage, "contrast", 1.0)) < settings.SEARCH_SEMANTIC_MIN_CONTRAST:
                margin = -1.0  # close only as any string of letters is: never meaning-only
            found.append((int(entry_id), margin, passage))
    return state, found


def search(params: SearchParams, user: User | None = None) -> SearchResponse:
    started = time.perf_counter()
    s = _Searcher(params, user)
    text = free_text(s.parsed)
    query_language = detect_query_language(text, default=params.interface_language) if text else ""
    expression, dropped = compile_query(s.parsed, query_language or params.interface_language)
    if params.match == "any":
        expression = expression.as_any_word()
    elif params.match == "every":
        expression = expression.as_all_words()
    if dropped and expression.is_empty and s.parsed.groups:
        s.notices.append(_("Only very common words were typed; showing the newest documents."))

    # 1. Candidates: word matches, then meaning matches (same for every filter and facet).
    mode = "browse"
    excluded = _excluded_ids(s, expression)
    if expression.is_empty:
        ids: columns.Ints | None = None
        scores = np.zeros(0, dtype=np.float64)
        if excluded.size:  # "-plastic" alone: every record without the word
            ids = np.setdiff1d(columns.current().ids, excluded)
            scores = np.zeros(ids.shape[0], dtype=np.float64)
    else:
        ids, scores, expression, mode = _lexical_candidates(s, expression, query_language)
    exact = any(c.phrase or c.prefix or c.field for c in s.parsed.positive_clauses())
    use_semantic = params.semantic and s.sort == "relevance" and bool(text)
    semantic_state = semantic_bridge.OFF if not params.semantic else semantic_bridge.ON
    meaning: list[tuple[int, float, Any]] = []
    if use_semantic:
        semantic_state, meaning = _meaning_candidates(s, text, excluded)
    elif params.semantic and text and s.sort == "relevance":
        semantic_state = semantic_bridge.UNAVAILABLE

    # 2. Fusion.
    candidates = _Candidates(ids, scores)
    if ids is not None:
        candidates.lexical = set(ids.tolist()) if meaning else set()
    if meaning and ids is not None:
        candidates = _fuse(s, expression, ids, scores, meaning, query_language, exact)

    # 3. Filters, total, facet counts and the page: on the one fused set.
    offset = (s.page - 1) * s.per_page
    result = columns.evaluate(
        s.request(True, s.per_page, offset, params.facets),
        None if candidates.ids is None else (candidates.ids, candidates.scores),
    )
    did_you_mean = ""
    if not expression.is_empty and mode in ("all", "any") and result.total < 3:
        correction = corrected_query(s.parsed, visibilities=s.visibilities)
        if correction:
            fixed, _d = compile_query(parse(correction), query_language)
            if s.backend.match(fixed)[0].size > result.total:
                did_you_mean = correction

    # 4. The page's hits and snippets.
    entries = s.entries().in_bulk([i for i, _sc in result.hits])
    terms, prefixes = expression.positive_terms(), expression.prefixes()
    hits = [
        _hit(
            entries[i],
            score,
            candidates.meaning.get(i),
            terms,
            prefixes,
            query_language,
            params.snippets,
            i in candidates.lexical,
        )
        for i, score in result.hits
        if i in entries
    ]
    if params.collapse_versions:
        _add_versions(s, hits)
    if result.total == 0 and text:
        s.notices.append(_("Nothing was found for “%(query)s”.") % {"query": text})
    facets = _present_facets(result.facets, s) if params.facets else {}
    return SearchResponse(
        query=params.q,
        total=result.total,
        hits=hits,
        facets=facets,
        page=s.page,
        per_page=s.per_page,
        sort=s.sort,
        took_ms=(time.perf_counter() - started) * 1000,
        mode=mode,
        notices=s.notices,
        did_you_mean=did_you_mean,
        query_language=query_language,
        semantic=semantic_state,
        filters=s.filters,
        year_from=s.year_from,
        year_to=s.year_to,
    )


def _fuse(
    s: _Searcher,
    expression: MatchExpression,
    ids: columns.Ints,
    scores: columns.Floats,
    meaning: list[tuple[int, float, Any]],
    query_language: str,
    exact: bool,
) -> _Candidates:
    """Word and meaning candidates in one ranking (plaza.search.fusion.fuse_arrays).

    Evidence first: records whose title has the query's words as an exact phrase, then
    records with every query word in the title, then records with the query's words as an
    exact phrase elsewhere (for one word: every word match), then the rest by reciprocal
    rank fusion. A record found by meaning alone must reach the similarity floor
    and is left out when the query asks for the words themselves (a phrase, a prefix, a
    field)."""
    table = columns.current()
    rows, found = table.rows_of(ids)
    lang = table.facets.get("lang")
    languages = np.full(ids.shape[0], "", dtype=object)
    if lang is not None and lang.dense is not None:
        codes = np.where(found, lang.dense[rows], -1)
        names = np.array([*lang.values, ""], dtype=object)
        languages = names[np.where(codes >= 0, codes, len(lang.values))]
    dates = np.where(found, table.date[rows], 0)
    title = s.backend.match(expression.as_all_words().in_field("title"))[0] if ids.size else ids
    title_phrase = title
    if len(expression.required) == 1 and not expression.any_word:
        in_phrase = ids  # one word (or one OR group): every word match is an exact match
    else:
        phrase = phrase_expression(s.parsed, expression, query_language)
        in_phrase = s.backend.match(phrase)[0] if phrase is not None and ids.size else ids
        if phrase is not None and title.size:
            title_phrase = s.backend.match(phrase.in_field("title"))[0]
    tiers = np.select(
        [np.isin(ids, title_phrase), np.isin(ids, title), np.isin(ids, in_phrase)], [3, 2, 1], 0
    ).astype(np.int64)
    coverage = _title_coverage(ids, tiers, expression)
    fused_ids, fused_scores, semantic_ranks = fuse_arrays(
        ids,
        scores,
        dates,
        [(entry_id, score) for entry_id, score, _p in meaning],
        tiers=tiers,
        title_coverage=coverage,
        lexical_languages=languages,
        query_language=query_language,
        k=settings.SEARCH_RRF_K,
        lexical_weight=settings.SEARCH_RRF_LEXICAL_WEIGHT,
        semantic_weight=settings.SEARCH_RRF_SEMANTIC_WEIGHT,
        other_language_lexical_weight=settings.SEARCH_RRF_OTHER_LANGUAGE_LEXICAL_WEIGHT,
        floor=None if exact else settings.SEARCH_SEMANTIC_FLOOR,
    )
    lexical = set(ids.tolist())
    by_id = {entry_id: passage for entry_id, _score, passage in meaning}
    hits = {
        entry_id: FusedHit(
            key=f"{by_id[entry_id].model}:{by_id[entry_id].pk}",
            score=0.0,
            lexical_rank=1 if entry_id in lexical else None,
            semantic_rank=rank,
            passage=by_id[entry_id].passage,
            passage_language=by_id[entry_id].language,
        )
        for entry_id, rank in semantic_ranks.items()
    }
    return _Candidates(fused_ids, fused_scores, lexical, hits)


def _add_versions(s: _Searcher, hits: list[Hit]) -> None:
    """Each hit's other language versions that the user may see (one query for the page)."""
    groups = {
        entry.key: entry.group
        for entry in s.entries().filter(key__in=[h.key for h in hits]).exclude(group="")
    }
    if not groups:
        return
    shown = {h.key for h in hits}
    siblings: dict[str, list[tuple[str, str]]] = {}
    rows = (
        s.entries()
        .filter(group__in=set(groups.values()))
        .exclude(key__in=shown)
        .order_by("language", "key")
        .values_list("group", "language", "url")
    )
    for group, language, url in rows:
        siblings.setdefault(group, []).append((language, url))
    for hit in hits:
        hit.versions = siblings.get(groups.get(hit.key, ""), [])


# Title coverage is computed for at most this many title matches (a very common word in
# many titles: the reciprocal-rank order is kept among them).
TITLE_COVERAGE_LIMIT = 300


def _title_coverage(
    ids: columns.Ints, tiers: npt.NDArray[np.int64], expression: MatchExpression
) -> npt.NDArray[np.float64] | None:
    """For each record with the query's words in its title: the share of the title's words
    (index terms, stop words left out) that are query words; 0 for the others."""
    in_title = ids[tiers >= 2]
    if not in_title.size or in_title.size > TITLE_COVERAGE_LIMIT:
        return None
    wanted = expression.positive_terms()
    shares: dict[int, float] = {}
    rows = SearchEntry.objects.filter(id__in=in_title.tolist()).values_list(
        "id", "title", "language"
    )
    for entry_id, title, language in rows:
        have = set(terms(title, language or "en"))
        shares[entry_id] = len(have & wanted) / len(have) if have else 0.0
    return np.array([shares.get(i, 0.0) for i in ids.tolist()], dtype=np.float64)


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
    lexical: bool = True,
) -> Hit:
    found_by = "lexical"
    other_language = False
    if fused is not None and not lexical:
        found_by = "semantic"
        text = fused.passage
        language = fused.passage_language or entry.language
        other_language = bool(query_language) and language != query_language
    else:
        if fused is not None:
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


def suggest(prefix: str, limit: int = 8, user: User | None = None) -> list[str]:
    """Completions from what ``user`` may see (anonymous: public records only)."""
    return get_backend().suggest(
        prefix[:100], limit=max(1, min(limit, 20)), visibilities=allowed_visibilities(user)
    )


# One query per script the analysis treats differently (word lists, Thai segmentation).
_WARM_UP_QUERIES = ("informal workers", "vendedores ambulantes", "ผู้ค้าแผงลอย", "घरेलू कामगार")


def warm_up() -> None:
    """Load what a process's first searches load: the index columns and postings, the
    analysis dictionaries, and (semantic search on) the language model and the vectors."""
    for q in _WARM_UP_QUERIES:
        search(SearchParams(q=q, facets=False, snippets=False))
