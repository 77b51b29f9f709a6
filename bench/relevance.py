"""Relevance of Plaza's search against a plain whitespace BM25 baseline (bm25s), same run.

    .venv/bin/python bench/relevance.py            # SQLite (the default backend)
    .venv/bin/python bench/relevance.py --postgres postgres://postgres@127.0.0.1:5432/plaza_bench_relevance

Collections (../shared/data): Cranfield (English, graded judgments) and XQuAD-R in en, es,
hi and th (each question -> the paragraph it was asked about). Metrics: nDCG@10, MRR@10,
Recall@100. Plaza is measured twice: its default behaviour (all words required, falling back
to typo correction and then to any word) and ranked any-word retrieval (what the fallback
does, and what an evaluation of ranking normally measures). The table goes into
docs/dev/benchmarks.md between the relevance markers.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from pathlib import Path

from django.utils import timezone

sys.path.insert(0, str(Path(__file__).resolve().parent))

import plaza_bench

K_NDCG = 10
K_RECALL = 100


def ndcg(ranked: list[int], gains: dict[int, float], k: int = K_NDCG) -> float:
    dcg = sum(gains.get(doc, 0.0) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sorted(gains.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def mrr(ranked: list[int], relevant: set[int], k: int = K_NDCG) -> float:
    for i, doc in enumerate(ranked[:k]):
        if doc in relevant:
            return 1.0 / (i + 1)
    return 0.0


def recall(ranked: list[int], relevant: set[int], k: int = K_RECALL) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def evaluate(
    runs: list[list[int]], judgments: list[dict[int, float]]
) -> tuple[float, float, float]:
    n = len(runs)
    return (
        sum(ndcg(r, j) for r, j in zip(runs, judgments, strict=True)) / n,
        sum(mrr(r, set(j)) for r, j in zip(runs, judgments, strict=True)) / n,
        sum(recall(r, set(j)) for r, j in zip(runs, judgments, strict=True)) / n,
    )


# --- baseline ----------------------------------------------------------------------------


def whitespace(text: str) -> list[str]:
    return text.lower().split()


def bm25_baseline(texts: dict[int, str], queries: list[str]) -> list[list[int]]:
    import bm25s

    ids = list(texts)
    retriever = bm25s.BM25()
    retriever.index([whitespace(texts[i]) for i in ids], show_progress=False)
    vocabulary = retriever.vocab_dict
    runs: list[list[int]] = []
    for query in queries:
        tokens = [t for t in whitespace(query) if t in vocabulary]
        if not tokens:
            runs.append([])
            continue
        k = min(K_RECALL, len(ids))
        docs, scores = retriever.retrieve([tokens], k=k, show_progress=False)
        runs.append([ids[int(d)] for d, s in zip(docs[0], scores[0], strict=True) if s > 0])
    return runs


STEMMERS = {"en": "english", "es": "spanish", "fr": "french", "hi": "hindi"}
_WORDS = re.compile(r"[\w\u0900-\u0963\u0966-\u097f]+")


def stemmed(text: str, language: str) -> list[str]:
    """Lower-cased words stemmed by Snowball (PyStemmer) or, for Thai, segmented by PyThaiNLP
    (newmm): the peer a user would compare with, not a whitespace split."""
    text = text.lower()
    if language == "th":
        from pythainlp.tokenize import word_tokenize

        return [w for w in word_tokenize(text, engine="newmm", keep_whitespace=False) if w.strip()]
    import Stemmer

    words = _WORDS.findall(text)
    name = STEMMERS.get(language)
    return Stemmer.Stemmer(name).stemWords(words) if name else words


def bm25_stemmed(texts: dict[int, str], queries: list[str], language: str) -> list[list[int]]:
    import bm25s

    ids = list(texts)
    retriever = bm25s.BM25()
    retriever.index([stemmed(texts[i], language) for i in ids], show_progress=False)
    vocabulary = retriever.vocab_dict
    runs: list[list[int]] = []
    for query in queries:
        tokens = [t for t in stemmed(query, language) if t in vocabulary]
        if not tokens:
            runs.append([])
            continue
        docs, scores = retriever.retrieve([tokens], k=min(K_RECALL, len(ids)), show_progress=False)
        runs.append([ids[int(d)] for d, s in zip(docs[0], scores[0], strict=True) if s > 0])
    return runs


# --- Plaza ---------------------------------------------------------------------------------


def plaza_index(collection: str, docs: dict[int, tuple[str, str]], language: str) -> float:
    from django.db import transaction

    from plaza.search.backends import get_backend
    from plaza.search.registry import SearchDocument

    documents = [
        SearchDocument(
            model=f"bench.{collection}", pk=pk, title=title, abstract=text, language=language
        )
        for pk, (title, text) in docs.items()
    ]
    started = time.perf_counter()
    backend = get_backend()
    backend.clear()  # one collection at a time: no foreign documents, own statistics
    for start in range(0, len(documents), 500):
        with transaction.atomic():
            backend.index_many(documents[start : start + 500])
    return time.perf_counter() - started


def plaza_runs(collection: str, queries: list[str], match: str) -> list[list[int]]:
    from plaza.search.services import SearchParams, search

    runs: list[list[int]] = []
    for query in queries:
        result = search(
            SearchParams(
                q=query,
                per_page=K_RECALL,
                facets=False,
                snippets=False,
                semantic=False,
                match=match,
            ),
            None,
        )
        runs.append([hit.pk for hit in result.hits if hit.model == f"bench.{collection}"])
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default="", help="PostgreSQL URL of a scratch database")
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    args = parser.parse_args()
    plaza_bench.setup_django(args.postgres)
    from django.db import connection

    backend = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite FTS5"
    rows: list[str] = []
    collections: list[
        tuple[str, str, dict[int, tuple[str, str]], list[str], list[dict[int, float]]]
    ] = []
    docs, queries, qrels = plaza_bench.cranfield()
    judged = [i for i in range(1, len(queries) + 1) if i in qrels]
    collections.append(
        (
            "cranfield",
            "en",
            docs,
            [queries[i - 1] for i in judged],
            [{d: float(5 - g) for d, g in qrels[i].items()} for i in judged],
        )
    )
    for language in ("en", "es", "hi", "th"):
        paragraphs, questions = plaza_bench.xquad(language)
        collections.append(
            (
                f"xquad-{language}",
                language,
                {i + 1: ("", p) for i, p in enumerate(paragraphs)},
                [q for q, _i in questions],
                [{i + 1: 1.0} for _q, i in questions],
            )
        )
    for name, language, collection_docs, collection_queries, judgments in collections:
        seconds = plaza_index(name.replace("-", "_"), collection_docs, language)
        texts = {pk: f"{title} {text}" for pk, (title, text) in collection_docs.items()}
        base = evaluate(bm25_baseline(texts, collection_queries), judgments)
        stem = evaluate(bm25_stemmed(texts, collection_queries, language), judgments)
        started = time.perf_counter()
        any_word = evaluate(
            plaza_runs(name.replace("-", "_"), collection_queries, "any"), judgments
        )
        query_ms = (time.perf_counter() - started) * 1000 / len(collection_queries)
        default = evaluate(plaza_runs(name.replace("-", "_"), collection_queries, "all"), judgments)
        row = (
            f"| {name} | {len(collection_docs)} / {len(collection_queries)} "
            + "".join(
                f"| {b:.3f} | {st:.3f} | **{a:.3f}** ({a / st if st else float('inf'):.2f}×) "
                f"| {d:.3f} "
                for b, st, a, d in zip(base, stem, any_word, default, strict=True)
            )
            + f"| {seconds:.1f} s / {query_ms:.1f} ms |"
        )
        print(row, flush=True)
        rows.append(row)
    header = (
        f"Backend: {backend}. Run {timezone.localdate().isoformat()} with "
        f"`.venv/bin/python bench/relevance.py"
        + (" --postgres URL" if args.postgres else "")
        + "`.\n\n"
        "Baseline: BM25 (bm25s, default k1/b) over lower-cased, whitespace-split text. "
        "Stemmed: the same BM25 over Snowball-stemmed words (PyStemmer: English, Spanish, "
        "Hindi) or PyThaiNLP newmm words (Thai), the peer users would compare with. "
        "Plaza any: Plaza's analysis + its ranking with field weights (SQLite: FTS5 BM25; "
        "PostgreSQL: the same BM25, from the tsvector's positions), any-word ranking. "
        "Plaza all: Plaza's default (all words required; typo correction, then any word, "
        "only when that finds nothing; since issue 19, with four words or more every record with "
        "any word is ranked, every word counting). Ratios are Plaza any / "
        "stemmed.\n\n"
        "| collection | docs / queries | nDCG@10 base | nDCG@10 stemmed | nDCG@10 Plaza any "
        "| nDCG@10 Plaza all | MRR@10 base | MRR@10 stemmed | MRR@10 Plaza any "
        "| MRR@10 Plaza all | R@100 base | R@100 stemmed | R@100 Plaza any | R@100 Plaza all "
        "| Plaza index / query |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    if not args.no_write:
        section = "relevance-postgres" if args.postgres else "relevance"
        plaza_bench.write_section(
            section, "### Relevance (" + backend + ")\n\n" + header + "\n".join(rows)
        )


if __name__ == "__main__":
    main()
