"""`plaza` (and `python -m plaza`): Django's manage.py with Plaza's settings.

A bad setting stops start-up with one line naming it, not a traceback.
"""

from __future__ import annotations

import os
import sys

# Commands that need no database connection.
_OFFLINE_COMMANDS = {
    "help",
    "version",
    "--help",
    "-h",
    "--version",
    "makemessages",
    "compilemessages",
    "collectstatic",
    "check",
    "shell",
    "startapp",
    "diffsettings",
    "test",
}


def _fail(message: str) -> None:
    sys.stderr.write(f"plaza: {message}\n")
    sys.exit(2)


def _check_database() -> None:
    from django.conf import settings
    from django.db import connection
    from django.db.utils import DatabaseError

    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if settings.DATABASE_URL:
            _fail(f"DATABASE_URL: cannot connect to the database ({reason})")
        _fail(f"PLAZA_DATA_DIR: cannot open the SQLite database in {settings.DATA_DIR} ({reason})")


# Commands that never touch the data folder (everything else creates it if needed).
_NO_DATA_COMMANDS = {
    "help",
    "version",
    "--help",
    "-h",
    "--version",
    "makemessages",
    "compilemessages",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plaza.settings")
    from django.core.exceptions import ImproperlyConfigured

    from plaza import datadir

    command = argv[1] if len(argv) > 1 else "help"
    if command not in _NO_DATA_COMMANDS:
        try:
            datadir.prepare()
        except datadir.DataDirError as exc:
            _fail(str(exc))

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        _fail(str(exc))
    if command not in _OFFLINE_COMMANDS:
        _check_database()

    from django.core.management import execute_from_command_line

    argv[0] = "plaza"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
