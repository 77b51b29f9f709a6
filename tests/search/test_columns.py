"""The in-memory facet columns: reloaded when the index changes, correct while a large
index's columns are older than the database, paging and sorting over the whole result set."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from plaza.search import columns
from plaza.search.backends import SearchBackend
from plaza.search.models import SearchEntry
from plaza.search.services import SearchParams, search
from tests.search.corpus import doc
from tests.search.test_backends import run


def test_every_write_changes_the_token(backend: SearchBackend) -> None:
    first = columns.version_token()
    backend.index(doc(1, "Street vendors", "en"))
    second = columns.version_token()
    backend.delete("tests.document", 1)
    third = columns.version_token()
    assert len({first, second, third}) == 3
    assert run(backend, "vendors")[0] == 0


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_is_not_left_in_memory(backend: SearchBackend) -> None:
    backend.index(doc(1, "Street vendors", "en", facets={"sector": ["street-vendors"]}))
    assert run(backend, "")[2]["sector"] == {"street-vendors": 1}
    with pytest.raises(RuntimeError), transaction.atomic():
        backend.index(doc(2, "More vendors", "en", facets={"sector": ["street-vendors"]}))
        assert run(backend, "")[2]["sector"] == {"street-vendors": 2}  # read in the transaction
        raise RuntimeError
    # The token went back to the committed one, which the columns loaded inside the
    # transaction do not carry: they are reloaded.
    assert run(backend, "")[2]["sector"] == {"street-vendors": 1}
    backend.clear()


def test_columns_older_than_the_database(
    backend: SearchBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large index is not reloaded on every write: new entries are still found and
    counted, and an entry made private since the load is not shown."""
    for pk in range(1, 6):
        backend.index(doc(pk, f"Waste pickers report {pk}", "en", facets={"type": ["report"]}))
    assert run(backend, "pickers")[0] == 5
    monkeypatch.setattr(columns._snapshot, "reload_due", lambda: False)
    backend.index(doc(6, "Waste pickers law", "en", facets={"type": ["law"]}))
    total, hits, facets = run(backend, "pickers")
    assert total == 6 and 6 in hits
    assert facets["type"] == {"report": 5, "law": 1}
    assert run(backend, "pickers type:law")[1] == [6]
    backend.index(doc(2, "Waste pickers report 2", "en", visibility="private"))
    result = search(SearchParams(q="pickers", per_page=10, semantic=False))
    assert "tests.document:2" not in [hit.key for hit in result.hits]


def test_a_change_made_here_is_seen_here_at_once(
    backend: SearchBackend, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    """However slow the columns are to load, a write committed by this process shows in this
    process's facet counts on the next search (a librarian sees what they just published)."""
    from plaza.search import snapshot

    monkeypatch.setattr(snapshot, "FAST_RELOAD_SECONDS", 0.0)  # every load counts as slow
    backend.index(doc(1, "Waste pickers report", "en", facets={"type": ["report"]}))
    assert run(backend, "pickers")[2]["type"] == {"report": 1}
    with django_capture_on_commit_callbacks(execute=True):
        backend.index(doc(1, "Waste pickers report", "en", facets={"type": ["law"]}))
    assert run(backend, "pickers")[2]["type"] == {"law": 1}


def test_pages_cover_the_whole_result_set_in_order(backend: SearchBackend) -> None:
    backend.index_many(
        [doc(pk, "Cooperatives of waste pickers", "en", year=2000 + pk) for pk in range(1, 26)]
    )
    seen: list[int] = []
    for offset in (0, 10, 20):
        total, hits, _f = run(backend, "cooperatives", limit=10, offset=offset)
        assert total == 25
        seen += hits
    assert seen == list(range(25, 0, -1))  # equal scores: newest first
    _t, newest, _f = run(backend, "", limit=5, sort="newest")
    assert newest == [25, 24, 23, 22, 21]


def test_undated_entries_come_last(backend: SearchBackend) -> None:
    backend.index(doc(1, "Street vendors", "en", year=2010))
    undated = doc(2, "Street vendors", "en")
    undated.date = None
    backend.index(undated)
    backend.index(doc(3, "Street vendors", "en", year=2020))
    assert run(backend, "vendors")[1] == [3, 1, 2]
    assert run(backend, "", sort="newest")[1] == [3, 1, 2]
    assert SearchEntry.objects.get(object_pk=2).year is None


def test_reload_is_skipped_when_nothing_changed(
    backend: SearchBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend.index(doc(1, "Street vendors", "en"))
    run(backend, "vendors")
    loads: list[Any] = []
    real_load = columns.load

    def counting_load(token: str) -> columns.EntryColumns:
        loads.append(token)
        return real_load(token)

    monkeypatch.setattr(columns, "load", counting_load)
    run(backend, "vendors")
    run(backend, "street")
    assert loads == []
    backend.index(doc(2, "Waste pickers", "en"))
    run(backend, "pickers")
    assert len(loads) == 1


@pytest.mark.parametrize(
    "query", ["street vendors", "vendors OR pickers", "waste -dakar", "recycl*"]
)
def test_phrase_by_phrase_scores_equal_fts5_bm25(
    corpus: Any, backend: SearchBackend, settings: Any, query: str
) -> None:
    """SQLite: scores combined from (cached) per-phrase postings are FTS5's own bm25()."""
    if connection.vendor != "sqlite":
        pytest.skip("the postings cache is the SQLite backend's")
    from plaza.search.backends import sqlite_fts5
    from plaza.search.matching import compile_query
    from plaza.search.query import parse

    settings.SEARCH_POSTINGS_CACHE_MIN = 1
    expression, _dropped = compile_query(parse(query))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, -bm25(search_fts, 3, 1, 0.5) FROM search_fts WHERE search_fts MATCH %s",
            [sqlite_fts5.fts5_query(expression)],
        )
        expected = dict(cursor.fetchall())
    for _round in range(2):  # the second round reads the cache
        ids, scores = backend._match(expression)  # type: ignore[attr-defined]
        assert dict(zip(ids.tolist(), scores.tolist(), strict=True)) == pytest.approx(expected)
    assert sqlite_fts5._postings.entries


@pytest.mark.parametrize(
    "query",
    [
        "street vendors",
        "vendors OR pickers",
        "waste -dakar",
        "recycl*",
        "street street",
        '"public space"',
        "title:vendors",
        "street-vendors",  # AllOf: both words anywhere
        "vendors lima street pickers",  # any word (four or more), coordinated
    ],
)
def test_postgresql_scores_equal_fts5_bm25(
    corpus: Any, backend: SearchBackend, settings: Any, query: str
) -> None:
    """PostgreSQL ranks as SQLite does: its scores, combined from (cached) per-phrase matches,
    equal FTS5's own bm25() over the same records' terms (an in-memory FTS5 table, the SQLite
    backend's tokenizer and query)."""
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backend's scoring")
    import sqlite3

    from plaza.search.backends import postgres
    from plaza.search.backends.base import analyse_document, field_weights
    from plaza.search.backends.sqlite_fts5 import SQLiteFTS5Backend, fts5_query
    from plaza.search.matching import compile_query
    from plaza.search.query import parse

    settings.SEARCH_POSTINGS_CACHE_MIN = 1
    expression, _dropped = compile_query(parse(query))
    if expression.needed < len(expression.required):
        expression = expression.as_any_word()  # the same records, as one FTS5 query (OR)
    ids = dict(SearchEntry.objects.values_list("key", "id"))
    fts5 = sqlite3.connect(":memory:")
    fts5.execute(
        "CREATE VIRTUAL TABLE fts USING fts5(title, keywords, body, "
        "tokenize = \"unicode61 remove_diacritics 0 categories 'L* N* Co M* P* S*'\")"
    )
    for document in corpus:
        terms = SQLiteFTS5Backend()._terms_payload(analyse_document(document))
        fts5.execute(
            "INSERT INTO fts (rowid, title, keywords, body) VALUES (?, ?, ?, ?)",
            [ids[document.key], *terms],
        )
    expected = dict(
        fts5.execute(
            "SELECT rowid, -bm25(fts, ?, ?, ?) FROM fts WHERE fts MATCH ?",
            [*field_weights(), fts5_query(expression)],
        ).fetchall()
    )
    assert expected
    for _round in range(2):  # the second round reads the cache
        found, scores = backend._match(expression)  # type: ignore[attr-defined]
        assert dict(zip(found.tolist(), scores.tolist(), strict=True)) == pytest.approx(expected)
        assert found.tolist() == sorted(found.tolist())
    assert postgres._postings.entries
