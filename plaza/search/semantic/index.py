"""Nearest-neighbour search by brute force over an in-memory float32 matrix.

Each process keeps one contiguous (passages x 384) matrix of the current vectors.
Before a search it reads the version token (one indexed row); when another
process or task changed vectors, it reloads the matrix from the passage table.
All vectors are L2-normalised, so a matrix-vector product gives cosine scores.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from . import encoder
from .storage import current_vectors, version_token


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
        if self.size == 0 or limit <= 0:
            return []
        scores = self.vectors @ query.astype(np.float32, copy=False)
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
            hits: list[tuple[int, float]] = []
            seen: set[int] = set()
            for row in top:
                score = float(scores[row])
                if score == -np.inf:
                    break
                record = int(self.record_ids[row])
                if record in seen:
                    continue
                seen.add(record)
                hits.append((int(self.passage_ids[row]), score))
                if len(hits) == limit:
                    return hits
            if candidates >= self.size or (len(top) and scores[top[-1]] == -np.inf):
                return hits
            candidates = min(self.size, candidates * 4)


def load_matrix(token: str) -> VectorMatrix:
    rows = (
        current_vectors()
        .order_by("pk")
        .values_list("pk", "record_model", "record_pk", "language", "vector")
    )
    record_index: dict[tuple[str, int], int] = {}
    language_index: dict[str, int] = {}
    passage_ids: list[int] = []
    record_ids: list[int] = []
    language_ids: list[int] = []
    chunks: list[bytes] = []
    for pk, record_model, record_pk, language, vector in rows.iterator(chunk_size=2000):
        data = bytes(vector or b"")
        if len(data) != encoder.DIMENSIONS * 4:
            continue  # a vector of another model's size: stale, ignore
        passage_ids.append(pk)
        record_ids.append(record_index.setdefault((record_model, record_pk), len(record_index)))
        language_ids.append(language_index.setdefault(language, len(language_index)))
        chunks.append(data)
    vectors = np.frombuffer(b"".join(chunks), dtype="<f4").astype(np.float32, copy=True)
    return VectorMatrix(
        token=token,
        vectors=np.ascontiguousarray(vectors.reshape(len(passage_ids), encoder.DIMENSIONS)),
        passage_ids=np.array(passage_ids, dtype=np.int64),
        record_ids=np.array(record_ids, dtype=np.int64),
        language_ids=np.array(language_ids, dtype=np.int16),
        records=list(record_index),
        languages=list(language_index),
    )


_lock = threading.Lock()
_matrix = VectorMatrix()


def current_matrix() -> VectorMatrix:
    """This process's matrix, reloaded first if vectors changed anywhere since it was loaded."""
    global _matrix
    token = version_token()
    if token != _matrix.token:
        with _lock:
            if token != _matrix.token:
                _matrix = load_matrix(token)
    return _matrix


def forget() -> None:
    """Drop the in-memory matrix (it is reloaded on the next search)."""
    global _matrix
    with _lock:
        _matrix = VectorMatrix()
