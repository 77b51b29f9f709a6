"""Each web process loads its models and caches as it starts, not when its first visitor asks."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from plaza.core import warmup
from plaza.core.types import User

PLAZA = [sys.executable, "-m", "plaza"]


def test_steps_run_in_order_and_a_failure_is_logged_not_raised(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    ran: list[str] = []

    def broken() -> None:
        ran.append("broken")
        raise RuntimeError("model file missing")

    monkeypatch.setattr(
        warmup,
        "_steps",
        {
            "first": lambda: ran.append("first"),
            "broken": broken,
            "last": lambda: ran.append("last"),
        },
    )
    took = warmup.run()
    assert ran == ["first", "broken", "last"]
    assert took["broken"] == -1.0
    assert took["first"] >= 0 and took["last"] >= 0
    assert "warm-up step broken failed" in caplog.text
    assert "model file missing" in caplog.text


def test_search_and_inquiries_register_their_steps() -> None:
    assert {"search", "inquiries"} <= set(warmup.steps())


@pytest.mark.django_db
def test_the_search_step_loads_what_a_first_search_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    from plaza.search import services

    asked: list[str] = []
    real = services.search

    def spy(params: services.SearchParams, user: User | None = None) -> services.SearchResponse:
        asked.append(params.q)
        return real(params, user)

    monkeypatch.setattr(services, "search", spy)
    warmup.steps()["search"]()
    # One query per script the analysis treats differently, with semantic search as set.
    assert len(asked) == 4
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in "".join(asked))  # Thai
    assert any("\u0900" <= ch <= "\u097f" for ch in "".join(asked))  # Devanagari


@pytest.mark.django_db
def test_the_inquiries_step_embeds_the_rule_examples_before_any_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from plaza.inquiries import meaning, screening

    seen: list[int] = []
    monkeypatch.setattr(meaning, "is_available", lambda: True)
    monkeypatch.setattr(meaning, "closest_examples", lambda text, rules: seen.append(len(rules)))
    warmup.steps()["inquiries"]()
    assert seen == [len(screening.active_rules())]
    monkeypatch.setattr(meaning, "is_available", lambda: False)
    warmup.steps()["inquiries"]()
    assert len(seen) == 1  # meaning off: nothing to load


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_plaza_serve_warms_each_process_up_as_it_starts(tmp_path: Path) -> None:
    """gunicorn runs the steps in every process; a process whose steps fail still serves.

    (The database is left unmigrated to keep the test short: every step fails, is logged with
    -1 s, and the server answers anyway. The steps themselves are tested above.)"""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PLAZA_DATA_DIR=str(tmp_path), PLAZA_SEMANTIC_SEARCH="0", PLAZA_LOG_LEVEL="INFO")
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*PLAZA, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 90
        warmed: list[dict[str, Any]] = []
        while time.monotonic() < deadline and len(warmed) < 2:
            time.sleep(0.3)
            warmed = [
                record
                for line in log.read_text().splitlines()
                if line.startswith("{")
                and (record := json.loads(line)).get("logger") == "plaza.warmup"
                and record["message"].startswith("process warmed up")
            ]
        assert len(warmed) == 2, log.read_text()  # one per process
        for record in warmed:
            assert record["seconds_search"] == -1.0
            assert record["seconds_inquiries"] == -1.0
        assert "warm-up step search failed" in log.read_text()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30):
            pass
    except urllib.error.HTTPError as exc:
        assert exc.code in (404, 500, 503)  # answered: the process serves after a failed warm-up
    finally:
        server.terminate()
        server.wait(timeout=30)
