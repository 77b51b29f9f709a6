"""The backend interface (a typed Protocol) and what every backend shares.

A backend stores one ``SearchEntry`` per record (what a hit shows), its facet rows, the
vocabulary, and its own term index (FTS5 table or tsvector column). Search requests arrive
already analysed (a ``MatchExpression``); a backend matches, ranks, counts and facets.
"""

# ruff: noqa: S608 -- table names are module constants; every value is a bound parameter.

from __future__ import annotations

import hashlib
import json
import multiprocessing
from collections import Counter, OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from django.conf import settings
from django.db import connection
from django.utils import timezone

from plaza.search import columns
from plaza.search.analysis import Token, analyze, detect_language
from plaza.search.analysis.normalize import fold_case, script_of
from plaza.search.matching import Alternative, MatchExpression
from plaza.search.models import SearchEntry, SearchFacet
from plaza.search.registry import SearchDocument

FACET_NAMES = ("kind", "type", "lang", "sector", "city", "country", "year")
ENTRY = "search_searchentry"
FACET = "search_searchfacet"
TERM = "search_searchterm"

# (index version, visibilities, term) -> whether a visible entry holds the term.
_visible_cache: dict[tuple[str, tuple[str, ...], str], bool] = {}
VISIBLE_CACHE_SIZE = 50_000


@dataclass
class AnalysedDocument:
    document: SearchDocument
    language: str
    title_text: str
    keywords_text: str
    body_text: str
    title: list[Token]
    keywords: list[Token]
    body: list[Token]


@dataclass
class PreparedDocument:
    """A document analysed for one backend: small and picklable (strings only)."""

    document: SearchDocument
    language: str
    terms: Any  # the backend's term payload (FTS5 columns, a tsvector literal)
    vocabulary: dict[str, str]  # index term -> a surface word, for suggestions
    # The document's fingerprint, computed with the analysis (in the worker processes when
    # there are some): hashing a document costs the writing process more than building its
    # entry row does.
    fingerprint: str = ""
    # Terms in all fields (BM25's document length; the PostgreSQL backend ranks with it).
    tokens: int = 0


@dataclass
class SearchRequest:
    expression: MatchExpression
    visibilities: tuple[str, ...] = ("public",)
    filters: dict[str, list[str]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"  # or "newest"
    limit: int = 10
    offset: int = 0
    facets: tuple[str, ...] = FACET_NAMES
    facet_limit: int = 30
    # Language versions of one work (same SearchDocument.group) as one hit, the version in
    # this language first when it matches; the total and facet counts then count works.
    collapse_language: str | None = None


@dataclass
class BackendResult:
    total: int
    hits: list[tuple[int, float]]  # (entry id, score: higher is better)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class IndexStats:
    backend: str
    documents: int
    terms: int
    by_language: dict[str, int]
    by_model: dict[str, int]


class SearchBackend(Protocol):
    name: str

    def index(self, document: SearchDocument) -> None: ...

    def index_many(self, documents: list[SearchDocument], workers: int = 1) -> None: ...

    def delete(self, model: str, pk: int) -> None: ...

    def search(self, request: SearchRequest) -> BackendResult: ...

    def match(self, expression: MatchExpression) -> tuple[columns.Ints, columns.Floats]: ...

    def suggest(
        self, prefix: str, limit: int = 8, visibilities: tuple[str, ...] = ("public",)
    ) -> list[str]: ...

    def visible_terms(
        self, terms: list[str], visibilities: tuple[str, ...], enough: int = 0
    ) -> set[str]: ...

    def stats(self) -> IndexStats: ...

    def clear(self) -> None: ...


class PostingsCache:
    """Per process: the scored postings of phrases that match many entries, for one index
    version (one cache per backend module). Matching and scoring a very common word is the
    slowest step of a search (a score for every match); the next search with that word
    combines cached arrays instead. Any index write changes the version and empties it."""

    def __init__(self) -> None:
        self.token = ""
        self.entries: OrderedDict[str, tuple[columns.Ints, columns.Floats]] = OrderedDict()
        self.postings = 0

    def clear(self) -> None:
        self.token, self.entries, self.postings = "", OrderedDict(), 0

    def get(self, token: str, query: str) -> tuple[columns.Ints, columns.Floats] | None:
        if token != self.token:
            return None
        found = self.entries.get(query)
        if found is not None:
            self.entries.move_to_end(query)
        return found

    def put(self, token: str, query: str, value: tuple[columns.Ints, columns.Floats]) -> None:
        size = int(value[0].shape[0])
        budget = settings.SEARCH_POSTINGS_CACHE
        if size < settings.SEARCH_POSTINGS_CACHE_MIN or size > budget:
            return
        if token != self.token:
            self.clear()
            self.token = token
        self.entries[query] = value
        self.postings += size
        while self.postings > budget:
            _query, (ids, _scores) = self.entries.popitem(last=False)
            self.postings -= int(ids.shape[0])


def field_weights() -> tuple[float, float, float]:
    weights = settings.SEARCH_FIELD_WEIGHTS
    return (float(weights["title"]), float(weights["keywords"]), float(weights["body"]))


def fingerprint(document: SearchDocument) -> str:
    # vars(), not dataclasses.asdict(): the same JSON without asdict's deep copy (a third of
    # the time spent fingerprinting a batch).
    data = json.dumps(vars(document), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def analyse_document(document: SearchDocument) -> AnalysedDocument:
    body = document.body[: settings.SEARCH_MAX_BODY_CHARS]
    language = document.language or detect_language(
        f"{document.title}\n{document.abstract}\n{body[:2000]}", default="en"
    )
    title_text = f"{document.title}\n{document.subtitle}"
    keywords_text = "\n".join([document.abstract, *document.keywords, *document.creators])
    return AnalysedDocument(
        document=document,
        language=language,
        title_text=title_text,
        keywords_text=keywords_text,
        body_text=body,
        title=analyze(title_text, language),
        keywords=analyze(keywords_text, language),
        body=analyze(body, language),
    )


def vocabulary(item: AnalysedDocument) -> dict[str, str]:
    """Each term of the document with the first word it came from (Thai: the term itself)."""
    rows: dict[str, str] = {}
    for text, tokens in (
        (item.title_text, item.title),
        (item.keywords_text, item.keywords),
        (item.body_text, item.body),
    ):
        for token in tokens:
            if token.term in rows or len(token.term) > 120:
                continue
            surface = fold_case(text[token.start : token.end])
            rows[token.term] = token.term if script_of(token.term) == "Thai" else surface
    return rows


def _prepare(document: SearchDocument) -> PreparedDocument:
    from plaza.search.backends import get_backend

    backend = get_backend()
    assert isinstance(backend, BaseBackend)
    return backend.prepare(document)


_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def prepare_many(documents: list[SearchDocument], workers: int = 1) -> list[PreparedDocument]:
    """Prepare ``documents`` in order, in ``workers`` processes when that is worth it."""
    global _pool, _pool_size
    if workers <= 1 or len(documents) < 4 * workers:
        return [_prepare(d) for d in documents]
    if _pool is None or _pool_size != workers:
        if _pool is not None:
            _pool.shutdown()
        # fork: the children inherit the loaded dictionaries and models; they never touch
        # the database (preparing is pure analysis).
        _pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        _pool_size = workers
    chunk = max(1, len(documents) // (workers * 4))
    return list(_pool.map(_prepare, documents, chunksize=chunk))


def entry_fields(item: PreparedDocument) -> dict[str, Any]:
    """The SearchEntry field values of a prepared document (all but id and indexed_at)."""
    doc = item.document
    snippet = "\n\n".join(p for p in (doc.abstract, doc.body) if p)
    return {
        "key": doc.key,
        "model": doc.model,
        "object_pk": doc.pk,
        "title": doc.title,
        "url": doc.url,
        "language": item.language,
        "visibility": doc.visibility,
        "date": doc.date,
        "year": doc.date.year if doc.date else None,
        "group": doc.group,
        "facets": {k: list(v) for k, v in doc.facets.items()},
        "snippet_source": snippet[: settings.SEARCH_SNIPPET_SOURCE_CHARS],
        "fingerprint": item.fingerprint or fingerprint(doc),
        "token_count": item.tokens,
    }


def facet_rows(document: SearchDocument, language: str) -> list[tuple[str, str]]:
    rows: set[tuple[str, str]] = set()
    for name, values in document.facets.items():
        if name in ("lang", "year"):
            continue
        for value in values:
            if str(value).strip():
                rows.add((name[:32], str(value).strip().lower()[:150]))
    # Values for author:, keyword: and series: (never shown as facets).
    for name, values in (("author", document.creators), ("keyword", document.keywords)):
        for value in values:
            if str(value).strip():
                rows.add((name, fold_case(str(value).strip())[:150]))
    if language:
        rows.add(("lang", language))
    if document.date is not None:
        rows.add(("year", str(document.date.year)))
    return sorted(rows)


class BaseBackend:
    """Entry rows, facet rows, vocabulary and the SQL shared by both backends."""

    name = "base"

    # --- writing ---------------------------------------------------------------------
    def index(self, document: SearchDocument) -> None:
        self.index_many([document])

    def index_many(self, documents: list[SearchDocument], workers: int = 1) -> None:
        """Index a batch (one call per statement kind: this is what makes reindex fast).

        ``workers`` > 1 analyses the documents in that many processes (bulk reindexing:
        analysis is pure-Python work, so it only scales with processes); the writes stay
        here, in the caller's transaction.
        """
        indexable = [d for d in documents if d.indexable]
        if not indexable:
            return
        prepared = prepare_many(indexable, workers)
        self._write_entries(prepared)
        self._add_vocabulary(prepared)
        columns.bump_version()

    def _write_entries(self, prepared: list[PreparedDocument]) -> None:
        """The entries of a batch, their facet rows and their terms in the term index."""
        entry_ids = self._save_entries(prepared)
        self._write_terms_many(list(zip(entry_ids, prepared, strict=True)))

    def prepare(self, document: SearchDocument) -> PreparedDocument:
        """Everything the writes need, computed without the database (parallelisable)."""
        item = analyse_document(document)
        return PreparedDocument(
            document=document,
            language=item.language,
            terms=self._terms_payload(item),
            vocabulary=vocabulary(item),
            fingerprint=fingerprint(document),
            tokens=len(item.title) + len(item.keywords) + len(item.body),
        )

    def _entry(self, item: PreparedDocument) -> SearchEntry:
        return SearchEntry(**entry_fields(item), indexed_at=timezone.now())

    def _save_entries(self, analysed: list[PreparedDocument]) -> list[int]:
        """Insert or update the entries and their facet rows; their ids, in order."""
        # A key may come twice in one batch: the last version wins.
        latest = {item.document.key: item for item in analysed}
        existing = dict(SearchEntry.objects.filter(key__in=list(latest)).values_list("key", "id"))
        fields = [f.name for f in SearchEntry._meta.concrete_fields if f.name not in ("id", "key")]
        updates, creates = [], []
        for key, item in latest.items():
            entry = self._entry(item)
            if key in existing:
                entry.pk = existing[key]
                updates.append(entry)
            else:
                creates.append(entry)
        if updates:
            SearchEntry.objects.bulk_update(updates, fields)
            SearchFacet.objects.filter(entry_id__in=[e.pk for e in updates]).delete()
        SearchEntry.objects.bulk_create(creates)
        ids = {e.key: int(e.pk) for e in [*updates, *creates] if e.pk is not None}
        if len(ids) < len(latest):  # a database that returns no ids on bulk insert
            ids |= dict(SearchEntry.objects.filter(key__in=list(latest)).values_list("key", "id"))
        self._insert_facets(  # plain rows: no model instance per facet value
            [
                (ids[key], name, value)
                for key, item in latest.items()
                for name, value in facet_rows(item.document, item.language)
            ]
        )
        return [ids[item.document.key] for item in analysed]

    def _insert_facets(self, rows: list[tuple[int, str, str]]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FACET} (entry_id, name, value) VALUES (%s, %s, %s)", rows
            )

    def _write_terms_many(self, items: list[tuple[int, PreparedDocument]]) -> None:
        raise NotImplementedError

    def _terms_payload(self, item: AnalysedDocument) -> Any:
        """What this backend's term index stores for a document (picklable)."""
        raise NotImplementedError

    def _add_vocabulary(self, prepared: list[PreparedDocument]) -> None:
        """Record each term with a surface word ("vendedores" for vendedor) for suggestions,
        and the number of documents holding it: a batch adds what indexing its documents one
        by one would (the word and language of the first document with the term; a count of
        one per document), with one row per distinct term of the batch."""
        rows: dict[str, tuple[str, str]] = {}
        counts: Counter[str] = Counter()
        for item in prepared:
            counts.update(item.vocabulary.keys())
            for term, word in item.vocabulary.items():
                if term not in rows:
                    rows[term] = (word, item.language)
        if rows:
            # Sorted: concurrent writers lock the rows they raise in the same order (no
            # deadlock), and neighbouring terms are written together.
            self._upsert_terms(
                [(term, rows[term][0][:120], rows[term][1], counts[term]) for term in sorted(rows)]
            )

    def _upsert_terms(self, rows: list[tuple[str, str, str, int]]) -> None:
        """Each (term, word, language, count) added, or its count raised by ``count``."""
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TERM} (term, word, language, document_count) "
                f"VALUES (%s, %s, %s, %s) ON CONFLICT (term) "
                f"DO UPDATE SET document_count = {TERM}.document_count + excluded.document_count",
                rows,
            )

    def delete(self, model: str, pk: int) -> None:
        entry_id = (
            SearchEntry.objects.filter(key=f"{model}:{pk}").values_list("pk", flat=True).first()
        )
        if entry_id is None:
            return
        self._delete_terms(int(entry_id))
        SearchEntry.objects.filter(pk=entry_id).delete()
        columns.bump_version()

    def clear(self) -> None:
        self._clear_terms()
        SearchFacet.objects.all().delete()
        SearchEntry.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TERM}")
        columns.bump_version()

    # --- backend-specific -------------------------------------------------------------
    def _delete_terms(self, entry_id: int) -> None:
        raise NotImplementedError

    def _clear_terms(self) -> None:
        raise NotImplementedError

    # --- reading ----------------------------------------------------------------------
    def search(self, request: SearchRequest) -> BackendResult:
        """Match and score in the term index; filter, count, facet and page in memory."""
        match = None if request.expression.is_empty else self._match(request.expression)
        return columns.evaluate(request, match)

    def match(self, expression: MatchExpression) -> tuple[columns.Ints, columns.Floats]:
        """Every entry matching ``expression`` (ids ascending) and its score; no filters,
        no visibility: the caller evaluates those on the candidates (plaza.search.columns)."""
        if expression.is_empty:
            return match_arrays([])
        return self._match(expression)

    def _match(self, expression: MatchExpression) -> tuple[columns.Ints, columns.Floats]:
        """Every matching entry's id and score (higher is better)."""
        raise NotImplementedError

    def visible_terms(
        self, terms: list[str], visibilities: tuple[str, ...], enough: int = 0
    ) -> set[str]:
        """The index terms among ``terms`` found in at least one entry of ``visibilities``,
        checked in the term index itself (cached until the index changes), in order, stopping
        once ``enough`` are found (0: check them all). Suggestions and corrections offer only
        these: the vocabulary table also holds the words of records the asking user may not
        see, and of records withdrawn since."""
        wanted = list(dict.fromkeys(t for t in terms if t))
        if not wanted or not visibilities:
            return set()
        token = columns.version_token()
        key_visibilities = tuple(sorted(visibilities))
        result: set[str] = set()
        for term in wanted:
            if enough and len(result) >= enough:
                break
            key = (token, key_visibilities, term)
            known = _visible_cache.get(key)
            if known is None:
                known = self._term_is_visible(term, key_visibilities)
                if len(_visible_cache) >= VISIBLE_CACHE_SIZE:
                    _visible_cache.clear()
                _visible_cache[key] = known
            if known:
                result.add(term)
        return result

    def _term_is_visible(self, term: str, visibilities: tuple[str, ...]) -> bool:
        raise NotImplementedError

    def stats(self) -> IndexStats:
        from django.db.models import Count

        from plaza.search.models import SearchTerm

        by_language = dict(
            SearchEntry.objects.values_list("language").annotate(n=Count("id")).order_by()
        )
        by_model = dict(SearchEntry.objects.values_list("model").annotate(n=Count("id")).order_by())
        return IndexStats(
            backend=self.name,
            documents=sum(by_model.values()),
            terms=SearchTerm.objects.count(),
            by_language={str(k): int(v) for k, v in by_language.items()},
            by_model={str(k): int(v) for k, v in by_model.items()},
        )


def union(
    parts: list[tuple[columns.Ints, columns.Floats]],
) -> tuple[columns.Ints, columns.Floats]:
    """Ids in any part (ascending), scores added up."""
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return match_arrays([])
    ids, where = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
    scores = np.bincount(where, weights=np.concatenate([p[1] for p in parts]))
    return ids, scores.astype(np.float64)


def coordinate(
    groups: list[tuple[columns.Ints, columns.Floats]], needed: int
) -> tuple[columns.Ints, columns.Floats]:
    """Entries matching at least ``needed`` of the groups (each group's ids unique), their
    scores added up (BM25 is a sum over the words: a record with more words ranks higher)."""
    if needed >= len(groups):  # every group: intersect
        ids, scores = groups[0]
        for other_ids, other_scores in groups[1:]:
            ids, mine, theirs = np.intersect1d(
                ids, other_ids, assume_unique=True, return_indices=True
            )
            scores = scores[mine] + other_scores[theirs]
        return ids, scores
    every: columns.Ints = np.concatenate([g[0] for g in groups])
    found: columns.Ints = np.unique(every)
    where = np.searchsorted(found, every)
    counts = np.bincount(where, minlength=found.shape[0])
    summed = np.bincount(where, weights=np.concatenate([g[1] for g in groups]))
    keep = counts >= needed
    return found[keep], summed[keep].astype(np.float64)


def combine(
    expression: MatchExpression,
    matches: Callable[[Alternative], tuple[columns.Ints, columns.Floats]],
) -> tuple[columns.Ints, columns.Floats]:
    """A match expression's entries and BM25 scores from each alternative's (``matches``):
    a group unites its alternatives, the groups are coordinated (every one, or ``needed`` of
    them, scores added up as FTS5's bm25() adds them) and the excluded alternatives removed.
    Both backends score phrases their own way and combine them here."""
    groups = [union([matches(a) for a in g]) for g in expression.required]
    ids, scores = coordinate(groups, expression.needed)
    if expression.excluded:
        excluded, _s = union([matches(a) for a in expression.excluded])
        keep = ~np.isin(ids, excluded, assume_unique=True)
        ids, scores = ids[keep], scores[keep]
    return ids, scores


def match_arrays(rows: list[tuple[Any, Any]]) -> tuple[columns.Ints, columns.Floats]:
    """(entry id, score) rows as the two arrays plaza.search.columns works on."""
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    ids, scores = zip(*rows, strict=True)
    return np.array(ids, dtype=np.int64), np.array(scores, dtype=np.float64)
