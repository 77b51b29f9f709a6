"""The search service: acceptance queries, fallbacks, typos, visibility, snippets, fusion."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass
from typing import Any

import pytest

from plaza.accounts.models import User
from plaza.search.fusion import reciprocal_rank_fusion
from plaza.search.services import SearchParams, search

ACCEPTANCE = [
    ("vendedores ambulantes", 1, "<mark>vendedores</mark> <mark>ambulantes</mark>"),
    ("หาบเร่แผงลอย", 5, "<mark>หาบเร่แผงลอย</mark>"),
    ("कचरा बीनने वाले", 6, "<mark>कचरा</mark> <mark>बीनने</mark> <mark>वाले</mark>"),
    ("récupérateurs de déchets", 4, "<mark>récupérateurs</mark> de <mark>déchets</mark>"),
    ("wast pickers", 3, "<mark>Waste</mark> <mark>pickers</mark>"),
]


@pytest.mark.parametrize(("query", "pk", "highlighted"), ACCEPTANCE)
def test_acceptance_queries(corpus: Any, query: str, pk: int, highlighted: str) -> None:
    result = search(SearchParams(q=query, semantic=False))
    assert [h.pk for h in result.hits][:1] == [pk]
    assert highlighted in str(result.hits[0].snippet) or highlighted in str(result.hits[0].title)
    assert result.facets["sector"]


def test_typo_falls_back_to_fuzzy_matching(corpus: Any) -> None:
    result = search(SearchParams(q="wsate pickres"))
    assert result.mode == "fuzzy"
    assert [h.pk for h in result.hits] == [3]
    assert "waste pickers" in result.notices[0]


def test_any_word_fallback_with_notice(corpus: Any) -> None:
    result = search(SearchParams(q="vendors dakar"))
    assert result.mode == "any"
    assert {h.pk for h in result.hits} == {2, 4}
    assert result.notices


def test_did_you_mean(corpus: Any) -> None:
    from plaza.search.backends import get_backend
    from tests.search.corpus import doc

    backend = get_backend()
    backend.index(doc(50, "Recyclng depot", "en", "A misspelt title"))
    for pk in (51, 52, 53):
        backend.index(doc(pk, "Recycling depot", "en"))
    result = search(SearchParams(q="recyclng"))
    assert result.total == 1
    assert result.did_you_mean == "recycling"


def test_visibility_by_role(
    corpus: Any, plain_user: User, librarian: Any, staff_user: User
) -> None:
    def pks(user: User | None) -> set[int]:
        return {h.pk for h in search(SearchParams(q="", per_page=50), user).hits}

    assert 8 not in pks(None) and 9 not in pks(None)
    assert 8 in pks(plain_user) and 9 not in pks(plain_user)
    assert {8, 9} <= pks(librarian)
    assert {8, 9} <= pks(staff_user)


def test_snippets_are_escaped(backend: Any) -> None:
    from tests.search.corpus import doc

    backend.index(
        doc(1, "<script>alert(1)</script> vendors", "en", "<b>vendors</b> & <i>more</i>, x < 5")
    )
    hit = search(SearchParams(q="vendors")).hits[0]
    # Markup is taken out (plain text), what is left is escaped: no tag can reach the page.
    assert "<script>" not in str(hit.title) and "alert" not in str(hit.title)
    assert str(hit.title) == "<mark>vendors</mark>"
    assert str(hit.snippet) == "<mark>vendors</mark> &amp; more, x &lt; 5"


def test_pagination_and_sort(corpus: Any) -> None:
    first = search(SearchParams(q="", per_page=3))
    second = search(SearchParams(q="", per_page=3, page=2))
    assert first.pages == 3
    assert not {h.pk for h in first.hits} & {h.pk for h in second.hits}
    assert search(SearchParams(q="", sort="bogus")).sort == "relevance"


def test_malformed_queries_answer(corpus: Any) -> None:
    for query in ['"vendors', "-", "!" * 5000, "year:zz", "-vendors"]:
        search(SearchParams(q=query))


# --- semantic stage (a fake plaza.search.semantic.services) ---------------------------------


@dataclass
class PassageHit:
    model: str
    pk: int
    passage: str
    language: str
    score: float
    baseline: float = 0.0
    readable: bool = True
    contrast: float = 1.0


def test_rrf_fuses_ranks() -> None:
    passages = [PassageHit("m", 3, "p3", "en", 0.9), PassageHit("m", 1, "p1", "en", 0.8)]
    fused = reciprocal_rank_fusion(["m:1", "m:2"], passages, k=60)
    assert [h.key for h in fused] == ["m:1", "m:3", "m:2"]
    assert fused[0].lexical_rank == 1 and fused[0].semantic_rank == 2
    assert fused[1].passage == "p3"
    weighted = reciprocal_rank_fusion(["m:1", "m:2"], passages, k=60, semantic_weight=0.0)
    assert [h.key for h in weighted][:2] == ["m:1", "m:2"]


def test_rrf_counts_a_record_once() -> None:
    passages = [PassageHit("m", 1, "a", "en", 0.9), PassageHit("m", 1, "b", "en", 0.8)]
    fused = reciprocal_rank_fusion([], passages, k=60)
    assert len(fused) == 1 and fused[0].passage == "a"


@pytest.fixture
def fake_semantic(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    calls: list[Any] = []
    module = types.ModuleType("plaza.search.semantic.services")

    def search_passages(
        query: str, *, limit: int, languages: list[str] | None = None
    ) -> list[PassageHit]:
        calls.append((query, limit, languages))
        return [
            PassageHit("tests.document", 5, "ผู้ค้าหาบเร่แผงลอยบนทางเท้า", "th", 0.9),
            PassageHit("tests.document", 1, "vendedores ambulantes en Lima", "es", 0.8),
            PassageHit("tests.document", 9, "private passage", "en", 0.7),
            PassageHit("tests.document", 777, "not in the index", "en", 0.6),
        ]

    module.is_available = lambda: True  # type: ignore[attr-defined]
    module.search_passages = search_passages  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "plaza.search.semantic.services", module)
    return calls


def test_semantic_hits_are_fused_filtered_and_flagged(
    corpus: Any, fake_semantic: list[Any]
) -> None:
    result = search(SearchParams(q="street vendors"))
    assert result.semantic == "on"
    assert fake_semantic[0][0] == "street vendors"
    by_pk = {h.pk: h for h in result.hits}
    assert set(by_pk) == {2, 5, 1}  # 9 is private, 777 is not indexed
    assert by_pk[2].found_by == "lexical"
    assert by_pk[5].found_by == "semantic" and by_pk[5].other_language
    assert "ทางเท้า" in str(by_pk[5].snippet)
    assert result.total == 3
    assert result.facets["city"][0].count >= 1
    assert sum(v.count for v in result.facets["lang"]) == 3


def test_semantic_hits_respect_filters(corpus: Any, fake_semantic: list[Any]) -> None:
    result = search(SearchParams(q="street vendors", filters={"lang": ["th"]}))
    assert [h.pk for h in result.hits] == [5]
    # The candidates do not depend on the filters (so a facet's count is what its click
    # gives): the language filter narrows the fused set, not the semantic search.
    assert fake_semantic[0][2] is None


def test_semantic_can_be_turned_off(corpus: Any, fake_semantic: list[Any]) -> None:
    result = search(SearchParams(q="street vendors", semantic=False))
    assert result.semantic == "off"
    assert not fake_semantic
    assert [h.pk for h in result.hits] == [2]


def test_semantic_unavailable_or_failing(corpus: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("plaza.search.semantic.services")
    module.is_available = lambda: True  # type: ignore[attr-defined]

    def broken(query: str, **kwargs: Any) -> list[Any]:
        raise RuntimeError("model missing")

    module.search_passages = broken  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "plaza.search.semantic.services", module)
    result = search(SearchParams(q="street vendors"))
    assert result.semantic == "unavailable"
    assert [h.pk for h in result.hits] == [2]
    module.is_available = lambda: False  # type: ignore[attr-defined]
    assert search(SearchParams(q="street vendors")).semantic == "unavailable"


def test_a_meaning_only_record_needs_contrast(
    corpus: Any, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """The third test: a record close to the query only as it is close to any string of
    letters (contrast below SEARCH_SEMANTIC_MIN_CONTRAST) is not shown on meaning alone,
    however high its similarity and margin; with contrast it is."""
    module = types.ModuleType("plaza.search.semantic.services")
    contrasts = {5: 0.01, 1: 0.08}

    def search_passages(
        query: str, *, limit: int, languages: list[str] | None = None
    ) -> list[PassageHit]:
        return [
            PassageHit("tests.document", pk, "passage", "th", 0.9, 0.75, True, contrast)
            for pk, contrast in contrasts.items()
        ]

    module.is_available = lambda: True  # type: ignore[attr-defined]
    module.search_passages = search_passages  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "plaza.search.semantic.services", module)
    settings.SEARCH_SEMANTIC_MIN_CONTRAST = 0.027
    result = search(SearchParams(q="xqwz"))
    assert [(h.pk, h.found_by) for h in result.hits] == [(1, "semantic")]
    settings.SEARCH_SEMANTIC_MIN_CONTRAST = -1.0
    assert {h.pk for h in search(SearchParams(q="xqwz")).hits} == {1, 5}
