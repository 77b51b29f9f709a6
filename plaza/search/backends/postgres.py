"""PostgreSQL backend: a tsvector of Plaza's pre-analysed terms (GIN index), pg_trgm suggestions.

The tsvector is written literally (term:position+weight), never parsed by a text search
configuration, so Thai and Devanagari terms stay exactly as Plaza analysed them. Fields get
weights A (title), B (abstract, keywords, creators) and C (full text). Ranking is BM25 as
SQLite FTS5's bm25() computes it, so both backends rank alike: for each of the query's
phrases, its frequency in a record (each occurrence counted with its field's weight from
settings.SEARCH_FIELD_WEIGHTS), the record's length in terms (SearchEntry.token_count) and
the phrase's idf; the score is the sum over the phrases.
"""

# ruff: noqa: S608 -- table names are module constants; every value is a bound parameter.

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
from django.db import connection
from django.utils import timezone

from plaza.search import columns
from plaza.search.analysis import Token
from plaza.search.backends.base import (
    ENTRY,
    FACET,
    TERM,
    AnalysedDocument,
    BaseBackend,
    PostingsCache,
    PreparedDocument,
    combine,
    coordinate,
    entry_fields,
    facet_rows,
    field_weights,
)
from plaza.search.matching import AllOf, Alternative, MatchExpression, Phrase

MAX_POSITION = 16383
FIELD_GAP = 50

# BM25's parameters, FTS5's (fts5_aux.c, fts5Bm25Function): term frequency saturation and
# document length normalisation.
K1 = 1.2
B = 0.75


# Vocabulary words read per suggestion wanted (some may be hidden from the asking user).
SUGGEST_CANDIDATES = 4

_postings = PostingsCache()


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(fields: list[tuple[list[Token], str]]) -> str:
    """``'term':1A,4A 'other':2B`` from the analysed fields and their weights."""
    positions: dict[str, list[str]] = {}
    position = 1
    for tokens, weight in fields:
        for token in tokens:
            entry = positions.setdefault(token.term, [])
            if position <= MAX_POSITION and len(entry) < 256:
                entry.append(f"{position}{weight}")
            position += 1
        position += FIELD_GAP
    return " ".join(
        _lexeme(term) + (":" + ",".join(places) if places else "")
        for term, places in positions.items()
    )


FIELD_WEIGHTS = {"title": "A", "keywords": "B", "body": "C"}

# The entry columns written from Python (base.entry_fields, and the tsvector literal), with
# their array types; indexed_at is the batch's time.
ENTRY_COLUMNS = {
    "key": "text",
    "model": "text",
    "object_pk": "bigint",
    "title": "text",
    "url": "text",
    "language": "text",
    "visibility": "text",
    "date": "date",
    "year": "int",
    "group": "text",
    "facets": "jsonb",
    "snippet_source": "text",
    "fingerprint": "text",
    "token_count": "int",
    "tsv": "tsvector",
}
_names = ", ".join(f'"{name}"' for name in ENTRY_COLUMNS)
_arrays = ", ".join(f"%s::{kind}[]" for kind in ENTRY_COLUMNS.values())
_updates = ", ".join(f'"{name}" = excluded."{name}"' for name in [*ENTRY_COLUMNS, "indexed_at"])
# Sub-statements of one WITH share a snapshot: the DELETE removes the facet rows the updated
# entries had before this statement, never the rows the last INSERT adds.
ENTRY_UPSERT = (
    f"WITH written AS ("
    f"INSERT INTO {ENTRY} ({_names}, indexed_at) "
    f"SELECT v.*, %s::timestamptz FROM unnest({_arrays}) AS v "
    f"ON CONFLICT (key) DO UPDATE SET {_updates} RETURNING id, key), "
    f"replaced AS (DELETE FROM {FACET} WHERE entry_id = ANY(%s::bigint[])) "
    f"INSERT INTO {FACET} (entry_id, name, value) "
    f"SELECT written.id, f.name, f.value "
    f"FROM unnest(%s::text[], %s::text[], %s::text[]) AS f(key, name, value) "
    f"JOIN written ON written.key = f.key"
)


def _queries(alt: Alternative) -> list[str]:
    """The tsqueries scored one by one for an alternative, as FTS5 scores the phrases of its
    query: a word (``'word':*`` for a prefix), a phrase (``<->``), or for AllOf each of its
    terms (a record must have them all; their scores add up)."""
    weight = FIELD_WEIGHTS.get(alt.field, "")
    suffix = ":" + weight if weight else ""
    if isinstance(alt, Phrase):
        return ["(" + " <-> ".join(_lexeme(t) + suffix for t in alt.terms) + ")"]
    if isinstance(alt, AllOf):
        return [_lexeme(t) + suffix for t in alt.terms]
    if alt.prefix and len(alt.text) >= 2:
        return [_lexeme(alt.text) + ":*" + weight]
    return [_lexeme(alt.text) + suffix]


def bm25(
    frequencies: columns.Floats, lengths: columns.Floats, df: int, documents: int, avgdl: float
) -> columns.Floats:
    """FTS5's bm25() term for one phrase: its idf (log((N - n + 0.5) / (n + 0.5)), 1e-6 when
    not positive, as FTS5 does) times the saturated, length-normalised frequency."""
    documents = max(documents, df)  # N from columns loaded before the latest entries
    idf = math.log((documents - df + 0.5) / (df + 0.5))
    if idf <= 0.0:
        idf = 1e-6
    norm = K1 * (1 - B + B * lengths / avgdl)
    return idf * frequencies * (K1 + 1) / (frequencies + norm)


class PostgresBackend(BaseBackend):
    name = "postgresql"

    def _terms_payload(self, item: AnalysedDocument) -> str:
        return tsvector_literal([(item.title, "A"), (item.keywords, "B"), (item.body, "C")])

    # Batched writes: a statement per batch with the rows as arrays (unnest), never one per
    # row. Each entry row is written once, with its tsvector (an UPDATE after the INSERT
    # would write every row and all its index entries twice).
    def _write_entries(self, prepared: list[PreparedDocument]) -> None:
        """Insert or update a batch's entries with their tsvectors, and replace their facet
        rows, in one statement (plus one to find which keys are already indexed)."""
        latest = {item.document.key: item for item in prepared}  # a key twice: the last
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {ENTRY} WHERE key = ANY(%s::text[])", [list(latest)])
            existing = [row[0] for row in cursor.fetchall()]
            values: dict[str, list[Any]] = {name: [] for name in ENTRY_COLUMNS}
            facets: tuple[list[str], list[str], list[str]] = ([], [], [])
            for key, item in latest.items():
                fields = entry_fields(item)
                fields["facets"] = json.dumps(fields["facets"])
                fields["tsv"] = item.terms
                for name in ENTRY_COLUMNS:
                    values[name].append(fields[name])
                for name, value in facet_rows(item.document, item.language):
                    facets[0].append(key)
                    facets[1].append(name)
                    facets[2].append(value)
            cursor.execute(
                ENTRY_UPSERT,
                [
                    timezone.now(),
                    *(values[name] for name in ENTRY_COLUMNS),
                    existing,
                    *facets,
                ],
            )

    def _upsert_terms(self, rows: list[tuple[str, str, str, int]]) -> None:
        terms, words, languages, counts = zip(*rows, strict=True)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TERM} (term, word, language, document_count) "
                f"SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::int[]) "
                f"ON CONFLICT (term) "
                f"DO UPDATE SET document_count = {TERM}.document_count + excluded.document_count",
                [list(terms), list(words), list(languages), list(counts)],
            )

    def _delete_terms(self, entry_id: int) -> None:
        """The tsvector lives in the entry row, which the caller deletes."""

    def _clear_terms(self) -> None:
        """Cleared with the entries."""

    def _match(self, expression: MatchExpression) -> tuple[columns.Ints, columns.Floats]:
        """Every phrase of the query matched and scored in one statement (cached per process
        until the next index write); an AllOf needs every one of its terms; combined as the
        SQLite backend combines FTS5's per-phrase bm25() (``base.combine``)."""
        token = columns.version_token()
        alternatives = [*(a for g in expression.required for a in g), *expression.excluded]
        scored = self._phrases(
            list(dict.fromkeys(q for a in alternatives for q in _queries(a))), token
        )

        def matches(alt: Alternative) -> tuple[columns.Ints, columns.Floats]:
            parts = [scored[q] for q in _queries(alt)]
            return coordinate(parts, len(parts))

        return combine(expression, matches)

    def _phrases(
        self, phrases: list[str], token: str
    ) -> dict[str, tuple[columns.Ints, columns.Floats]]:
        """For each phrase: ids (ascending) and BM25 scores of the entries that match it.
        Phrases not in the per-process cache are matched and ranked together in one
        statement (one scan of the index per search, not one per word).

        A phrase's weighted frequency in a record is ``ts_rank_cd`` without normalisation:
        for a single word (or prefix) each occurrence is a cover of its own, worth its
        field's weight; for a ``<->`` phrase each occurrence of the whole phrase is one
        (its words share a field: fields are FIELD_GAP positions apart). The weights are
        scaled to 0..1 for PostgreSQL and scaled back. Unpositioned occurrences (past
        MAX_POSITION, in the full text) count with the full text's weight (class D)."""
        found: dict[str, tuple[columns.Ints, columns.Floats]] = {}
        for phrase in phrases:
            cached = _postings.get(token, phrase)
            if cached is not None:
                found[phrase] = cached
        missing = [phrase for phrase in phrases if phrase not in found]
        if not missing:
            return found
        title, keywords, body = field_weights()
        top = max(title, keywords, body) or 1.0
        weights = "{" + ",".join(str(w / top) for w in (body, body, keywords, title)) + "}"
        # NULL where the phrase does not match: a record matching one of a long question's
        # phrases is ranked for that one only (a third less time on Cranfield's questions
        # than a match flag and a rank for every phrase).
        ranked = ", ".join(
            "CASE WHEN e.tsv @@ %s::tsquery "
            "THEN ts_rank_cd(%s::float4[], e.tsv, %s::tsquery, 0) END"
            for _ in missing
        )
        where = " OR ".join("e.tsv @@ %s::tsquery" for _ in missing)
        params: list[str] = []
        for phrase in missing:
            params += [phrase, weights, phrase]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id, e.token_count, {ranked} FROM {ENTRY} e WHERE {where} ORDER BY e.id",
                [*params, *missing],
            )
            rows = cursor.fetchall()
        table = columns.current()
        documents = max(table.size, 1)
        avgdl = max(table.tokens / documents, 1.0)
        for i, phrase in enumerate(missing):
            hits = [row for row in rows if row[2 + i] is not None]
            ids = np.array([row[0] for row in hits], dtype=np.int64)
            lengths = np.array([row[1] or 0 for row in hits], dtype=np.float64)
            frequencies = np.array([row[2 + i] for row in hits], dtype=np.float64) * top
            scores = bm25(frequencies, lengths, int(ids.shape[0]), documents, avgdl)
            found[phrase] = (ids, scores.astype(np.float64))
            _postings.put(token, phrase, found[phrase])
        return found

    def _term_is_visible(self, term: str, visibilities: tuple[str, ...]) -> bool:
        marks = ", ".join(["%s"] * len(visibilities))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {ENTRY} e WHERE e.tsv @@ %s::tsquery "
                f"AND e.visibility IN ({marks}) LIMIT 1",
                [_lexeme(term), *visibilities],
            )
            return cursor.fetchone() is not None

    def suggest(
        self, prefix: str, limit: int = 8, visibilities: tuple[str, ...] = ("public",)
    ) -> list[str]:
        """Vocabulary words starting with the last word typed, then titles by trigram; only
        what a user seeing ``visibilities`` may see (plaza.search.spelling)."""
        from plaza.search.analysis import words

        found = [w for w, _s, _e in words(prefix, expand_compounds=False)]
        if not found or not visibilities:
            return []
        last = found[-1]
        head = " ".join(found[:-1])
        text = prefix.strip().lower()
        marks = ", ".join(["%s"] * len(visibilities))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, word FROM {TERM} WHERE word LIKE %s "
                f"ORDER BY document_count DESC LIMIT %s",
                [_like_escape(last) + "%", SUGGEST_CANDIDATES * limit],
            )
            rows = cursor.fetchall()
            visible = self.visible_terms([t for t, _w in rows], visibilities, enough=limit)
            results = [f"{head} {w}".strip() for t, w in rows if t in visible][:limit]
            cursor.execute(
                f"SELECT title FROM {ENTRY} WHERE visibility IN ({marks}) AND "
                f"(lower(title) LIKE %s OR lower(title) %% %s) "
                f"ORDER BY similarity(lower(title), %s) DESC LIMIT %s",
                [*visibilities, "%" + _like_escape(text) + "%", text, text, limit],
            )
            results += [t for (t,) in cursor.fetchall()]
        return list(dict.fromkeys(results))[:limit]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
