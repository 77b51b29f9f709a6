"""Backup and restore of the embedded default (SQLite database + uploaded files + secret key).

A backup is one ``.tar.gz`` holding ``manifest.json``, ``plaza.sqlite3`` (a consistent online
copy made with SQLite's backup API, so the server may keep running), ``media/`` and, when
the secret key is the generated ``PLAZA_DATA_DIR/secret_key``, that file. The manifest
records the database's checksum and the row count of every table, and every media file with
its size and checksum.

A restore verifies everything before it touches anything: the manifest's schema, the
database (checksum, ``PRAGMA integrity_check``, Plaza's migrations present and none unknown
to this version, row counts equal to the manifest's) and the media (exactly the files listed,
each with its checksum). Then it moves the live data aside (``PLAZA_DATA_DIR/restore-previous/
<time>/``), moves the new data in, verifies it again in place, and puts the previous data back
if that fails. PostgreSQL deployments use pg_dump / pg_restore instead (docs/admin/operations.md).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

FORMAT_VERSION = 2
SUPPORTED_FORMATS = (1, 2)
DB_MEMBER = "plaza.sqlite3"
MANIFEST_MEMBER = "manifest.json"
MEDIA_MEMBER = "media"
SECRET_MEMBER = "secret_key"  # noqa: S105 -- the archive member's name
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in one line."""


@dataclass(frozen=True)
class Paths:
    """Where the live data is (the settings' paths unless a test says otherwise)."""

    database: Path
    media: Path
    data_dir: Path
    secret_key: Path

    @classmethod
    def live(cls) -> Paths:
        if settings.DATABASE_URL:
            raise BackupError(
                "DATABASE_URL is set: back up PostgreSQL with pg_dump and the data directory's "
                "media/ folder (see docs/admin/operations.md)"
            )
        data_dir = Path(settings.DATA_DIR)
        return cls(
            database=Path(settings.DATABASES["default"]["NAME"]),
            media=Path(settings.MEDIA_ROOT),
            data_dir=data_dir,
            secret_key=data_dir / "secret_key",
        )


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: str
    database_sha256: str
    media_files: int
    secret_key: bool = False
    previous: Path | None = None  # restore: where the replaced data was kept


@dataclass
class Manifest:
    format: int
    created: str
    database_sha256: str
    media_files: int
    row_counts: dict[str, int] | None = None  # format 2
    media: dict[str, tuple[int, str]] | None = None  # format 2: path -> (size, sha256)
    secret_key: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root: Path) -> dict[str, Path]:
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def _read_only(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)


def _row_counts(db: Path) -> dict[str, int]:
    """Rows per table (SQLite's own tables and FTS5 virtual tables' shadows included)."""
    connection = _read_only(db)
    try:
        tables = [
            str(name)
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' "
                "ORDER BY name"
            )
        ]
        return {
            table: int(connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])  # noqa: S608
            for table in tables
        }
    finally:
        connection.close()


def _key_from_file(paths: Paths) -> str | None:
    """The secret key when it is the generated key file (not PLAZA_SECRET_KEY)."""
    if not paths.secret_key.is_file():
        return None
    key = paths.secret_key.read_text().strip()
    return key if key and key == settings.SECRET_KEY else None


def create_backup(destination: Path, paths: Paths | None = None) -> BackupInfo:
    paths = paths or Paths.live()
    if not paths.database.exists():
        raise BackupError(f"no database at {paths.database}: run `plaza migrate` first")
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=paths.data_dir) as tmp:
        copy = Path(tmp) / DB_MEMBER
        source = sqlite3.connect(paths.database)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        media = _media_files(paths.media)
        key = _key_from_file(paths)
        manifest: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database_sha256": _sha256(copy),
            "row_counts": _row_counts(copy),
            "media_files": len(media),
            "media": [
                {"path": name, "size": file.stat().st_size, "sha256": _sha256(file)}
                for name, file in media.items()
            ],
            "secret_key": key is not None,
        }
        (Path(tmp) / MANIFEST_MEMBER).write_text(json.dumps(manifest, indent=2))
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(Path(tmp) / MANIFEST_MEMBER, arcname=MANIFEST_MEMBER)
            tar.add(copy, arcname=DB_MEMBER)
            if key is not None:
                tar.add(paths.secret_key, arcname=SECRET_MEMBER)
            for name, file in media.items():
                tar.add(file, arcname=f"{MEDIA_MEMBER}/{name}")
        partial.replace(destination)
    return BackupInfo(
        destination,
        str(manifest["created"]),
        str(manifest["database_sha256"]),
        len(media),
        secret_key=key is not None,
    )


# --- verification ------------------------------------------------------------------------


def parse_manifest(text: str) -> Manifest:
    """The manifest, or a BackupError naming the first field that is wrong."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"manifest.json is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise BackupError("manifest.json: expected an object")

    def need(name: str, kind: type | tuple[type, ...], what: str) -> Any:
        value = data.get(name)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise BackupError(f"manifest.json: {name!r} must be {what}")
        return value

    version = need("format", int, "a whole number")
    if version not in SUPPORTED_FORMATS:
        raise BackupError(
            f"manifest.json: backup format {version} is not supported by this version of Plaza"
        )
    created = need("created", str, "a date and time")
    digest = need("database_sha256", str, "a SHA-256 checksum")
    if not SHA256.match(digest):
        raise BackupError("manifest.json: 'database_sha256' must be a SHA-256 checksum")
    media_files = need("media_files", int, "a whole number")
    if media_files < 0:
        raise BackupError("manifest.json: 'media_files' must be 0 or more")
    manifest = Manifest(version, created, digest, media_files)
    if version == 1:
        return manifest

    counts = need("row_counts", dict, "an object of table names and row counts")
    if not counts or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
        for k, v in counts.items()
    ):
        raise BackupError("manifest.json: 'row_counts' must be an object of table names and counts")
    manifest.row_counts = dict(counts)
    listed: dict[str, tuple[int, str]] = {}
    for item in need("media", list, "a list of files"):
        if not (
            isinstance(item, dict)
            and isinstance(item.get("path"), str)
            and isinstance(item.get("size"), int)
            and isinstance(item.get("sha256"), str)
            and SHA256.match(item["sha256"])
        ):
            raise BackupError(
                "manifest.json: each entry of 'media' needs a path, a size and a sha256"
            )
        _check_member_name(f"{MEDIA_MEMBER}/{item['path']}")
        listed[item["path"]] = (int(item["size"]), str(item["sha256"]))
    if len(listed) != media_files:
        raise BackupError(
            f"manifest.json: 'media_files' says {media_files} but 'media' lists {len(listed)}"
        )
    manifest.media = listed
    manifest.secret_key = need("secret_key", bool, "true or false")
    return manifest


def _check_member_name(name: str) -> None:
    path = Path(name)
    if path.is_absolute() or ".." in path.parts or not name.strip():
        raise BackupError(f"unsafe entry in the archive: {name}")


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in tar.getmembers():
        _check_member_name(member.name)
        if not (member.isfile() or member.isdir()):
            raise BackupError(f"unsafe entry in the archive: {member.name}")
        top = Path(member.name).parts[0]
        if top not in (MANIFEST_MEMBER, DB_MEMBER, MEDIA_MEMBER, SECRET_MEMBER):
            raise BackupError(f"unexpected entry in the archive: {member.name}")
        members.append(member)
    return members


def plaza_migrations() -> dict[str, set[str]]:
    """Plaza's apps and the migrations this version of the code has for each."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    ours = {c.label for c in apps.get_app_configs() if c.name.startswith("plaza.")}
    found: dict[str, set[str]] = {label: set() for label in ours}
    for app_label, name in loader.disk_migrations:
        if app_label in found:
            found[app_label].add(name)
    return {label: names for label, names in found.items() if names}


def verify_database(db: Path, manifest: Manifest, where: str) -> None:
    """Checksum, integrity, Plaza's migrations, row counts; BackupError on the first fault."""
    if not db.is_file():
        raise BackupError(f"{where}: the database is missing")
    if _sha256(db) != manifest.database_sha256:
        raise BackupError(f"{where}: the database is damaged (checksum mismatch)")
    try:
        connection = _read_only(db)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupError(f"{where}: the database fails its integrity check ({result})")
            has_table = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()
            applied = (
                set(connection.execute("SELECT app, name FROM django_migrations").fetchall())
                if has_table
                else set()
            )
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            f"{where}: the database is not a readable SQLite database ({exc})"
        ) from None
    known = plaza_migrations()
    missing = sorted(label for label in known if not any(app == label for app, _n in applied))
    if missing:
        raise BackupError(
            f"{where}: the database is not a Plaza database (no migrations of "
            f"{', '.join(missing[:5])}{'…' if len(missing) > 5 else ''})"
        )
    unknown = sorted(
        f"{app}.{name}" for app, name in applied if app in known and name not in known[app]
    )
    if unknown:
        raise BackupError(
            f"{where}: the database was made by a newer version of Plaza (unknown migration "
            f"{unknown[0]}); upgrade Plaza first"
        )
    if manifest.row_counts is not None:
        counts = _row_counts(db)
        if set(counts) != set(manifest.row_counts):
            extra = sorted(set(counts) ^ set(manifest.row_counts))
            raise BackupError(
                f"{where}: the database's tables differ from the manifest's ({extra[0]})"
            )
        for table, expected in sorted(manifest.row_counts.items()):
            if counts[table] != expected:
                raise BackupError(
                    f"{where}: table {table} has {counts[table]} rows, the manifest says {expected}"
                )


def verify_media(root: Path, manifest: Manifest, where: str) -> None:
    present = _media_files(root)
    if manifest.media is None:  # format 1: only a count
        if len(present) != manifest.media_files:
            raise BackupError(
                f"{where}: the manifest lists {manifest.media_files} media files, "
                f"{len(present)} are present"
            )
        return
    for name, (size, digest) in sorted(manifest.media.items()):
        file = present.get(name)
        if file is None:
            raise BackupError(f"{where}: media file {name} listed in the manifest is missing")
        if file.stat().st_size != size or _sha256(file) != digest:
            raise BackupError(f"{where}: media file {name} is damaged (checksum mismatch)")
    unlisted = sorted(set(present) - set(manifest.media))
    if unlisted:
        raise BackupError(f"{where}: media file {unlisted[0]} is not listed in the manifest")


def verify_staged(staging: Path, archive: Path) -> Manifest:
    where = str(archive)
    manifest_path = staging / MANIFEST_MEMBER
    if not manifest_path.is_file() or not (staging / DB_MEMBER).is_file():
        raise BackupError(f"{where}: not a Plaza backup archive (manifest or database missing)")
    try:
        manifest = parse_manifest(manifest_path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise BackupError(f"{where}: manifest.json is not UTF-8 text") from None
    except BackupError as exc:
        raise BackupError(f"{where}: {exc}") from None
    verify_database(staging / DB_MEMBER, manifest, where)
    verify_media(staging / MEDIA_MEMBER, manifest, where)
    if manifest.secret_key and not (staging / SECRET_MEMBER).is_file():
        raise BackupError(f"{where}: the manifest says the secret key is included, it is not")
    return manifest


# --- restore -----------------------------------------------------------------------------


def _move_if_exists(source: Path, target: Path) -> bool:
    if source.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(source), str(target))
        return True
    return False


def restore_backup(archive: Path, paths: Paths | None = None) -> BackupInfo:
    """Verify ``archive`` completely, swap it in, verify it in place; see the module's doc."""
    live = paths is None
    paths = paths or Paths.live()
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file")
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=paths.data_dir, prefix=".restore-") as tmp:
        staging = Path(tmp)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(staging, members=_safe_members(tar), filter="data")
        except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
            raise BackupError(f"{archive}: not a Plaza backup archive ({exc})") from None
        manifest = verify_staged(staging, archive)

        # Everything checked: move the live data aside, the new data in, verify it there.
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        previous = paths.data_dir / "restore-previous" / stamp
        previous.mkdir(parents=True)
        if live:
            connections.close_all()
        db_files = [Path(str(paths.database) + suffix) for suffix in ("", "-wal", "-shm")]
        moved: list[tuple[Path, Path]] = []  # (live path, where it was put aside)
        placed: list[Path] = []  # what the restore put in place
        try:
            for file in db_files:
                if _move_if_exists(file, previous / file.name):
                    moved.append((file, previous / file.name))
            if _move_if_exists(paths.media, previous / MEDIA_MEMBER):
                moved.append((paths.media, previous / MEDIA_MEMBER))
            if manifest.secret_key and _move_if_exists(paths.secret_key, previous / SECRET_MEMBER):
                moved.append((paths.secret_key, previous / SECRET_MEMBER))

            placed.append(paths.database)
            shutil.move(str(staging / DB_MEMBER), str(paths.database))
            placed.append(paths.media)
            if (staging / MEDIA_MEMBER).is_dir():
                shutil.move(str(staging / MEDIA_MEMBER), str(paths.media))
            else:
                paths.media.mkdir(parents=True)
            if manifest.secret_key:
                placed.append(paths.secret_key)
                shutil.move(str(staging / SECRET_MEMBER), str(paths.secret_key))
                paths.secret_key.chmod(0o600)

            verify_in_place(paths, manifest)
        except (BackupError, OSError) as exc:
            _put_back(placed, moved)
            raise BackupError(f"{exc}; the previous data was put back") from None
    return BackupInfo(
        archive,
        manifest.created,
        manifest.database_sha256,
        manifest.media_files,
        secret_key=manifest.secret_key,
        previous=previous,
    )


def verify_in_place(paths: Paths, manifest: Manifest) -> None:
    verify_database(paths.database, manifest, "after the restore")
    verify_media(paths.media, manifest, "after the restore")


def _put_back(placed: list[Path], moved: list[tuple[Path, Path]]) -> None:
    """Undo a swap: remove what the restore put in place, move the previous data back."""
    for path in placed:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        if path == placed[0]:  # the database: its WAL files too
            for suffix in ("-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
    for original, aside in reversed(moved):
        shutil.move(str(aside), str(original))
