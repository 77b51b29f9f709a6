"""Knowledge-base throughput: resources imported per second and files whose text is extracted per second.

Runnable alone:  .venv/bin/python bench/import_speed.py [--pages N]
It uses a fresh SQLite database in a temporary folder (or DATABASE_URL when set), imports the
UNDP Accelerator Labs pages from ../shared/data through the real import path (validation,
services, history, search-registry call), and, side by side in the same run, the same rows
written with a bare bulk_create (the floor no import can beat). Text extraction is measured
on generated PDF, DOCX, HTML and plain-text files, next to a plain read of the same bytes.
Results go to docs/dev/benchmarks.md between <!-- BEGIN import_speed --> and <!-- END import_speed -->.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PLAZA_DATA_DIR", tempfile.mkdtemp(prefix="plaza-bench-import-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plaza.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from plaza.accounts.models import User  # noqa: E402
from plaza.library import extraction, importers, undp  # noqa: E402
from plaza.library.models import Creator, Resource  # noqa: E402

MARK = "import_speed"


def timed(function: object, *args: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args)  # type: ignore[operator]
    return time.perf_counter() - started, result


def sample_files(words: str) -> dict[str, tuple[str, bytes]]:
    import docx
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(5):
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(w=0, text=words)
    document = docx.Document()
    for _ in range(5):
        document.add_paragraph(words)
    buffer = io.BytesIO()
    document.save(buffer)
    html = "<html><body>" + "".join(f"<p>{words}</p>" for _ in range(5)) + "</body></html>"
    return {
        "PDF (pypdf), 5 pages": (extraction.PDF, bytes(pdf.output())),
        "DOCX (python-docx)": (extraction.DOCX, buffer.getvalue()),
        "HTML (beautifulsoup4)": (extraction.HTML, html.encode()),
        "plain text": (extraction.TEXT, (words * 5).encode()),
    }


def bench_extraction(repeat: int) -> list[tuple[str, float, float]]:
    words = " ".join(["Street vendors and waste pickers organise in Lima and Accra."] * 60)
    rows = []
    for label, (content_type, data) in sample_files(words).items():
        seconds, _ = timed(
            lambda data=data, content_type=content_type: [
                extraction.extract_text(io.BytesIO(data), content_type) for _ in range(repeat)
            ]
        )
        floor, _ = timed(
            lambda data=data: [io.BytesIO(data).read().decode("latin-1") for _ in range(repeat)]
        )
        rows.append((label, repeat / seconds, seconds / max(floor, 1e-9)))
    return rows


def bench_import(folder: Path, limit: int) -> dict[str, float]:
    call_command("migrate", verbosity=0)
    user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", "bench@example.org", "bench-password"
    )
    parse_seconds, rows = timed(lambda: undp.rows_from_directory(folder)[:limit])
    import_seconds, report = timed(lambda: importers.import_rows(user, rows, publish=True))
    created = len(report.created)  # type: ignore[attr-defined]
    Resource.objects.all().delete()

    def bare() -> int:
        with transaction.atomic():
            objects = [
                Resource(
                    **{k: v for k, v in row.fields.items() if k not in ("status", "edition_of")},
                    status="published",
                )
                for row in rows  # type: ignore[attr-defined]
            ]
            Resource.objects.bulk_create(objects)
            Creator.objects.bulk_create(
                [Creator(resource=r, kind="organization", name=undp.SOURCE) for r in objects]
            )
        return len(objects)

    bare_seconds, bare_count = timed(bare)
    return {
        "pages": float(len(rows)),  # type: ignore[arg-type]
        "created": float(created),
        "parse_per_s": len(rows) / parse_seconds,  # type: ignore[arg-type]
        "import_per_s": created / import_seconds,
        "bare_per_s": float(bare_count) / bare_seconds,  # type: ignore[arg-type]
        "import_seconds": import_seconds,
    }


def write_section(text: str) -> None:
    path = ROOT / "docs" / "dev" / "benchmarks.md"
    current = path.read_text() if path.exists() else "# Benchmarks\n"
    block = f"<!-- BEGIN {MARK} -->\n{text}\n<!-- END {MARK} -->"
    pattern = re.compile(rf"<!-- BEGIN {MARK} -->.*?<!-- END {MARK} -->", re.S)
    updated = (
        pattern.sub(block, current)
        if pattern.search(current)
        else current.rstrip() + "\n\n" + block + "\n"
    )
    path.write_text(updated)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000, help="import at most this many pages")
    parser.add_argument("--repeat", type=int, default=20, help="extractions per format")
    args = parser.parse_args()
    folder = undp.default_folder()
    lines = [
        "## Knowledge base: import and text extraction (bench/import_speed.py)",
        "",
        f"Database: {connection.vendor}. Machine: {os.cpu_count()} cores shared with other work; "
        "figures are for comparison within one run.",
        "",
    ]
    if folder.is_dir():
        r = bench_import(folder, args.pages)
        lines += [
            f"Import of {int(r['pages'])} UNDP Accelerator Labs pages ({int(r['created'])} created, "
            "the rest duplicates), validated whole and applied in one transaction:",
            "",
            "| step | resources/s | ratio to bare bulk_create |",
            "|---|---:|---:|",
            f"| parse Markdown pages (tags, boilerplate, language detection) | {r['parse_per_s']:.0f} | |",
            f"| `import_rows` (validate, services, history, index call) | {r['import_per_s']:.0f} | "
            f"{r['bare_per_s'] / r['import_per_s']:.1f}x slower |",
            f"| bare `bulk_create` of the same rows (floor) | {r['bare_per_s']:.0f} | 1.0 |",
            "",
            f"Whole import: {r['import_seconds']:.1f} s (this is what `make demo` spends on it, "
            "plus the search engine's own indexing when its writer is installed).",
            "",
        ]
    else:
        lines += [f"(UNDP pages not found at {folder}: import not measured.)", ""]
    lines += [
        f"Text extraction ({args.repeat} files per format, about 3,000 words each):",
        "",
        "| format (library) | files/s | time vs. reading the bytes |",
        "|---|---:|---:|",
    ]
    for label, per_second, ratio in bench_extraction(args.repeat):
        lines.append(f"| {label} | {per_second:.1f} | {ratio:.0f}x |")
    text = "\n".join(lines)
    print(text)
    write_section(text)


if __name__ == "__main__":
    main()
