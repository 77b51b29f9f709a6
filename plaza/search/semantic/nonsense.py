"""Does the model read the query as language? A guard against meaning matches for nonsense.

multilingual-e5-small maps every text somewhere, and strings of random letters ("xqzvbn")
land in one region of its space, close to each other: measured on 60 random letter strings,
their similarity to the centroid of twelve others is 0.880 to 0.937, while real queries in
English, Spanish, Hindi and Thai (XQuAD-R questions, short topic queries such as "street
vendors" or "แรงงานนอกระบบ") score 0.776 to 0.880. A query above ``NONSENSE_SIMILARITY``
is not offered records found by meaning alone (its word matches, if any, are shown as
always: an acronym such as "WIEGO" or a rare name such as "Mbeubeuss" also lands in that
region, and is found by its words). See docs/search.md and bench/semantic_eval.py.

The centroid is computed from ``REFERENCE`` with the bundled model and stored next to this
file (``nonsense-centroid.npy``, with the encoder id); it is recomputed in memory when the
model changes.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import numpy.typing as npt

from . import encoder

# Twelve strings of random letters (random.Random(7), 5 to 10 letters each).
REFERENCE = (
    "emubcrd",
    "sbqgbcn",
    "chcrnbsd",
    "uusbss",
    "bhbrejne",
    "dsjrvfdss",
    "gldrwcsbtg",
    "vrnykoso",
    "jhzfwyh",
    "sjqpk",
    "ojtcdqnfyk",
    "pnbvcy",
)
NONSENSE_SIMILARITY = 0.885
CENTROID_FILE = Path(__file__).with_name("nonsense-centroid.npy")


def compute_centroid() -> npt.NDArray[np.float32]:
    vectors = encoder.embed_queries(list(REFERENCE))
    centroid = vectors.mean(axis=0)
    result: npt.NDArray[np.float32] = (centroid / np.linalg.norm(centroid)).astype(np.float32)
    return result


def save_centroid() -> None:
    with CENTROID_FILE.open("wb") as out:
        np.save(out, compute_centroid())
    CENTROID_FILE.with_suffix(".id").write_text(encoder.ENCODER_ID + "\n", encoding="utf-8")


@functools.cache
def centroid() -> npt.NDArray[np.float32]:
    stored_id = CENTROID_FILE.with_suffix(".id")
    if (
        CENTROID_FILE.is_file()
        and stored_id.is_file()
        and stored_id.read_text(encoding="utf-8").strip() == encoder.ENCODER_ID
    ):
        stored: npt.NDArray[np.float32] = np.load(CENTROID_FILE).astype(np.float32)
        return stored
    return compute_centroid()


def reads_as_nonsense(query_vector: npt.NDArray[np.float32]) -> bool:
    return float(query_vector @ centroid()) >= NONSENSE_SIMILARITY
