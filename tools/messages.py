"""Update and compile the gettext catalogues (needs GNU gettext: apt-get install gettext).

Catalogues: the project one (plaza/locale: templates/, core, accounts) and one per
app that has its own ``locale/`` folder (plaza/<app>/locale), so that each app's
strings live with the app.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAZA = ROOT / "plaza"
LANGS = ["es", "fr", "th", "hi"]


def run(args: list[str], cwd: Path) -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="plaza.settings")
    # The console script, not `python -m`: with cwd inside plaza/, `-m` would put the
    # plaza/statistics app ahead of the standard library on sys.path.
    plaza = Path(sys.executable).parent / "plaza"
    subprocess.run([str(plaza), *args], cwd=cwd, check=True, env=env)


def main() -> None:
    app_dirs = sorted(p.parent for p in PLAZA.glob("*/locale") if p.is_dir())
    lang_args = [arg for lang in LANGS for arg in ("-l", lang)]
    ignores = [arg for d in app_dirs for arg in ("--ignore", f"{d.name}/*")]
    common = ["--no-obsolete", "--add-location=never"]
    run(["makemessages", *lang_args, *common, "--ignore", "migrations/*", *ignores], PLAZA)
    for app_dir in app_dirs:
        run(["makemessages", *lang_args, *common, "--ignore", "migrations/*"], app_dir)
    run(["compilemessages"], PLAZA)  # compiles every catalogue below plaza/, apps' included


if __name__ == "__main__":
    main()
