"""Reciprocal rank fusion of the lexical ranking and the semantic (cross-lingual) passages.

score(d) = w_lex(d) / (k + lexical rank) + w_sem / (k + semantic rank), ranks from 1.

The lexical weight depends on the document: a word match in a document written in
the query's language (or of unknown language) counts ``lexical_weight``; a word match
in a document in *another* language counts ``other_language_lexical_weight``. Words
shared across languages are mostly names, numbers and loanwords, so such matches say
little about relevance: a Spanish question about a city's population shares the
city's name and the year with many English paragraphs, and with equal weights BM25's
guesses pushed the right English paragraph out of the top ten (XQuAD-R es → en nDCG@10
0.94 semantic alone, 0.69 fused). When both rankers find a document both count, so
agreement still wins. The defaults come from docs/dev/benchmarks.md (tuned on one half of
XQuAD-R's questions, reported on the other).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

# Fused scores of the evidence tiers: the query's words as an exact phrase in the title (3),
# every query word in the title (2), the query's words as an exact phrase (1), the rest (0).
# A reciprocal-rank score is always below 1, so a record of a higher tier is never ranked
# below one of a lower tier. Inside the title tiers, the share of the title's words that
# the query covers (0 to 1) counts TITLE_COVERAGE times: a title that *is* the query ("From
# waste to wealth" for `waste wealth`) comes before a long title that merely contains it.
TIER = 10.0
TITLE_COVERAGE = 1.0


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
    lexical_languages: list[str] | None = None,
    query_language: str = "",
    other_language_lexical_weight: float | None = None,
    floor: float | None = None,
) -> list[FusedHit]:
    """Fused hits, best first; a record's best passage counts once.

    ``lexical_languages`` gives the language of each lexical hit (same order as
    ``lexical_keys``); with ``query_language`` and ``other_language_lexical_weight``
    it lowers the weight of word matches in documents of another language. Without
    them (or with an unknown language on either side) every lexical hit counts
    ``lexical_weight``. With ``floor``, a record found by meaning alone is kept only if
    its passage's similarity reaches it.
    """
    other = (
        lexical_weight if other_language_lexical_weight is None else other_language_lexical_weight
    )
    fused: dict[str, FusedHit] = {}
    for rank, key in enumerate(lexical_keys, 1):
        hit = fused.setdefault(key, FusedHit(key, 0.0))
        if hit.lexical_rank is None:
            hit.lexical_rank = rank
            language = lexical_languages[rank - 1] if lexical_languages else ""
            same = not query_language or not language or language == query_language
            hit.score += (lexical_weight if same else other) / (k + rank)
    rank = 0
    for passage in passages:
        key = f"{passage.model}:{passage.pk}"
        rank += 1
        if floor is not None and key not in fused and float(passage.score) < floor:
            continue
        hit = fused.setdefault(key, FusedHit(key, 0.0))
        if hit.semantic_rank is not None:
            continue
        hit.semantic_rank = rank
        hit.passage = passage.passage
        hit.passage_language = passage.language
        hit.score += semantic_weight / (k + rank)
    return sorted(fused.values(), key=lambda h: (-h.score, h.lexical_rank or 10**9, h.key))


def fuse_arrays(
    ids: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float64],
    dates: npt.NDArray[np.int64],
    meaning: list[tuple[int, float]],
    *,
    tiers: npt.NDArray[np.int64] | None = None,
    title_coverage: npt.NDArray[np.float64] | None = None,
    lexical_languages: npt.NDArray[Any] | None = None,
    query_language: str = "",
    k: int = 60,
    lexical_weight: float = 1.0,
    semantic_weight: float = 1.0,
    other_language_lexical_weight: float | None = None,
    floor: float | None = 0.0,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], dict[int, int]]:
    """The service's fusion, on arrays: every word match (``ids``, BM25 ``scores``, dates
    for ties) and the meaning matches (entry id, similarity), best first.

    Returns the fused ids, their scores (tier x TIER + title coverage x TITLE_COVERAGE +
    reciprocal-rank score) and the
    semantic rank of each meaning match kept. A meaning-only record is kept when its
    similarity reaches ``floor``; ``floor`` None keeps none (an exact query)."""
    n = ids.shape[0]
    order = np.lexsort((ids, -dates, dates == 0, -scores))
    ranks = np.empty(n, dtype=np.int64)
    ranks[order] = np.arange(1, n + 1)
    other = (
        lexical_weight if other_language_lexical_weight is None else other_language_lexical_weight
    )
    weights = np.full(n, lexical_weight, dtype=np.float64)
    if query_language and lexical_languages is not None and n:
        known = (lexical_languages != "") & (lexical_languages != query_language)
        weights[known.astype(np.bool_)] = other
    fused = weights / (k + ranks)
    if tiers is not None:
        fused += tiers * TIER
    if title_coverage is not None:
        fused += title_coverage * TITLE_COVERAGE
    position = {int(entry_id): i for i, entry_id in enumerate(ids.tolist())} if meaning else {}
    extra_ids: list[int] = []
    extra_scores: list[float] = []
    semantic_ranks: dict[int, int] = {}
    for rank, (entry_id, similarity) in enumerate(meaning, 1):
        if entry_id in semantic_ranks:
            continue
        contribution = semantic_weight / (k + rank)
        at = position.get(entry_id)
        if at is not None:
            fused[at] += contribution
        elif floor is not None and similarity >= floor:
            extra_ids.append(entry_id)
            extra_scores.append(contribution)
        else:
            continue
        semantic_ranks[entry_id] = rank
    return (
        np.concatenate([ids, np.array(extra_ids, dtype=np.int64)]),
        np.concatenate([fused, np.array(extra_scores, dtype=np.float64)]),
        semantic_ranks,
    )
