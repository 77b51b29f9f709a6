"""PostgreSQL backend: a tsvector of Plaza's pre-analysed terms (GIN index), pg_trgm suggestions.

The tsvector is written literally (term:position+weight), never parsed by a text search
configuration, so Thai and Devanagari terms stay exactly as Plaza analysed them. Fields get
weights A (title), B (abstract, keywords, creators) and C (full text); ranking is the sum,
over the query's words and phrases, of ts_rank (field weights from
settings.SEARCH_FIELD_WEIGHTS, normalised by document length) times the phrase's BM25 idf.
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
    entry_fields,
    facet_rows,
    field_weights,
    match_arrays,
    union,
)
from plaza.search.matching import AllOf, Alternative, MatchExpression, Phrase

MAX_POSITION = 16383
FIELD_GAP = 50


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


def _alternative(alt: Alternative) -> str:
    weight = FIELD_WEIGHTS.get(alt.field, "")
    suffix = ":" + weight if weight else ""
    if isinstance(alt, Phrase):
        return "(" + " <-> ".join(_lexeme(t) + suffix for t in alt.terms) + ")"
    if isinstance(alt, AllOf):
        return "(" + " & ".join(_lexeme(t) + suffix for t in alt.terms) + ")"
    if alt.prefix and len(alt.text) >= 2:
        return _lexeme(alt.text) + ":*" + weight
    return _lexeme(alt.text) + suffix


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
        """``ts_rank`` has no inverse document frequency, so a common word weighs as much as
        a rare one: each phrase is ranked on its own and weighted by its BM25 idf (its
        document frequency is its number of matches, N the in-memory columns' size). Each
        phrase's scored matches are cached per process until the next index write, as the
        SQLite backend does, and combined here: the score is the sum over the query's
        distinct phrases; a record must match every group (or ``needed`` of them, its score
        then scaled by the share of groups it matches) and no excluded phrase."""
        token = columns.version_token()
        required = [_alternative(a) for g in expression.required for a in g]
        excluded_keys = [_alternative(a) for a in expression.excluded]
        phrases = self._phrases(list(dict.fromkeys(required + excluded_keys)), token)
        scored = {key: phrases[key] for key in dict.fromkeys(required)}
        ids, scores = union(list(scored.values()))
        size = len(expression.required)
        needed = min(expression.needed, size)
        matched = np.zeros(ids.shape[0], dtype=np.int64)
        for group in expression.required:
            found = np.unique(np.concatenate([scored[_alternative(a)][0] for a in group]))
            matched += np.isin(ids, found, assume_unique=True)
        keep = matched >= needed
        if expression.excluded:
            excluded = np.concatenate([phrases[key][0] for key in excluded_keys])
            keep &= ~np.isin(ids, excluded)
        ids, scores, matched = ids[keep], scores[keep], matched[keep]
        if needed < size:
            scores = scores * matched / size
        return ids, scores.astype(np.float64)

    def _phrases(
        self, phrases: list[str], token: str
    ) -> dict[str, tuple[columns.Ints, columns.Floats]]:
        """For each phrase: ids (ascending) and idf-weighted ``ts_rank`` of the entries that
        match it. Phrases not in the per-process cache are matched and ranked together in one
        statement (one scan of the index per search, not one per word)."""
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
        weights = "{" + ",".join(str(w / top) for w in (0.0, body, keywords, title)) + "}"
        ranked = ", ".join(
            "e.tsv @@ %s::tsquery, ts_rank(%s::float4[], e.tsv, %s::tsquery, 1)" for _ in missing
        )
        where = " OR ".join("e.tsv @@ %s::tsquery" for _ in missing)
        params: list[str] = []
        for phrase in missing:
            params += [phrase, weights, phrase]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id, {ranked} FROM {ENTRY} e WHERE {where} ORDER BY e.id",
                [*params, *missing],
            )
            rows = cursor.fetchall()
        documents = max(columns.current().size, 1)
        for i, phrase in enumerate(missing):
            ids, ranks = match_arrays([(row[0], row[2 + 2 * i]) for row in rows if row[1 + 2 * i]])
            df = int(ids.shape[0])
            idf = math.log(1 + (documents - df + 0.5) / (df + 0.5))
            found[phrase] = (ids, ranks * idf)
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
