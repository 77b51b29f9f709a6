"""Speed of Plaza's search (SQLite FTS5 and PostgreSQL) side by side with Tantivy, same run.

    .venv/bin/python bench/search_speed.py                       # 10k and 100k documents
    .venv/bin/python bench/search_speed.py --sizes 10000 --postgres ''   # SQLite + Tantivy only
    .venv/bin/python bench/search_speed.py --sizes 10000,100000,1000000  # 1M: about an hour

For each size, each engine runs in its own process on the same generated documents
(bench/search_corpus.py) and the same fixed query mix: index throughput (documents/s,
analysis included) and latency p50/p95 of the full search call (Plaza: parsing, analysis,
matching, BM25 ranking, total count, facet counts over the whole result set and highlighted
snippets for 10 hits; Tantivy: parse + plain top-10, no facets, no snippets). The slowest
Plaza query on SQLite at the largest size is profiled. Results go into docs/dev/benchmarks.md.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import json
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import plaza_bench
import search_corpus

QUERIES = [
    ("common word", "informal"),
    ("common word", "workers"),
    ("rare word", "microfinance"),
    ("rare word", "boda"),
    ("two words", "street vendors"),
    ("two words", "waste pickers"),
    ("two words", "informal sector"),
    ("phrase", '"informal economy"'),
    ("phrase", '"public space"'),
    ("prefix", "recycl*"),
    ("Spanish", "trabajadores"),
    ("Hindi", "सरकार"),
    ("Thai", "ราคา"),
    ("Thai", "ร้านอาหาร"),
    ("with filters", "workers lang:en"),
    ("with filters", "informal type:report"),
    ("with filters", "market year:2010..2015"),
    ("with filters", "recycling sector:waste-pickers city:accra"),
    ("filters only", "type:law year:2020..2024"),
    ("typo", "infromal"),
]
REPEATS = 5
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/plaza_bench_search"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def tantivy_text(query: str) -> str:
    """The query without Plaza's filters and prefix star (Tantivy does plain top-10)."""
    text = " ".join(t for t in query.split() if not re.match(r"^[a-z]+:", t)).replace("*", "")
    return text or "*"


# --- workers (one process per engine and size) --------------------------------------------


def run_plaza(size: int, database_url: str, profile: bool) -> dict[str, object]:
    plaza_bench.setup_django(database_url)
    from django.db import transaction

    from plaza.search.analysis import analyze, detect_language
    from plaza.search.backends import get_backend
    from plaza.search.registry import SearchDocument
    from plaza.search.services import SearchParams, search

    documents = search_corpus.generate(size)
    backend = get_backend()
    # Load the Thai dictionary and the language model first (once per process, like a server).
    analyze("ผู้ค้าหาบเร่แผงลอย", "th")
    detect_language("informal workers in the city")
    workers = os.cpu_count() or 1
    batch = 500
    # The first tenth in one process (what saving records one by one costs per document),
    # the rest the way `plaza reindex` does it: analysis in one process per core.
    serial_size = max(batch, size // 10)

    def index_range(first: int, last: int, processes: int) -> float:
        started = time.perf_counter()
        for start in range(first, last, batch):
            with transaction.atomic():
                backend.index_many(
                    [
                        SearchDocument(
                            model="bench.document",
                            pk=d.pk,
                            title=d.title,
                            abstract=d.abstract,
                            language=d.language,
                            facets=d.facets,
                            date=d.date,
                        )
                        for d in documents[start : min(start + batch, last)]
                    ],
                    workers=processes,
                )
        return time.perf_counter() - started

    serial_seconds = index_range(0, serial_size, 1)
    index_seconds = index_range(serial_size, size, workers)
    if backend.name == "postgresql":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchentry")
            cursor.execute("VACUUM ANALYZE search_searchfacet")
    else:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    for _kind, query in QUERIES:  # warm-up: caches, vocabulary, language model
        search(SearchParams(q=query, semantic=False))
    latencies: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    for _round in range(REPEATS):
        for _kind, query in QUERIES:
            t0 = time.perf_counter()
            result = search(SearchParams(q=query, semantic=False))
            latencies.setdefault(query, []).append((time.perf_counter() - t0) * 1000)
            totals[query] = result.total
    # Cold: the first search with each query after an index change (no cached postings).
    from plaza.search import columns
    from plaza.search.backends import postgres, sqlite_fts5

    cold: list[float] = []
    for _kind, query in QUERIES:
        sqlite_fts5._postings.clear()
        postgres._postings.clear()
        t0 = time.perf_counter()
        search(SearchParams(q=query, semantic=False))
        cold.append((time.perf_counter() - t0) * 1000)
    table = columns.load(columns.version_token())
    report: dict[str, object] = {
        "cold": cold,
        "columns_load_s": table.load_seconds,
        "engine": backend.name,
        "size": size,
        "docs_per_s": (size - serial_size) / index_seconds,
        "serial_docs_per_s": serial_size / serial_seconds,
        "workers": workers,
        "latencies": latencies,
        "totals": totals,
    }
    if profile:
        slowest = max(latencies, key=lambda q: sorted(latencies[q])[len(latencies[q]) // 2])
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(3):
            search(SearchParams(q=slowest, semantic=False))
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(
            r"plaza/search|sqlite3|psycopg", 14
        )
        report["profile"] = {"query": slowest, "text": out.getvalue()}
    return report


def run_tantivy(size: int) -> dict[str, object]:
    import tantivy

    documents = search_corpus.generate(size)
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("pk", stored=True, indexed=True)
    builder.add_text_field("title", stored=True)
    builder.add_text_field("body", stored=True)
    schema = builder.build()
    folder = tempfile.mkdtemp(prefix="plaza-bench-tantivy-")
    index = tantivy.Index(schema, path=folder)
    started = time.perf_counter()
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    for d in documents:
        writer.add_document(tantivy.Document(pk=d.pk, title=d.title, body=d.abstract))
    writer.commit()
    writer.wait_merging_threads()
    index_seconds = time.perf_counter() - started
    index.reload()
    searcher = index.searcher()

    def one(query: str) -> int:
        parsed = index.parse_query(tantivy_text(query), ["title", "body"])
        hits = searcher.search(parsed, 10).hits
        for _score, address in hits:
            searcher.doc(address)
        return len(hits)

    for _kind, query in QUERIES:
        one(query)
    latencies: dict[str, list[float]] = {}
    for _round in range(REPEATS):
        for _kind, query in QUERIES:
            t0 = time.perf_counter()
            one(query)
            latencies.setdefault(query, []).append((time.perf_counter() - t0) * 1000)
    return {
        "engine": "tantivy",
        "size": size,
        "docs_per_s": size / index_seconds,
        "latencies": latencies,
    }


# --- orchestration -----------------------------------------------------------------------


def spawn(engine: str, size: int, database_url: str, profile: bool) -> dict[str, object]:
    out = Path(tempfile.mkstemp(prefix="plaza-bench-", suffix=".json")[1])
    command = [sys.executable, __file__, "--worker", engine, "--size", str(size), "--out", str(out)]
    if database_url:
        command += ["--database-url", database_url]
    if profile:
        command.append("--profile")
    print(f"... {engine} {size:,}", flush=True)
    subprocess.run(command, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    result: dict[str, object] = json.loads(out.read_text())
    out.unlink()
    return result


def cold_cells(result: dict[str, object]) -> str:
    cold = result["cold"]
    assert isinstance(cold, list)
    return (
        f"{float(result['serial_docs_per_s']):,.0f} "  # type: ignore[arg-type]
        f"| {percentile(cold, 0.5):.1f} / {percentile(cold, 0.95):.1f} "
        f"| {float(result['columns_load_s']):.2f}"  # type: ignore[arg-type]
    )


def summary(result: dict[str, object]) -> tuple[float, float, float]:
    latencies = result["latencies"]
    assert isinstance(latencies, dict)
    every = [ms for values in latencies.values() for ms in values]
    return float(result["docs_per_s"]), percentile(every, 0.5), percentile(every, 0.95)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--postgres", default=DEFAULT_PG, help="scratch database URL ('' to skip)")
    parser.add_argument(
        "--postgres-max-size",
        type=int,
        default=0,
        help="Run PostgreSQL only up to this many documents (0: every size)",
    )
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        if args.worker == "tantivy":
            result = run_tantivy(args.size)
        else:
            result = run_plaza(args.size, args.database_url, args.profile)
        Path(args.out).write_text(json.dumps(result))
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    rows: list[str] = []
    per_query: list[str] = []
    profile_text = ""
    for size in sizes:
        tantivy = spawn("tantivy", size, "", False)
        engines = [("SQLite FTS5", spawn("plaza", size, "", size == sizes[-1]))]
        if args.postgres and (not args.postgres_max_size or size <= args.postgres_max_size):
            engines.append(("PostgreSQL", spawn("plaza", size, args.postgres, False)))
        t_rate, t_p50, t_p95 = summary(tantivy)
        for name, result in engines:
            rate, p50, p95 = summary(result)
            row = (
                f"| {size:,} | Plaza {name} | {rate:,.0f} ({rate / t_rate:.2f}× Tantivy) "
                f"| {p50:.1f} ({p50 / t_p50:.0f}×) | {p95:.1f} ({p95 / t_p95:.0f}×) "
                f"| {cold_cells(result)} |"
            )
            rows.append(row)
            print(row, flush=True)
            if "profile" in result:
                profile = result["profile"]
                assert isinstance(profile, dict)
                profile_text = f"Slowest query at {size:,} on SQLite: `{profile['query']}`\n\n```\n{profile['text'].strip()}\n```"
        rows.append(
            f"| {size:,} | Tantivy (plain top-10) | {t_rate:,.0f} | {t_p50:.2f} | {t_p95:.2f} | | | |"
        )
        latencies = {name: r["latencies"] for name, r in engines}
        for kind, query in QUERIES:
            cells = " | ".join(
                f"{percentile(latencies[name][query], 0.5):.1f}"  # type: ignore[index]
                if name in latencies
                else "not run"
                for name in ["SQLite FTS5"] + (["PostgreSQL"] if args.postgres else [])
            )
            totals = engines[0][1]["totals"]
            per_query.append(
                f"| {size:,} | {kind} | `{query}` | {totals[query]:,} | {cells} | "  # type: ignore[index]
                f"{percentile(tantivy['latencies'][tantivy_text(query) and query], 0.5):.2f} |"  # type: ignore[index]
            )
    load = os.getloadavg()[0]
    engines_header = " | ".join(
        f"Plaza {n} p50 ms" for n in ["SQLite FTS5"] + (["PostgreSQL"] if args.postgres else [])
    )
    markdown = (
        f"### Search speed\n\nRun {datetime.datetime.now(datetime.UTC).date().isoformat()} on the shared 2-core machine "
        f"(load average {load:.1f} at the end: other jobs were running) with "
        f"`.venv/bin/python bench/search_speed.py --sizes {args.sizes}`.\n\n"
        "Index: documents per second, analysis included (batches of 500, one transaction each), "
        "with the text analysed in one process per core as `plaza reindex` does "
        "(*index docs/s*; Tantivy uses its own threads too) and, for the first tenth of the "
        "documents, in the one process that writes (*1 process*). "
        "Latency: the full Plaza search call (parse, analyse, match, rank, count, facet counts "
        "on the whole result set, snippets for 10 hits) against Tantivy's plain top-10 "
        f"(parse + search + load 10 stored documents); {len(QUERIES)} queries × {REPEATS} rounds "
        "after a warm-up round. Ratios are Plaza / Tantivy. *Cold* is one more round in which "
        "each query is the first after an index change: the per-process postings cache is empty, "
        "so common words are matched and scored from scratch. *Columns "
        "load* is how long a process takes to reload the in-memory facet columns after an "
        "index change (large indexes reload at most every 20 × that time; new entries are "
        "found meanwhile).\n\n"
        "| documents | engine | index docs/s | p50 ms | p95 ms | 1 process docs/s "
        "| cold p50 / p95 ms | columns load s |\n|---|---|---|---|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n\nPer query (median ms; results = Plaza's total on SQLite):\n\n"
        + f"| documents | kind | query | results | {engines_header} | Tantivy p50 ms |\n"
        + "|---|---|---|---|"
        + "---|" * (len(engines_header.split("|")) + 1)
        + "\n"
        + "\n".join(per_query)
        + ("\n\n" + profile_text if profile_text else "")
    )
    print(markdown)
    if not args.no_write:
        plaza_bench.write_section("search-speed", markdown)


if __name__ == "__main__":
    main()
