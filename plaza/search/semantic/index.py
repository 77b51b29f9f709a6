"""Nearest-neighbour search by brute force over an in-memory float32 matrix.

Each process keeps one contiguous (passages x 384) matrix of the current vectors.
Before a search it reads the version token (one indexed row); when another
process or task changed vectors, it reloads the matrix from the passage table.
All vectors are L2-normalised, so a matrix-vector product gives cosine scores.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from plaza.search.snapshot import Snapshot

from . import encoder, nonsense
from .storage import current_vectors, version_token


@lru_cache(maxsize=1)
def _blas_limiter() -> Callable[[], AbstractContextManager[object]]:
    """A context that keeps NumPy's BLAS on one thread (no-op without threadpoolctl).

    Measured on 2 cores: right after the model embeds a query, multi-threaded BLAS and
    the model's spinning OpenMP threads slow a 10k-passage product from 0.3 ms to ~100 ms.
    """
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return contextlib.nullcontext
    controller = ThreadpoolController()
    return lambda: controller.limit(limits=1, user_api="blas")


# A language's own median similarity is used (when higher than the library's) only once it
# has this many passages. Taking the higher of the two medians only ever makes the test
# stricter, so a small language may use its own: on the demo, Thai and Hindi have 6 passages
# each (the site pages' translations and a few records), and a Thai query about cake was
# "close" to the Thai press room page by language alone (margin 0.088, 0.045 against the
# Thai median).
MIN_LANGUAGE_PASSAGES = 5


@dataclass
class VectorMatrix:
    token: str = "<unloaded>"  # noqa: S105 (a version stamp, not a secret)
    vectors: npt.NDArray[np.float32] = field(
        default_factory=lambda: np.zeros((0, encoder.DIMENSIONS), dtype=np.float32)
    )
    passage_ids: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    record_ids: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    language_ids: npt.NDArray[np.int16] = field(default_factory=lambda: np.zeros(0, np.int16))
    records: list[tuple[str, int]] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    loaded_at: float = 0.0  # time.monotonic() of the load
    load_seconds: float = 0.0
    _affinity: npt.NDArray[np.float32] | None = None  # see nonsense_affinity()
    _language_rows: dict[int, npt.NDArray[np.int64]] | None = None  # see language_rows()

    @property
    def size(self) -> int:
        return int(self.vectors.shape[0])

    @property
    def nbytes(self) -> int:
        return int(
            self.vectors.nbytes
            + self.passage_ids.nbytes
            + self.record_ids.nbytes
            + self.language_ids.nbytes
        )

    def nearest(
        self,
        query: npt.NDArray[np.float32],
        *,
        limit: int,
        languages: list[str] | None = None,
    ) -> list[tuple[int, float]]:
        """(passage id, score) of the best passage of each of the ``limit`` best records."""
        return self.nearest_with_baseline(query, limit=limit, languages=languages)[0]

    def nearest_with_baseline(
        self,
        query: npt.NDArray[np.float32],
        *,
        limit: int,
        languages: list[str] | None = None,
    ) -> tuple[list[tuple[int, float]], float]:
        """``nearest``, and the query's median similarity over every passage (its baseline:
        how close a typical passage of the library is to the query)."""
        hits, baseline = self.nearest_with_contrast(query, limit=limit, languages=languages)
        return [(hit[0], hit[1]) for hit in hits], baseline

    def nearest_with_contrast(
        self,
        query: npt.NDArray[np.float32],
        *,
        limit: int,
        languages: list[str] | None = None,
    ) -> tuple[list[tuple[int, float, float, float]], float]:
        """``(passage id, score, contrast, margin)`` of the best passages, and the baseline
        (the query's median similarity over every passage).

        The margin is how much closer the passage is than a typical passage: its score minus
        the median over the library, or over the passages in its own language when that is
        higher (``MIN_LANGUAGE_PASSAGES`` at least). The model puts texts of one language
        near each other whatever they say: a Thai query about cake is closer to every Thai
        record than to a typical English one, so against the whole library's median each
        Thai record would look relevant.

        The contrast is the same margin measured with what sets the query apart from random
        letters: the similarity minus the passage's own similarity to the random-letters
        centroid (plaza.search.semantic.nonsense), minus the median of that. Every string of
        letters is close to the passages that attract random letters; a record that is close
        to the query only in that way has no contrast.
        """
        if self.size == 0 or limit <= 0:
            return [], 0.0
        with _blas_limiter()():
            scores = self.vectors @ query.astype(np.float32, copy=False)
        baseline = float(np.median(scores))
        contrasted = scores - self.nonsense_affinity()
        contrast_baseline = float(np.median(contrasted))
        best = self._best(scores, limit, languages)
        medians: dict[int, tuple[float, float]] = {}
        for language in {int(self.language_ids[row]) for _pid, _score, row in best}:
            rows = self.language_rows().get(language)
            if rows is None:
                medians[language] = (baseline, contrast_baseline)
            else:
                medians[language] = (
                    max(baseline, float(np.median(scores[rows]))),
                    max(contrast_baseline, float(np.median(contrasted[rows]))),
                )
        hits = []
        for pid, score, row in best:
            own, own_contrast = medians[int(self.language_ids[row])]
            hits.append((pid, score, float(contrasted[row]) - own_contrast, score - own))
        return hits, baseline

    def language_rows(self) -> dict[int, npt.NDArray[np.int64]]:
        """The rows of each language that has at least ``MIN_LANGUAGE_PASSAGES`` passages
        (computed once per load)."""
        if self._language_rows is None:
            counts = np.bincount(self.language_ids, minlength=len(self.languages))
            self._language_rows = {
                language: np.flatnonzero(self.language_ids == language)
                for language in range(len(self.languages))
                if counts[language] >= MIN_LANGUAGE_PASSAGES
            }
        return self._language_rows

    def nonsense_affinity(self) -> npt.NDArray[np.float32]:
        """Each passage's similarity to the random-letters centroid (computed once per load)."""
        if self._affinity is None or self._affinity.shape[0] != self.size:
            with _blas_limiter()():
                self._affinity = self.vectors @ nonsense.centroid()
        return self._affinity

    def _best(
        self, scores: npt.NDArray[np.float32], limit: int, languages: list[str] | None
    ) -> list[tuple[int, float, int]]:
        """(passage id, score, row in the matrix) of the best passage of each best record."""
        if languages is not None:
            wanted = [i for i, code in enumerate(self.languages) if code in set(languages)]
            allowed = np.isin(self.language_ids, np.array(wanted, dtype=np.int16))
            scores = np.where(allowed, scores, -np.inf)
        candidates = min(self.size, max(limit * 4, 64))
        while True:
            if candidates < self.size:
                top = np.argpartition(-scores, candidates - 1)[:candidates]
                top = top[np.argsort(-scores[top], kind="stable")]
            else:
                top = np.argsort(-scores, kind="stable")
            hits: list[tuple[int, float, int]] = []
            seen: set[int] = set()
            for row in top:
                score = float(scores[row])
                if score == -np.inf:
                    break
                record = int(self.record_ids[row])
                if record in seen:
                    continue
                seen.add(record)
                hits.append((int(self.passage_ids[row]), score, int(row)))
                if len(hits) == limit:
                    return hits
            if candidates >= self.size or (len(top) and scores[top[-1]] == -np.inf):
                return hits
            candidates = min(self.size, candidates * 4)


def load_matrix(token: str) -> VectorMatrix:
    """Read every current vector into one preallocated matrix (no transient copies)."""
    started = time.monotonic()
    queryset = current_vectors()
    capacity = queryset.count()
    vectors = np.empty((capacity, encoder.DIMENSIONS), dtype=np.float32)
    passage_ids = np.empty(capacity, dtype=np.int64)
    record_ids = np.empty(capacity, dtype=np.int64)
    language_ids = np.empty(capacity, dtype=np.int16)
    record_index: dict[tuple[str, int], int] = {}
    language_index: dict[str, int] = {}
    rows = queryset.order_by("pk").values_list(
        "pk", "record_model", "record_pk", "language", "vector"
    )
    size = 0
    for pk, record_model, record_pk, language, vector in rows.iterator(chunk_size=2000):
        if size == capacity:
            break  # added since the count: the next version change loads them
        data = vector or b""
        if len(data) != encoder.DIMENSIONS * 4:
            continue  # a vector of another model's size: stale, ignore
        vectors[size] = np.frombuffer(data, dtype="<f4")
        passage_ids[size] = pk
        record_ids[size] = record_index.setdefault((record_model, record_pk), len(record_index))
        language_ids[size] = language_index.setdefault(language, len(language_index))
        size += 1
    return VectorMatrix(
        token=token,
        vectors=vectors[:size],
        passage_ids=passage_ids[:size],
        record_ids=record_ids[:size],
        language_ids=language_ids[:size],
        records=list(record_index),
        languages=list(language_index),
        loaded_at=time.monotonic(),
        load_seconds=time.monotonic() - started,
    )


# The matrix of this process (plaza.search.snapshot: reloaded when vectors change,
# at most every 20 x its load time, 10 s minimum, once loading it is slow).
_snapshot = Snapshot(
    VectorMatrix, lambda token: load_matrix(token), version_token, min_interval=10.0
)


def current_matrix() -> VectorMatrix:
    """This process's matrix, reloaded first if vectors changed anywhere since it was loaded.

    Passages deleted since the last load may still be in the matrix for a few seconds
    (large libraries only); callers drop hits whose passage no longer exists.
    """
    return _snapshot.current()


def forget() -> None:
    """Drop the in-memory matrix (it is reloaded on the next search)."""
    _snapshot.forget()
