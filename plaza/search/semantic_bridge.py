"""The optional cross-lingual semantic stage (plaza.search.semantic, built separately).

Interface: ``plaza.search.semantic.service`` with ``is_available() -> bool`` and
``search_passages(query, *, limit, languages=None) -> list[PassageHit]`` where a PassageHit
has ``model, pk, passage, language, score``. Anything going wrong there turns the semantic
stage off for that request; lexical search always works.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

logger = logging.getLogger("plaza.search")

ON = "on"
OFF = "off"  # the user unticked "search in all languages"
UNAVAILABLE = "unavailable"


def semantic_module() -> Any | None:
    try:
        module = importlib.import_module("plaza.search.semantic.service")
    except ImportError:
        return None
    try:
        return module if module.is_available() else None
    except Exception:
        logger.exception("semantic search: is_available() failed")
        return None


def search_passages(text: str, *, limit: int, languages: list[str] | None) -> tuple[str, list[Any]]:
    """(state, passages) for ``text``."""
    module = semantic_module()
    if module is None:
        return UNAVAILABLE, []
    try:
        return ON, list(module.search_passages(text, limit=limit, languages=languages))
    except Exception:
        logger.exception("semantic search: search_passages() failed")
        return UNAVAILABLE, []
