"""Security settings fail at start-up with one line; the demo's mail goes to a private outbox."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run_plaza(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "PLAZA_EMAIL_BACKEND")
    }
    environ.update(env, PLAZA_DATA_DIR=str(data_dir))
    return subprocess.run(
        [sys.executable, "-m", "plaza", *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("PLAZA_EMAIL_BACKEND", "console", "PLAZA_EMAIL_BACKEND: console is no longer offered"),
        ("PLAZA_PROXY_COUNT", "-1", "PLAZA_PROXY_COUNT: expected a whole number from 0 to 10"),
    ],
)
def test_bad_security_settings_are_one_line(
    tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    result = run_plaza(tmp_path, "check", **{variable: value})
    assert result.returncode != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_default_mail_goes_to_a_private_outbox_folder(tmp_path: Path) -> None:
    result = run_plaza(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        "from django.core.mail import send_mail; "
        "send_mail('Reset', 'https://example.org/reset/MQ/token/', None, ['a@example.org'])",
    )
    assert result.returncode == 0, result.stderr
    outbox = tmp_path / "outbox"
    assert outbox.stat().st_mode & 0o077 == 0
    files = list(outbox.iterdir())
    assert len(files) == 1
    assert "https://example.org/reset/MQ/token/" in files[0].read_text()
    assert "token" not in result.stdout + result.stderr
