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


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        ("PLAZA_WEB_WORKERS", "abc", "expected a whole number from 1 to 64, got 'abc'"),
        ("PLAZA_WEB_THREADS", "0", "expected a whole number from 1 to 64, got '0'"),
        ("PLAZA_SEARCH_WEIGHT_TITLE", "abc", "expected a number from 0 to 100, got 'abc'"),
        ("PLAZA_SEARCH_WEIGHT_KEYWORDS", "-1", "expected a number from 0 to 100, got '-1'"),
        ("PLAZA_SEARCH_WEIGHT_BODY", "inf", "expected a number from 0 to 100, got 'inf'"),
        ("PLAZA_SEARCH_RRF_LEXICAL_WEIGHT", "x", "expected a number from 0 to 100, got 'x'"),
        ("PLAZA_SEARCH_RRF_SEMANTIC_WEIGHT", "nan", "expected a number from 0 to 100, got 'nan'"),
        (
            "PLAZA_SEARCH_RRF_OTHER_LANGUAGE_LEXICAL_WEIGHT",
            "1,5",
            "expected a number from 0 to 100, got '1,5'",
        ),
        ("PLAZA_SEARCH_RRF_K", "-5", "expected a whole number from 1 to 10000, got '-5'"),
        ("PLAZA_EMAIL_PORT", "70000", "expected a whole number from 1 to 65535, got '70000'"),
        ("PLAZA_LOG_LEVEL", "LOUD", "expected DEBUG, INFO, WARNING, ERROR or CRITICAL"),
        ("PLAZA_TIME_ZONE", "Mars/Olympus", "expected a time zone name"),
    ],
)
def test_every_bad_number_is_one_line_naming_the_setting(
    tmp_path: Path, setting: str, value: str, expected: str
) -> None:
    result = run_plaza(["check"], PLAZA_DATA_DIR=str(tmp_path), **{setting: value})
    assert result.returncode == 2
    assert result.stderr.startswith(f"plaza: {setting}: {expected}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_importing_the_settings_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "not-yet"
    environ = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PLAZA_SECRET_KEY")}
    environ["PLAZA_DATA_DIR"] = str(folder)
    result = subprocess.run(
        [sys.executable, "-c", "import plaza.settings as s; print(s.DATA_DIR, len(s.SECRET_KEY))"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data_dir, key_length = result.stdout.split()
    assert data_dir == str(folder) and int(key_length) >= 50  # a key for this process only
    assert not folder.exists()
    # A command creates the folder and its key.
    assert run_plaza(["check"], PLAZA_DATA_DIR=str(folder)).returncode == 0
    assert (folder / "secret_key").is_file() and (folder / "media").is_dir()


def test_backup_to_an_impossible_place_is_one_line(tmp_path: Path) -> None:
    result = run_plaza(["backup", "/proc/x/y.tar.gz"], PLAZA_DATA_DIR=str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "CommandError: cannot write the backup to /proc/x/y.tar.gz: No such file or directory"
    )


@pytest.mark.parametrize("flag", [["--workers", "0"], ["--threads", "-1"]])
def test_serve_refuses_zero_workers(tmp_path: Path, flag: list[str]) -> None:
    result = run_plaza(["serve", "--bind", "127.0.0.1:1", *flag], PLAZA_DATA_DIR=str(tmp_path))
    assert result.returncode == 1
    assert "serving" not in result.stdout
    assert result.stderr.strip() == f"CommandError: {flag[0]}: expected a whole number from 1 to 64"
