"""PostgreSQL backend: a tsvector of Plaza's pre-analysed terms (GIN index), pg_trgm suggestions.

The tsvector is written literally (term:position+weight), never parsed by a text search
configuration, so Thai and Devanagari terms stay exactly as Plaza analysed them. Fields get
weights A (title), B (abstract, keywords, creators) and C (full text); ranking is the sum,
over the query's words and phrases, of ts_rank (field weights from
settings.SEARCH_FIELD_WEIGHTS, normalised by document length) times the phrase's BM25 idf.
"""

# ruff: noqa: S608 -- table names are module constants; every value is a bound parameter.

from __future__ import annotations

import math

from django.db import connection

from plaza.search import columns
from plaza.search.analysis import Token
from plaza.search.backends.base import (
    ENTRY,
    TERM,
    AnalysedDocument,
    BaseBackend,
    PreparedDocument,
    field_weights,
    match_arrays,
)
from plaza.search.matching import AllOf, Alternative, MatchExpression, Phrase

MAX_POSITION = 16383
FIELD_GAP = 50


# Vocabulary words read per suggestion wanted (some may be hidden from the asking user).
SUGGEST_CANDIDATES = 4


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


def _group(alternatives: list[Alternative]) -> str:
    return "(" + " | ".join(_alternative(a) for a in alternatives) + ")"


def tsquery_literal(expression: MatchExpression) -> str:
    """The records to consider: every group (AND), or any group when fewer are needed
    (the count of groups matched is then checked on each row)."""
    joiner = " & " if expression.needed >= len(expression.required) else " | "
    query = joiner.join(_group(group) for group in expression.required)
    if expression.excluded:
        query = f"({query}) & !{_group(expression.excluded)}"
    return query


class PostgresBackend(BaseBackend):
    name = "postgresql"

    def _terms_payload(self, item: AnalysedDocument) -> str:
        return tsvector_literal([(item.title, "A"), (item.keywords, "B"), (item.body, "C")])

    def _write_terms_many(self, items: list[tuple[int, PreparedDocument]]) -> None:
        rows = [(item.terms, entry_id) for entry_id, item in items]
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {ENTRY} SET tsv = %s::tsvector WHERE id = %s", rows)

    def _delete_terms(self, entry_id: int) -> None:
        """The tsvector lives in the entry row, which the caller deletes."""

    def _clear_terms(self) -> None:
        """Cleared with the entries."""

    def _match(self, expression: MatchExpression) -> tuple[columns.Ints, columns.Floats]:
        """``ts_rank`` has no inverse document frequency, so a common word weighs as much as
        a rare one: each phrase is ranked on its own and weighted by its BM25 idf
        (document frequencies counted in the same index, N from the in-memory columns)."""
        title, keywords, body = field_weights()
        top = max(title, keywords, body) or 1.0
        weights = "{" + ",".join(str(w / top) for w in (0.0, body, keywords, title)) + "}"
        phrases = list(
            dict.fromkeys(_alternative(a) for group in expression.required for a in group)
        )
        documents = max(columns.current().size, 1)
        with connection.cursor() as cursor:
            counts = ", ".join(["COUNT(*) FILTER (WHERE e.tsv @@ %s::tsquery)"] * len(phrases))
            cursor.execute(
                f"SELECT {counts} FROM {ENTRY} e WHERE e.tsv @@ %s::tsquery",
                [*phrases, " | ".join(phrases)],
            )
            frequencies = cursor.fetchone()
            idf = [math.log(1 + (documents - df + 0.5) / (df + 0.5)) for df in frequencies or []]
            score = " + ".join(["%s * ts_rank(%s::float4[], e.tsv, %s::tsquery, 1)"] * len(phrases))
            groups = [_group(g) for g in expression.required]
            matched = " + ".join(["(e.tsv @@ %s::tsquery)::int"] * len(groups))
            cursor.execute(
                f"SELECT e.id, {score}, {matched} FROM {ENTRY} e WHERE e.tsv @@ %s::tsquery",
                [
                    *(
                        v
                        for i, phrase in zip(idf, phrases, strict=True)
                        for v in (i, weights, phrase)
                    ),
                    *groups,
                    tsquery_literal(expression),
                ],
            )
            rows = cursor.fetchall()
        needed, size = expression.needed, len(groups)
        if needed >= size:
            return match_arrays([(i, score) for i, score, _m in rows])
        return match_arrays(sorted((i, score * m / size) for i, score, m in rows if m >= needed))

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
