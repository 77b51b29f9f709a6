"""Backup and restore of the embedded default (SQLite database + uploaded files).

A backup is one ``.tar.gz`` holding ``manifest.json``, ``plaza.sqlite3`` (a
consistent online copy made with SQLite's backup API, so the server may keep
running) and ``media/``. Restoring checks the archive completely before it
replaces anything. PostgreSQL deployments use pg_dump / pg_restore instead
(docs/admin/operations.md).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT_VERSION = 1
DB_MEMBER = "plaza.sqlite3"
MANIFEST_MEMBER = "manifest.json"
MEDIA_MEMBER = "media"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: str
    database_sha256: str
    media_files: int


def _require_embedded() -> Path:
    if settings.DATABASE_URL:
        raise BackupError(
            "DATABASE_URL is set: back up PostgreSQL with pg_dump and the data directory's "
            "media/ folder (see docs/admin/operations.md)"
        )
    return Path(settings.DATABASES["default"]["NAME"])


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def create_backup(destination: Path) -> BackupInfo:
    db_path = _require_embedded()
    if not db_path.exists():
        raise BackupError(f"no database at {db_path}: run `plaza migrate` first")
    media_root = Path(settings.MEDIA_ROOT)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.DATA_DIR) as tmp:
        copy = Path(tmp) / DB_MEMBER
        source = sqlite3.connect(db_path)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        media_files = (
            [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
        )
        manifest: dict[str, str | int] = {
            "format": FORMAT_VERSION,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database_sha256": _sha256(copy),
            "media_files": len(media_files),
        }
        (Path(tmp) / MANIFEST_MEMBER).write_text(json.dumps(manifest, indent=2))
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(Path(tmp) / MANIFEST_MEMBER, arcname=MANIFEST_MEMBER)
            tar.add(copy, arcname=DB_MEMBER)
            for file in media_files:
                tar.add(file, arcname=f"{MEDIA_MEMBER}/{file.relative_to(media_root).as_posix()}")
        partial.replace(destination)
    return BackupInfo(
        destination, str(manifest["created"]), str(manifest["database_sha256"]), len(media_files)
    )


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in tar.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"unsafe entry in the archive: {member.name}")
        members.append(member)
    return members


def restore_backup(archive: Path) -> BackupInfo:
    db_path = _require_embedded()
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=settings.DATA_DIR) as tmp:
        staging = Path(tmp)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(staging, members=_safe_members(tar), filter="data")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"{archive}: not a Plaza backup archive ({exc})") from None
        manifest_path = staging / MANIFEST_MEMBER
        new_db = staging / DB_MEMBER
        if not manifest_path.exists() or not new_db.exists():
            raise BackupError(
                f"{archive}: not a Plaza backup archive (manifest or database missing)"
            )
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(
                f"{archive}: backup format {manifest.get('format')!r} is not supported"
            )
        if _sha256(new_db) != manifest.get("database_sha256"):
            raise BackupError(
                f"{archive}: the database in the archive is damaged (checksum mismatch)"
            )
        check = sqlite3.connect(new_db)
        try:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            check.close()
        if result != "ok":
            raise BackupError(f"{archive}: the database in the archive fails its integrity check")

        # Everything checked: swap in the database and the files.
        connections.close_all()
        for suffix in ("-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        shutil.move(str(new_db), str(db_path.with_name(db_path.name + ".restoring")))
        db_path.with_name(db_path.name + ".restoring").replace(db_path)
        new_media = staging / MEDIA_MEMBER
        old_media = staging / "previous-media"
        if media_root.exists():
            media_root.rename(old_media)
        if new_media.exists():
            shutil.move(str(new_media), str(media_root))
        else:
            media_root.mkdir()
    return BackupInfo(
        archive, manifest["created"], manifest["database_sha256"], manifest["media_files"]
    )
