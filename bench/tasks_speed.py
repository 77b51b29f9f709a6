"""Background work as people feel it: an upload's text searchable behind queued bulk work, and
how long the demo takes to become fully semantic (issue 17).

Runnable alone:  .venv/bin/python bench/tasks_speed.py [--uploads N] [--max-minutes M]
It loads `plaza demo` into a fresh SQLite database in a temporary folder (DATABASE_URL: that
PostgreSQL database, dropped and created again; use a bench-only name), then starts the real
worker (`plaza worker`, the database task queue) as a separate process while the demo's
embedding tasks wait in the queue, and

(a) uploads small text files to demo records through `library.services.attach_file` (as the
    librarian does on the page), one every few seconds while the bulk embeddings run, and
    times each from the upload's commit until a word only that file holds is found by search;
(b) keeps the worker running until no embedding task is left (or --max-minutes passed), and
    reports how long the demo took to become fully semantic and the records and passages
    embedded per second.

Results go to docs/dev/benchmarks.md between <!-- BEGIN tasks_speed --> and <!-- END tasks_speed -->.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plaza_bench import ROOT, setup_django, write_section

MARK = "tasks_speed"
EMBED_TASK = "plaza.search.semantic.tasks.embed_record"


def _waiting_embeddings() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=EMBED_TASK, status__in=["READY", "RUNNING"]
    ).count()


def _embedded() -> tuple[int, int, int]:
    """(records findable by meaning: title + abstract passage embedded, passages embedded,
    passages in all). Records are not counted by "every passage embedded": an upload during
    the run adds passages to a record that had them all."""
    from plaza.search.semantic.models import Passage
    from plaza.search.semantic.storage import current_vectors

    records = current_vectors().filter(ordinal=0).count()
    return records, current_vectors().count(), Passage.objects.count()


def _found(word: str, pk: int) -> bool:
    """The uploaded record is found by its word itself (not by a typo-corrected neighbour)."""
    from plaza.search.services import SearchParams, search

    response = search(SearchParams(q=word, semantic=False, facets=False, snippets=False))
    return response.mode == "all" and any(hit.pk == pk for hit in response.hits)


def _worker_ready(timeout: float = 600.0) -> float:
    """Seconds until the worker finished its first task (its start-up is not the queue's wait)."""
    from django_tasks_db.models import DBTaskResult

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if DBTaskResult.objects.filter(status="SUCCESSFUL").exists():
            break
        time.sleep(0.5)
    return time.perf_counter() - started


def _start_worker(log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "plaza", "worker", "--interval", "0.2", "--no-periodic"],
            cwd=ROOT,
            env=dict(os.environ),
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _upload(number: int) -> tuple[str, int, float]:
    """Attach a file with a word of its own to a published demo record; (word, record id,
    commit time)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from plaza.accounts.models import User
    from plaza.library import services
    from plaza.library.models import Resource, Status

    librarian = User.objects.get(username="librarian")
    resource = Resource.objects.filter(status=Status.PUBLISHED).order_by("pk")[number]
    word = "".join(random.Random(number).choice("bcdfghjklmnpqrstvwxz") for _ in range(14))
    upload = SimpleUploadedFile(
        f"minutes-{number}.txt",
        f"Minutes of the market committee. The {word} stall rota was agreed.".encode(),
    )
    services.attach_file(librarian, resource, upload)  # its own transaction, committed here
    return word, resource.pk, time.perf_counter()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=5, help="files uploaded while bulk runs")
    parser.add_argument("--gap", type=float, default=20.0, help="seconds between the uploads")
    parser.add_argument(
        "--max-minutes", type=float, default=180.0, help="stop waiting for the embeddings"
    )
    parser.add_argument(
        "--note", default="", help="a line about the conditions (e.g. low priority, shared)"
    )
    args = parser.parse_args()
    scratch = setup_django(os.environ.get("DATABASE_URL", ""))

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from plaza.search.semantic import encoder

    started = time.perf_counter()
    call_command("demo", verbosity=0)
    demo_seconds = time.perf_counter() - started
    queued = _waiting_embeddings()
    records0, passages0, passages_all = _embedded()
    print(f"demo loaded in {demo_seconds:.0f} s; {queued} embedding tasks queued", flush=True)

    worker = _start_worker(scratch / "worker.log")
    worker_started = time.perf_counter()
    startup = _worker_ready()
    waits: list[tuple[int, float]] = []  # (embedding tasks still queued, seconds)
    try:
        for number in range(args.uploads):
            if number:
                time.sleep(args.gap)
            behind = _waiting_embeddings()
            word, pk, committed = _upload(number)
            deadline = committed + 600
            while not _found(word, pk) and time.perf_counter() < deadline:
                time.sleep(0.1)
            waits.append((behind, time.perf_counter() - committed))
            print(f"upload {number + 1}: searchable after {waits[-1][1]:.1f} s", flush=True)
        limit = worker_started + 60 * args.max_minutes
        while _waiting_embeddings() and time.perf_counter() < limit and worker.poll() is None:
            time.sleep(2.0)
        worker_seconds = time.perf_counter() - worker_started
        left = _waiting_embeddings()
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    records, passages, passages_all = _embedded()
    embedded_records, embedded_passages = records - records0, passages - passages0
    per_s = embedded_records / worker_seconds
    total_minutes = (demo_seconds + worker_seconds) / 60
    threads = int(getattr(settings, "WORKER_SEMANTIC_THREADS", 0) or 0) or os.cpu_count()
    lines = [
        "## Background work: uploads behind bulk embedding, the demo fully semantic "
        "(bench/tasks_speed.py)",
        "",
        f"Database: {connection.vendor}. Machine: {os.cpu_count()} cores; one worker process "
        f"(`plaza worker`, embedding with {threads} thread(s)); model {encoder.ENCODER_ID}."
        + (f" {args.note}" if args.note else ""),
        "",
        "Upload to searchable text (a file attached to a demo record while the demo's embedding "
        "tasks wait in the queue; from the upload's commit until search finds a word only the "
        f"file holds; the worker had started and finished its first task, {startup:.0f} s after "
        "its launch):",
        "",
        "| upload | embedding tasks queued at upload | seconds to searchable |",
        "|---:|---:|---:|",
    ]
    lines += [
        f"| {i + 1} | {behind} | {seconds:.1f} |" for i, (behind, seconds) in enumerate(waits)
    ]
    if waits:
        lines += [
            "",
            f"Median {statistics.median(s for _b, s in waits):.1f} s, worst "
            f"{max(s for _b, s in waits):.1f} s.",
        ]
    finished = (
        f"fully semantic after {total_minutes:.1f} min"
        if not left
        else f"not finished after {total_minutes:.1f} min ({left} embedding tasks left; at this "
        f"rate about {(passages_all - passages) / max(embedded_passages / worker_seconds, 1e-9) / 60:.0f}"
        " min more)"
    )
    lines += [
        "",
        "The demo becoming fully semantic (`plaza demo`, then the worker until no embedding task "
        "is left):",
        "",
        "| step | time | records findable by meaning | passages | records/s | passages/s |",
        "|---|---:|---:|---:|---:|---:|",
        f"| `plaza demo` (curated titles embedded in the foreground, the rest queued: "
        f"{queued} tasks) | {demo_seconds:.0f} s | {records0} | {passages0} | | |",
        f"| worker until no embedding task is left | {worker_seconds / 60:.1f} min | "
        f"{embedded_records} | {embedded_passages} | {per_s:.2f} | "
        f"{embedded_passages / worker_seconds:.2f} |",
        f"| total | {total_minutes:.1f} min | {records} | {passages} of {passages_all} | | |",
        "",
        f"Result: {finished}.",
    ]
    text = "\n".join(lines)
    print(text)
    write_section(MARK, text)


if __name__ == "__main__":
    main()
