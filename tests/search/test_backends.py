"""The shared backend suite: the same tests run on SQLite FTS5 and, under DATABASE_URL, on
PostgreSQL (the Makefile runs the whole suite on both)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection, transaction

from plaza.search import registry
from plaza.search.analysis import analyze
from plaza.search.backends import SearchBackend, SearchRequest
from plaza.search.matching import MatchExpression, compile_query
from plaza.search.models import SearchEntry, SearchFacet, SearchTerm
from plaza.search.query import parse
from tests.search.corpus import MODEL, doc


def run(
    backend: SearchBackend, query: str, **kwargs: Any
) -> tuple[int, list[int], dict[str, dict[str, int]]]:
    parsed = parse(query)
    expression, _dropped = compile_query(parsed)
    request = SearchRequest(
        expression=expression,
        visibilities=kwargs.pop("visibilities", ("public",)),
        filters=kwargs.pop("filters", parsed.filters),
        year_from=parsed.year_from,
        year_to=parsed.year_to,
        **kwargs,
    )
    result = backend.search(request)
    keys = dict(SearchEntry.objects.values_list("id", "object_pk"))
    return result.total, [keys[i] for i, _score in result.hits], result.facets


def test_backend_matches_the_database(backend: SearchBackend) -> None:
    assert backend.name == {"sqlite": "sqlite-fts5", "postgresql": "postgresql"}[connection.vendor]


def test_index_update_delete(backend: SearchBackend) -> None:
    backend.index(doc(1, "Street vendors in Lima", "en"))
    assert run(backend, "vendors")[1] == [1]
    backend.index(doc(1, "Waste pickers in Lima", "en"))
    assert run(backend, "vendors")[0] == 0
    assert run(backend, "pickers")[1] == [1]
    assert SearchEntry.objects.count() == 1
    backend.delete(MODEL, 1)
    assert run(backend, "pickers")[0] == 0
    assert not SearchFacet.objects.exists()
    backend.delete(MODEL, 99)  # unknown: nothing happens


def test_all_words_any_word_exclusion_phrase_prefix(corpus: Any, backend: SearchBackend) -> None:
    assert run(backend, "street vendors")[1] == [2]
    assert run(backend, "vendors pickers")[0] == 0
    parsed, _ = compile_query(parse("vendors pickers"))
    request = SearchRequest(expression=parsed.as_any_word())
    assert backend.search(request).total == 2
    assert run(backend, "waste -dakar")[1] == [3]
    assert run(backend, '"public space"')[1] == [2]
    assert run(backend, '"space public"')[0] == 0
    assert set(run(backend, "recycl*")[1]) == {3, 4}  # recycling, recyclage
    assert set(run(backend, "vendors OR vendedores")[1]) == {1, 2}


def test_every_language(corpus: Any, backend: SearchBackend) -> None:
    assert run(backend, "VENDEDORES ambulante")[1] == [1]
    assert run(backend, "หาบเร่แผงลอย")[1] == [5]
    assert run(backend, "แผงลอย")[1] == [5]
    assert run(backend, "कचरा बीनने वाले")[1] == [6]
    assert run(backend, "recuperateurs dechets")[1] == [4]
    assert run(backend, "wast pickers")[1] == [3]


def test_title_outranks_body_and_recency_breaks_ties(backend: SearchBackend) -> None:
    backend.index(
        doc(1, "Annual report", "en", "A study of cooperatives and many other things.", year=2020)
    )
    backend.index(
        doc(2, "Cooperatives", "en", "A study of many other things in this year.", year=2010)
    )
    assert run(backend, "cooperatives")[1] == [2, 1]
    backend.index(doc(3, "Same words", "en", "identical text", year=2001))
    backend.index(doc(4, "Same words", "en", "identical text", year=2021))
    assert run(backend, "identical")[1] == [4, 3]
    assert run(backend, "cooperatives", sort="newest")[1] == [1, 2]


def _scores(backend: SearchBackend, query: str) -> dict[int, float]:
    """Record pk -> score of every record matching ``query``."""
    expression, _dropped = compile_query(parse(query))
    ids, scores = backend.match(expression)
    keys = dict(SearchEntry.objects.values_list("id", "object_pk"))
    return {keys[i]: s for i, s in zip(ids.tolist(), scores.tolist(), strict=True)}


def test_ranking_is_bm25(backend: SearchBackend) -> None:
    """Both backends rank with BM25: at equal frequency a shorter record ranks higher, the
    frequency saturates (each further occurrence adds less, toward a ceiling), a title
    occurrence outweighs one in the full text of a record as long, and a rare word
    outweighs a common one."""
    filler = [f"filler{i}" for i in range(40)]
    backend.index_many(
        [
            doc(1, "Notes", "en", body="cooperatives"),
            doc(2, "Notes", "en", body=" ".join(["cooperatives", *filler])),
            *(  # as long as each other, the word 1 to 16 times
                doc(10 + n, "Notes", "en", body=" ".join(["cooperatives"] * n + filler[n:]))
                for n in (1, 2, 4, 8, 16)
            ),
            doc(30, "Cooperatives", "en", body=" ".join(filler)),
            doc(31, "Notes", "en", body=" ".join(["cooperatives", *filler])),
            doc(40, "Pickers and vendors", "en"),
            # Records without the word: it is in fewer than half of them (a positive idf).
            *(doc(41 + n, "Vendors", "en") for n in range(15)),
        ]
    )
    scores = _scores(backend, "cooperatives")
    assert scores[1] > scores[2]
    # What each further occurrence adds, from 1 to 2, 2 to 4, 4 to 8 and 8 to 16.
    gains = [(scores[10 + 2 * n] - scores[10 + n]) / n for n in (1, 2, 4, 8)]
    assert all(gain > 0 for gain in gains)
    assert gains == sorted(gains, reverse=True)
    assert scores[26] / scores[11] < 8  # 16 times the occurrences, far from 16 times the score
    assert scores[30] > scores[31] > 0
    both = _scores(backend, "pickers vendors")
    assert both[40] > 0
    assert _scores(backend, "pickers")[40] > _scores(backend, "vendors")[40]


def test_filters_and_multi_select_facet_counts(corpus: Any, backend: SearchBackend) -> None:
    total, _hits, facets = run(backend, "")
    assert total == 8  # public documents only
    assert facets["sector"] == {"street-vendors": 3, "waste-pickers": 3, "domestic-workers": 1}
    assert facets["lang"]["es"] == 2
    # Selecting a sector: the sector facet keeps every value's count (multi-select), the
    # other facets count only the selection.
    total, _hits, facets = run(backend, "", filters={"sector": ["waste-pickers"]})
    assert total == 3
    assert facets["sector"]["street-vendors"] == 3
    assert facets["lang"] == {"en": 1, "fr": 1, "hi": 1}
    total, _hits, _f = run(backend, "", filters={"sector": ["waste-pickers", "street-vendors"]})
    assert total == 6
    total, hits, facets = run(backend, "year:2019..2021")
    assert sorted(hits) == [2, 3, 5, 7]
    assert facets["year"]["2016"] == 1  # counted without the year selection
    assert run(backend, "type:report city:lima")[1] == [1]
    assert run(backend, "lang:hi")[1] == [6]


def test_visibility(corpus: Any, backend: SearchBackend) -> None:
    assert run(backend, "garments")[0] == 0
    assert run(backend, "garments", visibilities=("public", "members"))[1] == [8]
    assert run(backend, "registration")[0] == 0
    assert run(backend, "registration", visibilities=("public", "members", "private"))[1] == [9]


def test_undetected_language_is_detected(corpus: Any, backend: SearchBackend) -> None:
    assert SearchEntry.objects.get(object_pk=10).language == "en"


def test_quotes_and_symbols_in_terms(backend: SearchBackend) -> None:
    backend.index(doc(1, "O'Brien's \"quoted\" report: 100% (draft) AND OR NOT NEAR", "en"))
    assert run(backend, "o'brien's")[1] == [1]
    assert run(backend, '"quoted" NEAR')[1] == [1]
    assert run(backend, "NOT")[0] == 1


def test_suggest_words_and_titles(corpus: Any, backend: SearchBackend) -> None:
    suggestions = backend.suggest("vend")
    assert "vendedores" in suggestions or "vendors" in suggestions
    assert "Street vendors and public space in Accra" in backend.suggest("street vend")
    assert backend.suggest("!!!") == []


def test_stats(corpus: Any, backend: SearchBackend) -> None:
    stats = backend.stats()
    assert stats.documents == 10
    assert stats.by_language["th"] == 1
    assert stats.terms > 50


def _index_contents() -> list[Any]:
    """Everything the index holds for its entries, by key (ids differ between runs)."""
    rows: list[Any] = sorted(
        SearchEntry.objects.values_list(
            "key", "title", "language", "visibility", "date", "facets", "fingerprint"
        )
    )
    rows += sorted(SearchFacet.objects.values_list("entry__key", "name", "value"))
    rows += sorted(SearchTerm.objects.values_list("term", "word", "language", "document_count"))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT e.key, f.title, f.keywords, f.body FROM search_fts f "
                "JOIN search_searchentry e ON e.id = f.rowid"
            )
        else:
            cursor.execute("SELECT key, tsv::text FROM search_searchentry")
        rows += sorted(cursor.fetchall())
    return rows


def test_a_batch_writes_what_indexing_one_by_one_writes(backend: SearchBackend) -> None:
    """A batch where words repeat across documents, some words are new, one record is already
    indexed and one comes twice (the last version wins) leaves the same entries, facets,
    term index and vocabulary, with the same document counts, as indexing one by one."""
    before = doc(2, "Ley de vendedores", "es", facets={"type": ["law"], "city": ["cusco"]})
    batch = [
        doc(1, "Street vendors in Lima", "en", "Vendors and markets", facets={"city": ["lima"]}),
        doc(2, "Vendedores ambulantes de Lima", "es", facets={"type": ["report"]}),
        doc(3, "Street markets and their vendors", "en", facets={"city": ["accra"]}),
        doc(1, "Waste pickers in Lima", "en", facets={"type": ["law"]}),
    ]
    backend.index(before)
    backend.index_many(batch)
    batched = _index_contents()
    assert run(backend, "vendors")[1] == [3]
    assert run(backend, "pickers")[1] == [1]
    assert sorted(SearchFacet.objects.filter(entry__object_pk=2).values_list("name", "value")) == [
        ("lang", "es"),
        ("type", "report"),
        ("year", "2018"),
    ]
    (vendor,) = {t.term for t in analyze("vendors", "en")}
    # The first version of record 1 and record 3 hold it: two documents, not one per batch.
    assert SearchTerm.objects.get(term=vendor).document_count == 2

    backend.clear()
    backend.index(before)
    for document in batch:
        backend.index(document)
    assert _index_contents() == batched


@pytest.mark.django_db(transaction=True)
def test_index_entry_rolls_back_with_the_record(backend: SearchBackend) -> None:
    """The registry's writer writes in the caller's transaction."""

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        registry._writer.index(doc(1, "Rolled back vendors", "en"))  # type: ignore[union-attr]
        raise Boom
    assert not SearchEntry.objects.exists()
    assert run(backend, "vendors")[0] == 0
    registry._writer.index(doc(2, "Kept vendors", "en", indexable=True))  # type: ignore[union-attr]
    assert run(backend, "vendors")[1] == [2]
    registry._writer.index(doc(2, "Kept vendors", "en", indexable=False))  # type: ignore[union-attr]
    assert run(backend, "vendors")[0] == 0
    backend.clear()


def test_empty_expression_lists_newest(corpus: Any, backend: SearchBackend) -> None:
    result = backend.search(SearchRequest(expression=MatchExpression(), limit=3))
    by_id = SearchEntry.objects.in_bulk([i for i, _score in result.hits])
    dates = [by_id[i].date or datetime.date.min for i, _score in result.hits]
    assert sorted(dates, reverse=True) == dates
    assert dates[0] == datetime.date(2022, 6, 1)
