"""The worker runs below the web processes (issue 17: interactive work first, embedding on the
idle cores): `plaza worker` lowers its CPU priority, and its scheduling group's when it leads
its own session, as `plaza serve --with-worker` starts it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CODE = """
import os, django
django.setup()
from plaza.core.management.commands.worker import yield_to_pages
print(yield_to_pages())
print(os.nice(0))
try:
    print(open("/proc/self/autogroup").read().strip())
except OSError:
    print("no autogroup")
"""


def _run(tmp_path: Path, new_session: bool, **extra: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PLAZA_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="plaza.settings", **extra)
    done = subprocess.run(
        [sys.executable, "-c", CODE],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        start_new_session=new_session,
    )
    return done.stdout.split("\n")


@pytest.mark.skipif(os.nice(0) >= 10, reason="this test run is already at nice 10 or lower")
def test_the_worker_lowers_its_priority_and_its_own_sessions_group(tmp_path: Path) -> None:
    returned, nice, autogroup, _ = _run(tmp_path, new_session=True)
    assert int(returned) == int(nice) == 10
    if autogroup != "no autogroup":
        assert autogroup.endswith("nice 10")


def test_a_worker_sharing_a_session_leaves_the_sessions_group_alone(tmp_path: Path) -> None:
    before = Path("/proc/self/autogroup")
    if not before.exists():
        pytest.skip("no autogroup on this kernel")
    group = before.read_text().strip()
    _returned, _nice, autogroup, _ = _run(tmp_path, new_session=False, PLAZA_WORKER_NICE="12")
    assert autogroup == group  # the test run's own group: not lowered


def test_nice_zero_changes_nothing(tmp_path: Path) -> None:
    returned, nice, _autogroup, _ = _run(tmp_path, new_session=True, PLAZA_WORKER_NICE="0")
    assert int(returned) == int(nice) == os.nice(0)
