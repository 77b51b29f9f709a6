"""SQLite FTS5 backend: pre-analysed terms in an FTS5 table in the same database file.

Writes go through Django's connection, so an index entry commits or rolls back with the
record that produced it. Ranking is FTS5's BM25 with per-column weights (title, keywords,
body) from settings.SEARCH_FIELD_WEIGHTS; ties go to the newer document.
"""

# ruff: noqa: S608 -- table names are module constants; every value is a bound parameter.

from __future__ import annotations

from django.db import connection

from plaza.search import columns
from plaza.search.backends.base import (
    ENTRY,
    TERM,
    AnalysedDocument,
    BaseBackend,
    PostingsCache,
    PreparedDocument,
    combine,
    field_weights,
    match_arrays,
)
from plaza.search.matching import AllOf, Alternative, MatchExpression, Phrase

FTS = "search_fts"
# Vocabulary words read per suggestion wanted (some may be hidden from the asking user).
SUGGEST_CANDIDATES = 4


_postings = PostingsCache()


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _alternative(alt: Alternative) -> str:
    column = f"{alt.field} : " if alt.field in ("title", "keywords", "body") else ""
    if isinstance(alt, Phrase):
        return column + _quote(" ".join(alt.terms))
    if isinstance(alt, AllOf):
        return "(" + " AND ".join(column + _quote(t) for t in alt.terms) + ")"
    if alt.prefix and len(alt.text) >= 2:
        return column + _quote(alt.text) + "*"
    return column + _quote(alt.text)


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

    def _terms_payload(self, item: AnalysedDocument) -> tuple[str, str, str]:
        return (
            " ".join(t.term for t in item.title),
            " ".join(t.term for t in item.keywords),
            " ".join(t.term for t in item.body),
        )

    def _write_terms_many(self, items: list[tuple[int, PreparedDocument]]) -> None:
        rows = {entry_id: (entry_id, *item.terms) for entry_id, item in items}
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

    def _match(self, expression: MatchExpression) -> tuple[columns.Ints, columns.Floats]:
        """BM25 is a sum over the query's phrases, so each phrase is matched and scored on
        its own (its postings cached in memory when large) and the sets are combined by
        ``base.combine``: AND intersects, OR unites, NOT removes, scores add up as FTS5's
        bm25() adds them."""
        token = columns.version_token()
        return combine(expression, lambda alternative: self._phrase(alternative, token))

    def _phrase(self, alternative: Alternative, token: str) -> tuple[columns.Ints, columns.Floats]:
        """Ids (ascending) and BM25 scores of the entries matching one phrase."""
        query = _alternative(alternative)
        cached = _postings.get(token, query)
        if cached is not None:
            return cached
        title, keywords, body = field_weights()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, -bm25({FTS}, %s, %s, %s) FROM {FTS} WHERE {FTS} MATCH %s "
                f"ORDER BY rowid",
                [title, keywords, body, query],
            )
            result = match_arrays(cursor.fetchall())
        _postings.put(token, query, result)
        return result

    def _term_is_visible(self, term: str, visibilities: tuple[str, ...]) -> bool:
        marks = ", ".join(["%s"] * len(visibilities))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {FTS} JOIN {ENTRY} e ON e.id = {FTS}.rowid "
                f"WHERE {FTS} MATCH %s AND e.visibility IN ({marks}) LIMIT 1",
                [_quote(term), *visibilities],
            )
            return cursor.fetchone() is not None

    def suggest(
        self, prefix: str, limit: int = 8, visibilities: tuple[str, ...] = ("public",)
    ) -> list[str]:
        """Vocabulary words starting with ``prefix``'s last word, then titles; only what a
        user seeing ``visibilities`` may see (plaza.search.spelling)."""
        from plaza.search.analysis import words

        found = [w for w, _s, _e in words(prefix, expand_compounds=False)]
        if not found or not visibilities:
            return []
        last = found[-1]
        results: list[str] = []
        marks = ", ".join(["%s"] * len(visibilities))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, word FROM {TERM} WHERE word >= %s AND word < %s "
                f"ORDER BY document_count DESC LIMIT %s",
                [last, last + "\uffff", SUGGEST_CANDIDATES * limit],
            )
            rows = cursor.fetchall()
            visible = self.visible_terms([t for t, _w in rows], visibilities, enough=limit)
            head = " ".join(found[:-1])
            results += [f"{head} {w}".strip() for t, w in rows if t in visible][:limit]
            cursor.execute(
                f"SELECT title FROM {ENTRY} WHERE visibility IN ({marks}) AND "
                f"LOWER(title) LIKE %s ESCAPE '\\' ORDER BY date DESC LIMIT %s",
                [*visibilities, "%" + _like_escape(prefix.strip().lower()) + "%", limit],
            )
            results += [t for (t,) in cursor.fetchall()]
        return list(dict.fromkeys(results))[:limit]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
