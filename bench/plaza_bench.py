"""Helpers shared by the search benchmarks: Django set-up on a scratch database, markdown
sections in docs/dev/benchmarks.md, data-set readers."""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS_MD = ROOT / "docs" / "dev" / "benchmarks.md"
SHARED = Path(os.environ.get("PLAZA_SHARED_DATA_DIR") or ROOT.parent / "shared" / "data")


def setup_django(database_url: str = "") -> Path:
    """Configure Django on a fresh scratch database (SQLite file in a temporary folder, or
    the given PostgreSQL database, emptied), migrated. Returns the scratch folder."""
    scratch = Path(tempfile.mkdtemp(prefix="plaza-bench-"))
    os.environ["PLAZA_DATA_DIR"] = str(scratch)
    os.environ.setdefault("PLAZA_LOG_LEVEL", "WARNING")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
        os.environ.setdefault("PLAZA_SECRET_KEY", "bench-only-secret")
        _recreate_postgres_database(database_url)
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "plaza.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return scratch


def _recreate_postgres_database(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = config["NAME"]
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise SystemExit(f"refusing to recreate database {name!r}: use a plain bench name")
    with psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def write_section(name: str, markdown: str) -> None:
    """Replace the text between <!-- BEGIN name --> and <!-- END name --> (append if absent)."""
    begin, end = f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"
    text = BENCHMARKS_MD.read_text(encoding="utf-8") if BENCHMARKS_MD.exists() else ""
    block = f"{begin}\n{markdown.strip()}\n{end}"
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    BENCHMARKS_MD.write_text(text, encoding="utf-8")


# --- data sets -------------------------------------------------------------------------


def cranfield() -> tuple[dict[int, tuple[str, str]], list[str], dict[int, dict[int, int]]]:
    """(docs id -> (title, text), queries in file order, qrels query position -> {doc: grade}).

    cran.qry numbers queries 001..365 with gaps; cranqrel numbers them 1..225 in file order,
    so queries are remapped by position."""
    folder = SHARED / "cranfield"
    docs: dict[int, tuple[str, str]] = {}
    for block in re.split(r"^\.I ", (folder / "cran.all.1400").read_text(), flags=re.M)[1:]:
        number, _, rest = block.partition("\n")
        fields = dict(re.findall(r"^\.([TABW])\n(.*?)(?=^\.[TABW]\n|\Z)", rest, flags=re.M | re.S))
        docs[int(number)] = (
            " ".join(fields.get("T", "").split()),
            " ".join(fields.get("W", "").split()),
        )
    queries = [
        " ".join(block.partition(".W")[2].split())
        for block in re.split(r"^\.I ", (folder / "cran.qry").read_text(), flags=re.M)[1:]
    ]
    qrels: dict[int, dict[int, int]] = {}
    for line in (folder / "cranqrel").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3:
            query, doc, grade = int(parts[0]), int(parts[1]), int(parts[2])
            if 1 <= grade <= 4:
                qrels.setdefault(query, {})[doc] = grade
    return docs, queries, qrels


def xquad(language: str) -> tuple[list[str], list[tuple[str, int]]]:
    """(paragraphs, [(question, index of its paragraph)]) for one language of XQuAD-R."""
    data = json.loads((SHARED / "xquad-r" / f"{language}.json").read_text(encoding="utf-8-sig"))
    paragraphs: list[str] = []
    questions: list[tuple[str, int]] = []
    for article in data["data"]:
        for paragraph in article["paragraphs"]:
            index = len(paragraphs)
            paragraphs.append(paragraph["context"].lstrip("\ufeff"))
            questions += [(qa["question"], index) for qa in paragraph["qas"]]
    return paragraphs, questions


def undp_paragraphs(limit: int | None = None) -> Iterator[tuple[str, str]]:
    """(title, paragraph) pairs from the UNDP Accelerator Labs pages, without link boilerplate."""
    count = 0
    for path in sorted((SHARED / "undp-acclab-informal" / "pages").glob("*")):
        text = path.read_text(encoding="utf-8", errors="replace")
        title = ""
        for line in text.splitlines():
            if line.startswith("# "):
                title = line[2:].strip()
                break
        for chunk in re.split(r"\n\s*\n", text):
            chunk = re.sub(r"\[\[[^\]]*\]\]|\[([^\]]*)\]\([^)]*\)|[#*>|`_]", r"\1", chunk)
            chunk = " ".join(chunk.replace("\\", "").split())
            if len(chunk) >= 200 and chunk.count(" ") > 30:
                yield title or chunk[:80], chunk[:1500]
                count += 1
                if limit and count >= limit:
                    return


def thai_posts() -> list[str]:
    path = SHARED / "wisesight-th"
    files = [p for p in path.iterdir() if p.is_file() and p.suffix in (".txt", "")]
    lines: list[str] = []
    for file in files:
        if file.name.upper().startswith("LICENSE"):
            continue
        lines += [" ".join(line.split()) for line in file.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if len(line) >= 40]
