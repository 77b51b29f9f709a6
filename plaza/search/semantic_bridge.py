"""The optional cross-lingual semantic stage (plaza.search.semantic, built separately).

Interface: ``plaza.search.semantic.services`` with ``is_available() -> bool`` and
``search_passages(query, *, limit, languages=None) -> list[PassageHit]`` where a PassageHit
has ``model, pk, passage, language, score``, and ``similar_records(model, pk, *, limit)`` ->
``[(model, pk, score)]`` (records nearest in meaning to a stored one: related reading). Anything going wrong there turns the semantic
stage off for that request; lexical search always works.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from django.db import DatabaseError

logger = logging.getLogger("plaza.search")

ON = "on"
OFF = "off"  # the user unticked "search in all languages"
UNAVAILABLE = "unavailable"

_warned: set[str] = set()


def _warn_once(what: str, exc: BaseException) -> None:
    """One warning line per process and cause, no traceback: an unmigrated database
    (``no such table: semantic_passage``) would otherwise log one per search."""
    if isinstance(exc, DatabaseError):
        message = (
            f"semantic search off: {what}: database error ({exc}); "
            "run `plaza migrate`, then `plaza embed`"
        )
    else:
        message = f"semantic search off: {what}: {type(exc).__name__}: {exc}"
    first_line = message.splitlines()[0]
    if first_line not in _warned:
        _warned.add(first_line)
        logger.warning(first_line)


def semantic_module() -> Any | None:
    try:
        module = importlib.import_module("plaza.search.semantic.services")
    except ImportError:
        return None
    try:
        return module if module.is_available() else None
    except Exception as exc:
        _warn_once("is_available() failed", exc)
        return None


def search_passages(text: str, *, limit: int, languages: list[str] | None) -> tuple[str, list[Any]]:
    """(state, passages) for ``text``."""
    module = semantic_module()
    if module is None:
        return UNAVAILABLE, []
    try:
        return ON, list(module.search_passages(text, limit=limit, languages=languages))
    except Exception as exc:
        _warn_once("search_passages() failed", exc)
        return UNAVAILABLE, []


def similar_records(model: str, pk: int, *, limit: int) -> list[tuple[str, int, float]]:
    """Records nearest in meaning to the stored record ``model:pk``, best first, itself left
    out; [] when semantic search is unavailable (callers fall back on shared subjects). The
    caller checks what the reader may see."""
    module = semantic_module()
    if module is None:
        return []
    try:
        return list(module.similar_records(model, pk, limit=limit))
    except Exception as exc:
        _warn_once("similar_records() failed", exc)
        return []
