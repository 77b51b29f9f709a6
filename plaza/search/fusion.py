"""Reciprocal rank fusion of the lexical ranking and the semantic (cross-lingual) passages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class FusedHit:
    key: str  # "model:pk"
    score: float
    lexical_rank: int | None = None
    semantic_rank: int | None = None
    passage: str = ""
    passage_language: str = ""


def reciprocal_rank_fusion(
    lexical_keys: list[str],
    passages: list[Any],
    *,
    k: int = 60,
    lexical_weight: float = 1.0,
    semantic_weight: float = 1.0,
) -> list[FusedHit]:
    """score(d) = Σ weight / (k + rank): ranks start at 1; a record's best passage counts once."""
    fused: dict[str, FusedHit] = {}
    for rank, key in enumerate(lexical_keys, 1):
        hit = fused.setdefault(key, FusedHit(key, 0.0))
        if hit.lexical_rank is None:
            hit.lexical_rank = rank
            hit.score += lexical_weight / (k + rank)
    rank = 0
    for passage in passages:
        key = f"{passage.model}:{passage.pk}"
        hit = fused.setdefault(key, FusedHit(key, 0.0))
        if hit.semantic_rank is not None:
            continue
        rank += 1
        hit.semantic_rank = rank
        hit.passage = passage.passage
        hit.passage_language = passage.language
        hit.score += semantic_weight / (k + rank)
    return sorted(fused.values(), key=lambda h: (-h.score, h.lexical_rank or 10**9, h.key))
