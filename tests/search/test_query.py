"""The query language and its compilation to index terms; malformed input never raises."""

from __future__ import annotations

import pytest

from plaza.search.matching import Phrase, Term, compile_query
from plaza.search.query import parse


def test_words_phrases_exclusion_or_prefix() -> None:
    parsed = parse('"street vendors" -plastic recycl* OR hawkers')
    assert [[c.text for c in g] for g in parsed.groups] == [
        ["street vendors"],
        ["recycl", "hawkers"],
    ]
    assert parsed.groups[0][0].phrase
    assert parsed.groups[1][0].prefix
    assert [c.text for c in parsed.excluded] == ["plastic"]
    expression, _dropped = compile_query(parsed)
    assert Phrase(("street", "vendor")) in expression.required[0]
    assert Term("recycl", True) in expression.required[1]
    assert Term("plastic") in expression.excluded


def test_field_filters() -> None:
    parsed = parse(
        "waste type:report lang:es,fr sector:waste-pickers city:Lima country:PE year:2015..2020"
    )
    assert parsed.filters == {
        "type": ["report"],
        "lang": ["es", "fr"],
        "sector": ["waste-pickers"],
        "city": ["lima"],
        "country": ["pe"],
    }
    assert (parsed.year_from, parsed.year_to) == (2015, 2020)
    assert [c.text for c in parsed.positive_clauses()] == ["waste"]
    single = parse("year:2019")
    assert (single.year_from, single.year_to) == (2019, 2019)


def test_unknown_field_is_text() -> None:
    parsed = parse("http://example.org note:this")
    assert [c.text for c in parsed.positive_clauses()] == ["http://example.org", "note:this"]


@pytest.mark.parametrize(
    "raw",
    [
        '"unbalanced quote',
        "-",
        "*",
        "OR",
        "- * OR -",
        "!" * 5000,
        '"""',
        "year:abc",
        "type:",
        "((a",
        "\x00",
    ],
)
def test_malformed_queries_never_raise(raw: str) -> None:
    parsed = parse(raw)
    compile_query(parsed)


def test_long_query_is_cut_with_a_notice() -> None:
    parsed = parse("word " * 2000)
    assert parsed.notices


def test_unspaced_thai_words_are_each_required() -> None:
    expression, _dropped = compile_query(parse("ผู้ค้าหาบเร่แผงลอยกรุงเทพ"))
    assert len(expression.required) == 3
    assert Phrase(("หาบเร่", "แผงลอย")) in expression.required[1]


def test_stop_words_are_dropped() -> None:
    expression, dropped = compile_query(parse("the waste of Accra"))
    assert len(expression.required) == 2
    assert "the" in dropped
