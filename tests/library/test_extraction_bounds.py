"""Issue 13 item 4: no upload can stop the site.

Extraction is bounded (expanded size and ratio of zip containers, file size, pages, characters,
time and memory) and never runs inside a database transaction; a file over a bound is kept,
with the reason shown like a broken file's.
"""

from __future__ import annotations

import io
import subprocess
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings

from plaza.library import extraction, services
from plaza.library.extraction import DOCX, HTML, TEXT, Bounds, ExtractionError, extract_file
from plaza.library.models import ExtractionStatus
from tests.library.factories import resource_with_creators

MB = 1024 * 1024


def _docx_bomb(expanded_mb: int) -> bytes:
    """A real .docx whose document.xml expands to ``expanded_mb`` MB (about 1 MB compressed)."""
    out = io.BytesIO()
    body = b"<w:p><w:r><w:t>" + b"a" * (expanded_mb * MB) + b"</w:t></w:r></w:p>"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        z.writestr(
            "word/document.xml",
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body>" + body + b"</w:body></w:document>",
        )
    return out.getvalue()


def test_a_zip_bomb_docx_is_refused_quickly_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    path.write_bytes(_docx_bomb(574))
    assert path.stat().st_size < 1.5 * MB
    start = time.perf_counter()
    with pytest.raises(ExtractionError, match="zip bomb"):
        extract_file(str(path), DOCX, Bounds(max_uncompressed_bytes=200 * MB))
    assert time.perf_counter() - start < 5  # a look at the zip directory, no decompression


def test_a_high_ratio_docx_under_the_size_bound_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ratio.docx"
    path.write_bytes(_docx_bomb(40))
    with pytest.raises(ExtractionError, match="times"):
        extract_file(str(path), DOCX, Bounds(max_uncompressed_bytes=100 * MB, max_ratio=20))


def test_characters_kept_are_bounded(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"informal workers " * 300_000)  # 5.1 MB of text
    result = extract_file(str(path), TEXT, Bounds(max_chars=100_000))
    assert len(result.text) == 100_000
    assert "100000 characters" in result.note


def test_a_file_larger_than_the_bound_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(b"<p>x</p>" * (2 * MB // 8 + 1))
    with pytest.raises(ExtractionError, match="up to 1 MB"):
        extract_file(str(path), HTML, Bounds(max_uncompressed_bytes=1 * MB))


def test_memory_is_bounded_in_a_child_process(tmp_path: Path) -> None:
    # 30 MB of nested tags: the HTML parser's tree needs far more than 200 MB.
    path = tmp_path / "deep.html"
    path.write_bytes(b"<div><span>a</span></div>" * (30 * MB // 25))
    with pytest.raises(ExtractionError, match="memory"):
        extract_file(
            str(path), HTML, Bounds(max_uncompressed_bytes=100 * MB, max_memory_bytes=200 * MB)
        )


def test_time_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "slow.txt"
    path.write_bytes(b"slow")
    # The child runs `python -m plaza.library.extraction`; make it a child that never answers.
    monkeypatch.setattr(subprocess, "run", _wrap_run(subprocess.run, ["/bin/sleep", "30"]))
    start = time.perf_counter()
    with pytest.raises(ExtractionError, match="longer than 1 seconds"):
        extract_file(str(path), TEXT, Bounds(timeout_seconds=1))
    assert time.perf_counter() - start < 10


def _wrap_run(run: Any, argv: list[str]) -> Any:
    def fake(_argv: list[str], **kwargs: Any) -> Any:
        return run(argv, **kwargs)

    return fake


@pytest.mark.django_db(transaction=True)
@override_settings(EXTRACTION_MAX_UNCOMPRESSED_MB=50)
def test_an_upload_over_the_bounds_is_kept_with_a_visible_reason(
    librarian: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen_in_transaction: list[bool] = []
    real = extraction.extract_file

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen_in_transaction.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr("plaza.library.tasks.extract_file", watched)
    resource = resource_with_creators(("Dias", "Sonia"), title="Bomb carrier", status="draft")
    stored = services.attach_file(
        librarian, resource, SimpleUploadedFile("bomb.docx", _docx_bomb(300))
    )
    stored.refresh_from_db()
    assert stored.extraction_status == ExtractionStatus.FAILED
    assert "zip bomb" in stored.extraction_message
    assert stored.file.size > 0  # the file is kept
    assert seen_in_transaction == [False]  # parsed with no transaction open
