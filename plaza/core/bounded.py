"""Run a parser of user files in a child process bounded in memory, CPU time and wall time.

One place for every parser that reads what users upload (text extraction, PDF previews):
the parent sends one JSON request on stdin and waits at most ``seconds``; the child sets
its own limits (address space, CPU, no core file) before reading the file and answers one
JSON object on stdout. A hostile file costs at most those bounds, and the parent never holds
a database transaction while it waits (the callers save the result afterwards).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from typing import Any

# The child's exit status when it ran out of memory before it could answer.
MEMORY_EXIT = 3


class ChildFailed(Exception):
    """The child gave no answer; ``reason`` is "timeout", "memory" or "crashed"."""

    def __init__(self, reason: str, returncode: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.returncode = returncode


def run_child(
    module: str, request: dict[str, Any], *, seconds: int, memory_bytes: int
) -> dict[str, Any]:
    """Run ``python -m module`` on ``request`` within the bounds; return its JSON answer."""
    payload = json.dumps({**request, "limits": {"seconds": seconds, "memory": memory_bytes}})
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    try:
        done = subprocess.run(
            [sys.executable, "-m", module],
            input=payload.encode(),
            capture_output=True,
            timeout=seconds,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ChildFailed("timeout") from None
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        answer = None
    if isinstance(answer, dict):
        return answer
    if done.returncode == MEMORY_EXIT or b"MemoryError" in done.stderr:
        raise ChildFailed("memory", done.returncode)
    raise ChildFailed("crashed", done.returncode)


def serve_child(handle: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """The child's side: read the request, set the limits it carries, answer ``handle``'s dict."""
    try:
        request = json.loads(sys.stdin.buffer.read())
        limits = request.pop("limits")
        memory = int(limits["memory"])
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        cpu = int(limits["seconds"]) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        answer = handle(request)
    except MemoryError:
        os._exit(MEMORY_EXIT)
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()
