"""Plaza's data folder (PLAZA_DATA_DIR): found by the settings, created by the commands.

Importing ``plaza.settings`` writes nothing; ``prepare()`` makes the folder, its ``media``,
``static`` and (private) ``outbox`` folders and the embedded secret key, and is called by the ``plaza`` command and
the WSGI/ASGI entry points before Django starts.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a key
OUTBOX = "outbox"  # the file mail backend's folder: private, it holds live reset links


class DataDirError(Exception):
    """The data folder cannot be used; the message is one line naming PLAZA_DATA_DIR."""


def data_dir() -> Path:
    return Path(os.environ.get("PLAZA_DATA_DIR", "").strip() or BASE_DIR / "var").resolve()


def read_secret_key(folder: Path) -> str:
    """The key kept in the data folder, or "" when there is none yet."""
    try:
        return (folder / SECRET_KEY_FILE).read_text().strip()
    except OSError:
        return ""


def prepare(folder: Path | None = None) -> Path:
    """Create the data folder (and its secret key) if needed and check that it is writable."""
    folder = folder or data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "media").mkdir(exist_ok=True)
        (folder / "static").mkdir(exist_ok=True)
        outbox = folder / OUTBOX
        outbox.mkdir(mode=0o700, exist_ok=True)
        outbox.chmod(0o700)
        probe = folder / ".write-test"
        probe.write_text("ok")
        probe.unlink()
        key_file = folder / SECRET_KEY_FILE
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
    except OSError as exc:
        raise DataDirError(
            f"PLAZA_DATA_DIR: {folder} is not a writable directory ({exc.strerror or exc})"
        ) from None
    return folder
