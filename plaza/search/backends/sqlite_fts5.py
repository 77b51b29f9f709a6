"""SQLite FTS5 backend: pre-analysed terms in an FTS5 table in the same database file.

Writes go through Django's connection, so an index entry commits or rolls back with the
record that produced it. Ranking is FTS5's BM25 with per-column weights (title, keywords,
body) from settings.SEARCH_FIELD_WEIGHTS; ties go to the newer document.
"""

# ruff: noqa: S608 -- table names are module constants; every value is a bound parameter.

from __future__ import annotations

from typing import Any

from django.db import connection

from plaza.search.backends.base import (
    ENTRY,
    FACET,
    TERM,
    AnalysedDocument,
    BackendResult,
    BaseBackend,
    SearchRequest,
    field_weights,
)
from plaza.search.matching import Alternative, MatchExpression, Phrase

FTS = "search_fts"


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _alternative(alt: Alternative) -> str:
    if isinstance(alt, Phrase):
        return _quote(" ".join(alt.terms))
    if alt.prefix and len(alt.text) >= 2:
        return _quote(alt.text) + "*"
    return _quote(alt.text)


def _group(alternatives: list[Alternative]) -> str:
    rendered = [_alternative(a) for a in alternatives]
    return rendered[0] if len(rendered) == 1 else "(" + " OR ".join(rendered) + ")"


def fts5_query(expression: MatchExpression) -> str:
    """The FTS5 MATCH string for ``expression`` (every term quoted: no syntax injection)."""
    joiner = " OR " if expression.any_word else " AND "
    query = joiner.join(_group(group) for group in expression.required)
    if expression.excluded:
        query = f"({query}) NOT {_group(expression.excluded)}"
    return query


class SQLiteFTS5Backend(BaseBackend):
    name = "sqlite-fts5"

    def _write_terms(self, entry_id: int, item: AnalysedDocument) -> None:
        self._write_terms_many([(entry_id, item)])

    def _write_terms_many(self, items: list[tuple[int, AnalysedDocument]]) -> None:
        rows = {
            entry_id: (
                entry_id,
                " ".join(t.term for t in item.title),
                " ".join(t.term for t in item.keywords),
                " ".join(t.term for t in item.body),
            )
            for entry_id, item in items
        }
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {FTS} WHERE rowid = %s", [[i] for i in rows])
            cursor.executemany(
                f"INSERT INTO {FTS} (rowid, title, keywords, body) VALUES (%s, %s, %s, %s)",
                list(rows.values()),
            )

    def _delete_terms(self, entry_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS} WHERE rowid = %s", [entry_id])

    def _clear_terms(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS}")

    def _match_condition(self, expression: MatchExpression) -> tuple[str, list[Any]]:
        if expression.is_empty:
            return "", []
        return (
            f"e.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)",
            [fts5_query(expression)],
        )

    def _facet_source(self, match_sql: str, match_params: list[Any]) -> tuple[str, list[Any]]:
        """Matches first, then each match's entry and facet rows (by the entry index): the
        cost follows the number of matches, not the size of the facet table."""
        if not match_sql:
            return super()._facet_source(match_sql, match_params)
        return (
            f"FROM (SELECT rowid AS id FROM {FTS} WHERE {FTS} MATCH %s) m "
            f"CROSS JOIN {ENTRY} e ON e.id = m.id "
            f"CROSS JOIN {FACET} f ON f.entry_id = e.id",
            match_params[-1:],
        )

    def search(self, request: SearchRequest) -> BackendResult:
        where, params = self._filter_sql(request)
        match_sql, match_params = self._match_condition(request.expression)
        with connection.cursor() as cursor:
            if request.expression.is_empty:
                cursor.execute(f"SELECT COUNT(*) FROM {ENTRY} e WHERE {where}", params)
                total = int(cursor.fetchone()[0])
                cursor.execute(
                    f"SELECT e.id, 0.0 AS score FROM {ENTRY} e WHERE {where} "
                    f"ORDER BY e.date IS NULL, e.date DESC, e.id LIMIT %s OFFSET %s",
                    [*params, request.limit, request.offset],
                )
                hits = [(int(i), float(s)) for i, s in cursor.fetchall()]
            else:
                query = fts5_query(request.expression)
                # CROSS JOIN makes SQLite run the full-text match first, then look entries up
                # by id (a plain JOIN may scan entries and re-run the match for each one).
                join = f"FROM {FTS} CROSS JOIN {ENTRY} e ON e.id = {FTS}.rowid"
                cursor.execute(
                    f"SELECT COUNT(*) {join} WHERE {FTS} MATCH %s AND {where}", [query, *params]
                )
                total = int(cursor.fetchone()[0])
                title, keywords, body = field_weights()
                cursor.execute(
                    f"SELECT e.id, -bm25({FTS}, %s, %s, %s) AS score {join} "
                    f"WHERE {FTS} MATCH %s AND {where} "
                    f"ORDER BY {self._order_sql(request)} LIMIT %s OFFSET %s",
                    [title, keywords, body, query, *params, request.limit, request.offset],
                )
                hits = [(int(i), float(s)) for i, s in cursor.fetchall()]
        facets = self._facet_counts(request, match_sql, match_params) if request.facets else {}
        return BackendResult(total=total, hits=hits, facets=facets)

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Titles with a word starting with ``prefix``, then vocabulary words."""
        from plaza.search.analysis import words

        found = [w for w, _s, _e in words(prefix, expand_compounds=False)]
        if not found:
            return []
        last = found[-1]
        results: list[str] = []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT word FROM {TERM} WHERE word >= %s AND word < %s "
                f"ORDER BY document_count DESC LIMIT %s",
                [last, last + "\uffff", limit],
            )
            head = " ".join(found[:-1])
            results += [f"{head} {w}".strip() for (w,) in cursor.fetchall()]
            cursor.execute(
                f"SELECT title FROM {ENTRY} WHERE visibility = 'public' AND "
                f"LOWER(title) LIKE %s ESCAPE '\\' ORDER BY date DESC LIMIT %s",
                ["%" + _like_escape(prefix.strip().lower()) + "%", limit],
            )
            results += [t for (t,) in cursor.fetchall()]
        return list(dict.fromkeys(results))[:limit]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
