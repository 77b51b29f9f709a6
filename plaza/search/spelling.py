"""Typo tolerance from the index's own vocabulary: a small symmetric-delete (SymSpell) corrector.

Words of the vocabulary are stored with their single-character deletions; a query word's
deletions (up to two) are looked up there and the candidates verified with a
Damerau-Levenshtein distance. The table is rebuilt when the vocabulary grows.

The vocabulary holds the words of every indexed record, private ones included, and keeps
words after their record is withdrawn. So a word is offered (corrected to, or completed)
only when one of its index terms occurs in a record the asking user may see: checked in the
term index itself (FTS5 or tsvector) against the entries' visibility, never trusted from
the vocabulary (``visible_words`` here, the backends' ``visible_terms``).
"""

# ruff: noqa: S608 -- table names are module constants; every value is a bound parameter.

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import connection

from plaza.search.backends import get_backend
from plaza.search.backends.base import TERM

_lock = threading.Lock()


def _deletes(word: str, distance: int) -> set[str]:
    result = {word}
    frontier = {word}
    for _ in range(distance):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        result |= frontier
    return result


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, capped at ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return min(previous[-1], limit)


class Vocabulary:
    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.index: dict[str, list[str]] = defaultdict(list)
        for word in counts:
            if len(word) >= 3:
                for deleted in _deletes(word, 1):
                    self.index[deleted].append(word)

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def correct(
        self, word: str, accept: Callable[[str], bool] | None = None, limit: int = 2
    ) -> str | None:
        """The most frequent vocabulary word within 1 edit (2 for words of 6+ characters).

        A word of the vocabulary is corrected only to a much more frequent neighbour one
        edit away (a rare misspelling that also occurs in some document). ``accept(word)``
        says whether a word may be used (the asking user may see a record holding it):
        refused words are neither offered nor count as known. ``limit`` caps the distance
        (1: only corrections safe to apply without asking)."""
        if len(word) < 4:
            return None
        own = self.counts.get(word, 0)
        if own and accept is not None and not accept(word):
            own = 0
        if own:
            if len(word) < 5:
                return None
            max_distance = 1
        else:
            max_distance = 2 if len(word) >= 6 else 1
        max_distance = min(max_distance, limit)
        candidates: set[str] = set()
        for deleted in _deletes(word, max_distance):
            candidates.update(self.index.get(deleted, ()))
        ranked: list[tuple[int, int, str]] = []
        for candidate in candidates:
            distance = edit_distance(word, candidate, max_distance + 1)
            if own and self.counts[candidate] < 3 * own:
                continue
            if 0 < distance <= max_distance:
                ranked.append((distance, -self.counts[candidate], candidate))
        for _distance, _count, candidate in sorted(ranked):
            if accept is None or accept(candidate):
                return candidate
        return None


_cache: dict[str, tuple[int, Vocabulary]] = {}


def vocabulary() -> Vocabulary:
    """The vocabulary of the current database (cached until it grows)."""
    alias = connection.alias + connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0), COUNT(*) FROM {TERM}")
        top, count = cursor.fetchone()
        generation = int(top) * 1_000_003 + int(count)
        cached = _cache.get(alias)
        if cached and cached[0] == generation:
            return cached[1]
        cursor.execute(f"SELECT word, MAX(document_count) FROM {TERM} GROUP BY word")
        counts = {str(word): int(n) for word, n in cursor.fetchall()}
    with _lock:
        built = Vocabulary(counts)
        _cache[alias] = (generation, built)
    return built


# --- what the asking user may see ------------------------------------------------------


def terms_of_words(words: Iterable[str]) -> dict[str, list[str]]:
    """Vocabulary word -> the index terms it stands for."""
    wanted = list(dict.fromkeys(words))
    found: dict[str, list[str]] = {}
    if not wanted:
        return found
    marks = ", ".join(["%s"] * len(wanted))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word, term FROM {TERM} WHERE word IN ({marks})", wanted)
        for word, term in cursor.fetchall():
            found.setdefault(str(word), []).append(str(term))
    return found


def visible_words(words: Iterable[str], visibilities: tuple[str, ...]) -> set[str]:
    """The vocabulary words among ``words`` that a user seeing ``visibilities`` may be offered."""
    by_word = terms_of_words(words)
    visible = get_backend().visible_terms(
        [t for terms in by_word.values() for t in terms], visibilities
    )
    return {word for word, terms in by_word.items() if visible.intersection(terms)}


def visibility_check(visibilities: tuple[str, ...]) -> Callable[[str], bool]:
    """``accept`` for ``Vocabulary.correct``: is the word in a record these users may see?"""
    return lambda word: bool(visible_words([word], visibilities))
