"""A bad setting stops start-up with one clear line naming it, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PLAZA = [sys.executable, "-m", "plaza"]


def run_plaza(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environ.update(env)
    return subprocess.run(
        [*PLAZA, *args], env=environ, capture_output=True, text=True, timeout=120, check=False
    )


def test_unreachable_database_url_is_one_line(tmp_path: Path) -> None:
    result = run_plaza(
        ["migrate"],
        PLAZA_DATA_DIR=str(tmp_path),
        DATABASE_URL="postgres://nobody@127.0.0.1:1/plaza",
        PLAZA_SECRET_KEY="x" * 50,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("plaza: DATABASE_URL: cannot connect to the database")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unwritable_data_dir_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = run_plaza(["migrate"], PLAZA_DATA_DIR=str(blocker / "data"))
    assert result.returncode == 2
    assert result.stderr.startswith("plaza: PLAZA_DATA_DIR:")
    assert "Traceback" not in result.stderr


def test_production_without_secret_key_refuses_to_start(tmp_path: Path) -> None:
    result = run_plaza(
        ["check"],
        PLAZA_DATA_DIR=str(tmp_path),
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/plaza",
        PLAZA_SECRET_KEY="",
    )
    assert result.returncode == 2
    assert result.stderr.startswith("plaza: PLAZA_SECRET_KEY:")


def test_bad_boolean_setting_names_the_setting(tmp_path: Path) -> None:
    result = run_plaza(["check"], PLAZA_DATA_DIR=str(tmp_path), PLAZA_DEBUG="maybe")
    assert result.returncode == 2
    assert result.stderr.strip() == "plaza: PLAZA_DEBUG: expected true or false, got 'maybe'"


def test_embedded_default_keeps_a_generated_secret_key(tmp_path: Path) -> None:
    first = run_plaza(["check"], PLAZA_DATA_DIR=str(tmp_path), PLAZA_SECRET_KEY="")
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "secret_key"
    key = key_file.read_text()
    assert len(key) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    run_plaza(["check"], PLAZA_DATA_DIR=str(tmp_path), PLAZA_SECRET_KEY="")
    assert key_file.read_text() == key


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="same check; run once on SQLite")
def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = run_plaza(
        ["check", "--deploy", "--fail-level", "WARNING"],
        PLAZA_DATA_DIR=str(tmp_path),
        PLAZA_SECRET_KEY="k" * 20 + "-production-secret-key-for-tests-0123456789",
        PLAZA_HTTPS="true",
        PLAZA_ALLOWED_HOSTS="plaza.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
