"""`plaza backup` / `plaza restore` round trip on the embedded default (a real SQLite file)."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="backup/restore is for the embedded SQLite default"
)


def plaza(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PLAZA_DATA_DIR"] = str(data_dir)
    result = subprocess.run(
        [sys.executable, "-m", "plaza", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return result


def shell(data_dir: Path, code: str) -> str:
    result = plaza(data_dir, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_backup_and_restore_round_trip(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert plaza(data, "migrate", "--noinput", "-v", "0").returncode == 0
    shell(
        data,
        "from plaza.cities.models import City; "
        "City.objects.create(name='Lima', slug='lima', country='PE', time_zone='America/Lima')",
    )
    media = data / "media" / "library"
    media.mkdir(parents=True)
    (media / "report.txt").write_text("informe sobre vendedores ambulantes")

    archive = tmp_path / "backup.tar.gz"
    result = plaza(data, "backup", str(archive))
    assert result.returncode == 0, result.stderr
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert {"manifest.json", "plaza.sqlite3", "media/library/report.txt"} <= set(names)

    # Things change after the backup...
    shell(
        data,
        "from plaza.cities.models import City; City.objects.filter(slug='lima').delete(); "
        "City.objects.create(name='Accra', slug='accra', country='GH', time_zone='Africa/Accra')",
    )
    (media / "report.txt").unlink()
    (media / "new.txt").write_text("after the backup")

    result = plaza(data, "restore", str(archive))
    assert result.returncode == 0, result.stderr
    assert (
        shell(
            data,
            "from plaza.cities.models import City; print(list(City.objects.values_list('slug', flat=True)))",
        )
        == "['lima']"
    )
    assert (media / "report.txt").read_text() == "informe sobre vendedores ambulantes"
    assert not (media / "new.txt").exists()


def test_restore_refuses_a_damaged_archive_and_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert plaza(data, "migrate", "--noinput", "-v", "0").returncode == 0
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"this is not an archive")
    before = (data / "plaza.sqlite3").read_bytes()
    result = plaza(data, "restore", str(bogus))
    assert result.returncode != 0
    assert "not a Plaza backup archive" in result.stderr
    assert (data / "plaza.sqlite3").read_bytes() == before
