"""Fusion of word matches and semantic matches: the other-language rule, agreement."""

from __future__ import annotations

from dataclasses import dataclass

from plaza.search.fusion import FusedHit, reciprocal_rank_fusion


@dataclass(frozen=True)
class PassageHit:
    model: str
    pk: int
    passage: str
    language: str
    score: float = 0.0


def _keys(hits: list[FusedHit]) -> list[str]:
    return [h.key for h in hits]


def test_word_matches_in_another_language_count_less() -> None:
    # A Spanish question: BM25 matched English paragraphs on a shared name and a year;
    # the semantic ranker found the right English paragraph (m:3) first.
    lexical = ["m:1", "m:2", "m:3"]
    languages = ["en", "en", "en"]
    passages = [PassageHit("m", 3, "…", "en"), PassageHit("m", 4, "…", "en")]
    equal = reciprocal_rank_fusion(lexical, passages, k=10)
    assert _keys(equal)[0] == "m:3"  # both rankers: still first
    assert _keys(equal).index("m:4") > _keys(equal).index("m:1")
    ruled = reciprocal_rank_fusion(
        lexical,
        passages,
        k=10,
        lexical_languages=languages,
        query_language="es",
        other_language_lexical_weight=0.0,
    )
    assert _keys(ruled)[:2] == ["m:3", "m:4"]  # word-only matches in English fall behind
    assert ruled[2].lexical_rank == 1  # still listed, after the semantic ones


def test_word_matches_in_the_query_language_keep_their_weight() -> None:
    lexical = ["m:1", "m:2"]
    passages = [PassageHit("m", 3, "…", "en")]
    kwargs = {"k": 10, "query_language": "es", "other_language_lexical_weight": 0.0}
    same = reciprocal_rank_fusion(lexical, passages, lexical_languages=["es", "es"], **kwargs)  # type: ignore[arg-type]
    plain = reciprocal_rank_fusion(lexical, passages, k=10)
    assert [(h.key, h.score) for h in same] == [(h.key, h.score) for h in plain]
    # Unknown languages (document or query) never count as "another language".
    unknown = reciprocal_rank_fusion(
        lexical, passages, k=10, lexical_languages=["", "es"], other_language_lexical_weight=0.0
    )
    assert [(h.key, h.score) for h in unknown] == [(h.key, h.score) for h in plain]


def test_lexical_weight_and_k() -> None:
    passages = [PassageHit("m", 2, "p2", "en")]
    lexical_first = reciprocal_rank_fusion(["m:1"], passages, k=10, lexical_weight=1.0)
    assert lexical_first[0].score == lexical_first[1].score  # one rank each: a tie…
    assert _keys(lexical_first) == ["m:1", "m:2"]  # …broken by the lexical rank
    semantic_first = reciprocal_rank_fusion(["m:1"], passages, k=10, lexical_weight=0.5)
    assert _keys(semantic_first) == ["m:2", "m:1"]


def test_evidence_tiers_then_title_coverage_then_reciprocal_rank() -> None:
    import numpy as np

    from plaza.search.fusion import fuse_arrays

    # 1: best BM25, words apart in a long title (tier 2); 2: the phrase in a long title;
    # 3: the phrase is the whole title (tier 3, coverage 1); 4: found by meaning alone.
    ids = np.array([1, 2, 3], dtype=np.int64)
    scores = np.array([9.0, 5.0, 4.0])
    dates = np.zeros(3, dtype=np.int64)
    tiers = np.array([2, 3, 3], dtype=np.int64)
    coverage = np.array([0.2, 0.25, 1.0])
    fused_ids, fused, ranks = fuse_arrays(
        ids, scores, dates, [(4, 0.5), (2, 0.5)], tiers=tiers, title_coverage=coverage, k=10
    )
    order = [int(fused_ids[i]) for i in np.argsort(-fused, kind="stable")]
    assert order == [3, 2, 1, 4]
    assert ranks == {4: 1, 2: 2}
    without = fuse_arrays(ids, scores, dates, [(4, 0.5), (2, 0.5)], tiers=tiers, k=10)
    assert [int(without[0][i]) for i in np.argsort(-without[1], kind="stable")][:2] == [2, 3]
