"""`plaza restore` verifies everything before it touches anything (issue 13, item 9).

Each test builds a real backup of a real, migrated Plaza SQLite database in a temporary data
directory, damages it the way an attacker or a broken disk would, and checks that the restore
is refused with one line and that the live data is exactly as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from plaza.core import backup
from plaza.core.backup import BackupError, Paths, create_backup, restore_backup

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="backup/restore is for the embedded SQLite default"
)


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated Plaza database per test session (copied by each test)."""
    data = tmp_path_factory.mktemp("migrated")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PLAZA_DATA_DIR"] = str(data)
    result = subprocess.run(
        [sys.executable, "-m", "plaza", "migrate", "--noinput", "-v", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return data / "plaza.sqlite3"


@pytest.fixture
def site(tmp_path: Path, migrated_db: Path, settings: Any) -> Paths:
    """A live data directory: the database, three media files and a generated secret key."""
    data = tmp_path / "live"
    (data / "media" / "library").mkdir(parents=True)
    shutil.copy(migrated_db, data / "plaza.sqlite3")
    for n in range(3):
        (data / "media" / "library" / f"file{n}.txt").write_text(f"live file {n}")
    (data / "secret_key").write_text(settings.SECRET_KEY)
    return Paths(
        database=data / "plaza.sqlite3",
        media=data / "media",
        data_dir=data,
        secret_key=data / "secret_key",
    )


def snapshot(paths: Paths) -> dict[str, str]:
    files = [paths.database, paths.secret_key, *sorted(paths.media.rglob("*"))]
    return {
        str(f.relative_to(paths.data_dir)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in files
        if f.is_file()
    }


def rewrite(
    archive: Path,
    target: Path,
    *,
    manifest: Callable[[dict[str, Any]], Any] | None = None,
    manifest_bytes: bytes | None = None,
    database: bytes | None = None,
    drop: Callable[[str], bool] = lambda name: False,
    add: dict[str, bytes] | None = None,
) -> Path:
    """A copy of ``archive`` with its members changed."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            if drop(member.name):
                continue
            data = source.extractfile(member).read() if member.isfile() else None  # type: ignore[union-attr]
            if member.name == "manifest.json":
                if manifest_bytes is not None:
                    data = manifest_bytes
                elif manifest is not None:
                    data = json.dumps(manifest(json.loads(data or b"{}"))).encode()
            if member.name == "plaza.sqlite3" and database is not None:
                data = database
            if data is None:
                out.addfile(member)
            else:
                member.size = len(data)
                out.addfile(member, io.BytesIO(data))
        for name, data in (add or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    return target


@pytest.fixture
def good_archive(site: Paths, tmp_path: Path) -> Path:
    return create_backup(tmp_path / "good.tar.gz", site).path


def refused(archive: Path, site: Paths, expected: str) -> str:
    before = snapshot(site)
    with pytest.raises(BackupError) as caught:
        restore_backup(archive, site)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
    assert snapshot(site) == before
    assert not (site.data_dir / "restore-previous").exists() or not any(
        (site.data_dir / "restore-previous").rglob("*.sqlite3")
    )
    return message


def test_round_trip_keeps_the_replaced_data_aside(site: Paths, good_archive: Path) -> None:
    backed_up = snapshot(site)
    backed_up_rows = backup._row_counts(site.database)
    (site.media / "library" / "file0.txt").unlink()
    (site.media / "library" / "new.txt").write_text("after the backup")
    connection = sqlite3.connect(site.database)
    connection.execute("DELETE FROM django_session")
    connection.execute("CREATE TABLE scratch (x)")
    connection.commit()
    connection.close()
    site.secret_key.write_text("a key generated after the backup")
    changed = snapshot(site)

    info = restore_backup(good_archive, site)
    assert info.secret_key
    restored = snapshot(site)
    assert restored.pop("plaza.sqlite3") == info.database_sha256  # the backup API's copy
    assert restored == {k: v for k, v in backed_up.items() if k != "plaza.sqlite3"}
    assert backup._row_counts(site.database) == backed_up_rows
    assert info.previous is not None
    aside = {
        str(f.relative_to(info.previous)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in info.previous.rglob("*")
        if f.is_file() and not f.name.endswith(("-wal", "-shm"))
    }
    assert aside == {
        "plaza.sqlite3": changed["plaza.sqlite3"],
        "secret_key": changed["secret_key"],
        "media/library/file1.txt": changed["media/library/file1.txt"],
        "media/library/file2.txt": changed["media/library/file2.txt"],
        "media/library/new.txt": changed["media/library/new.txt"],
    }


def test_an_empty_non_plaza_database_with_a_matching_checksum_is_refused(
    site: Paths, good_archive: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    data = empty.read_bytes()
    archive = rewrite(
        good_archive,
        tmp_path / "empty.tar.gz",
        database=data,
        manifest=lambda m: (
            m | {"database_sha256": hashlib.sha256(data).hexdigest(), "row_counts": {"x": 0}}
        ),
    )
    refused(archive, site, "not a Plaza database")


def test_a_foreign_database_with_tables_is_refused(
    site: Paths, good_archive: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE django_migrations (app, name)")
    connection.execute("INSERT INTO django_migrations VALUES ('blog', '0001_initial')")
    connection.commit()
    connection.close()
    data = other.read_bytes()
    archive = rewrite(
        good_archive,
        tmp_path / "other.tar.gz",
        database=data,
        manifest=lambda m: m | {"database_sha256": hashlib.sha256(data).hexdigest()},
    )
    refused(archive, site, "not a Plaza database")


def test_an_archive_without_the_media_its_manifest_lists_is_refused(
    site: Paths, good_archive: Path, tmp_path: Path
) -> None:
    archive = rewrite(
        good_archive, tmp_path / "nomedia.tar.gz", drop=lambda n: n.startswith("media")
    )
    refused(archive, site, "listed in the manifest is missing")


def test_a_damaged_or_unlisted_media_file_is_refused(
    site: Paths, good_archive: Path, tmp_path: Path
) -> None:
    damaged = rewrite(
        good_archive,
        tmp_path / "damaged.tar.gz",
        drop=lambda n: n == "media/library/file1.txt",
        add={"media/library/file1.txt": b"live file X"},
    )
    refused(damaged, site, "media file library/file1.txt is damaged")
    extra = rewrite(good_archive, tmp_path / "extra.tar.gz", add={"media/planted.html": b"<x>"})
    refused(extra, site, "media file planted.html is not listed")


def test_a_corrupt_database_is_refused(site: Paths, good_archive: Path, tmp_path: Path) -> None:
    with tarfile.open(good_archive) as tar:
        data = bytearray(tar.extractfile("plaza.sqlite3").read())  # type: ignore[union-attr]
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096
    corrupt = bytes(data)
    archive = rewrite(
        good_archive,
        tmp_path / "corrupt.tar.gz",
        database=corrupt,
        manifest=lambda m: m | {"database_sha256": hashlib.sha256(corrupt).hexdigest()},
    )
    message = refused(archive, site, "the database")
    assert "integrity check" in message or "not a readable SQLite database" in message
    checksum = rewrite(good_archive, tmp_path / "checksum.tar.gz", database=corrupt)
    refused(checksum, site, "checksum mismatch")


def test_row_counts_must_equal_the_manifests(
    site: Paths, good_archive: Path, tmp_path: Path
) -> None:
    def fewer(manifest: dict[str, Any]) -> dict[str, Any]:
        manifest["row_counts"]["django_migrations"] += 1
        return manifest

    refused(rewrite(good_archive, tmp_path / "rows.tar.gz", manifest=fewer), site, "rows")


def test_a_database_from_a_newer_plaza_is_refused(
    site: Paths, good_archive: Path, tmp_path: Path
) -> None:
    with tarfile.open(good_archive) as tar:
        data = tar.extractfile("plaza.sqlite3").read()  # type: ignore[union-attr]
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(data)
    connection = sqlite3.connect(newer)
    connection.execute(
        "INSERT INTO django_migrations (app, name, applied) VALUES ('core', '9999_future', '2030-01-01')"
    )
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    changed = newer.read_bytes()

    def matching(manifest: dict[str, Any]) -> dict[str, Any]:
        manifest["database_sha256"] = hashlib.sha256(changed).hexdigest()
        manifest["row_counts"]["django_migrations"] += 1
        return manifest

    archive = rewrite(good_archive, tmp_path / "newer.tar.gz", database=changed, manifest=matching)
    refused(archive, site, "newer version of Plaza")


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "expected an object"),
        (b"\xff\xfe", "manifest.json"),
        (json.dumps({"format": 9}).encode(), "format 9 is not supported"),
        (json.dumps({"format": "2"}).encode(), "'format' must be a whole number"),
        (json.dumps({"format": 2, "created": "x"}).encode(), "'database_sha256'"),
    ],
)
def test_malformed_manifests_are_one_line_errors(
    site: Paths, good_archive: Path, tmp_path: Path, manifest: bytes, expected: str
) -> None:
    archive = rewrite(good_archive, tmp_path / "bad.tar.gz", manifest_bytes=manifest)
    refused(archive, site, expected)


def test_manifest_fields_of_the_wrong_type_are_named(
    site: Paths, good_archive: Path, tmp_path: Path
) -> None:
    cases: list[tuple[Callable[[dict[str, Any]], Any], str]] = [
        (lambda m: m | {"media": "all"}, "'media' must be a list"),
        (lambda m: m | {"media": [{"path": "a"}]}, "each entry of 'media'"),
        (lambda m: m | {"media_files": 99}, "'media_files' says 99"),
        (lambda m: m | {"row_counts": {"t": -1}}, "'row_counts'"),
        (lambda m: m | {"secret_key": "yes"}, "'secret_key' must be true or false"),
        (
            lambda m: m | {"media": [*m["media"][:-1], m["media"][-1] | {"path": "../x"}]},
            "unsafe entry",
        ),
    ]
    for n, (change, expected) in enumerate(cases):
        refused(rewrite(good_archive, tmp_path / f"m{n}.tar.gz", manifest=change), site, expected)


def test_a_failure_after_the_swap_puts_the_previous_data_back(
    site: Paths, good_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (site.media / "library" / "new.txt").write_text("after the backup")
    before = snapshot(site)

    def broken(paths: Paths, manifest: Any) -> None:
        raise BackupError("after the restore: the disk went away")

    monkeypatch.setattr(backup, "verify_in_place", broken)
    with pytest.raises(BackupError, match="the previous data was put back"):
        restore_backup(good_archive, site)
    assert snapshot(site) == before


def test_the_command_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    archive = tmp_path / "bad.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, payload in (("manifest.json", b"{oops"), ("plaza.sqlite3", b"")):
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PLAZA_DATA_DIR"] = str(data)
    result = subprocess.run(
        [sys.executable, "-m", "plaza", "restore", str(archive)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "manifest.json is not valid JSON" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def format_1(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest the previous version of `plaza backup` wrote."""
    return {k: manifest[k] for k in ("created", "database_sha256", "media_files")} | {"format": 1}


def test_a_format_1_archive_claiming_media_it_lacks_is_refused(
    site: Paths, good_archive: Path, tmp_path: Path
) -> None:
    archive = rewrite(
        good_archive,
        tmp_path / "v1-nomedia.tar.gz",
        manifest=lambda m: format_1(m) | {"media_files": 12},
        drop=lambda n: n.startswith("media") or n == "secret_key",
    )
    refused(archive, site, "the manifest lists 12 media files, 0 are present")


def test_a_format_1_archive_still_restores(site: Paths, good_archive: Path, tmp_path: Path) -> None:
    archive = rewrite(
        good_archive,
        tmp_path / "v1.tar.gz",
        manifest=format_1,
        drop=lambda n: n == "secret_key",
    )
    (site.media / "library" / "file0.txt").write_text("changed after the backup")
    info = restore_backup(archive, site)
    assert not info.secret_key
    assert (site.media / "library" / "file0.txt").read_text() == "live file 0"
