"""Language detection (py3langid restricted to Plaza's content languages, script first)."""

from __future__ import annotations

import functools
import re
from typing import Any

DETECTABLE = ("en", "es", "fr")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_DEVA = re.compile(r"[\u0900-\u097f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(DETECTABLE))
    return identifier


def detect_language(text: str, default: str = "") -> str:
    """ISO 639-1 code of ``text``'s language; ``default`` when there is too little to tell."""
    sample = text[:2000]
    counts = {
        "Thai": len(_THAI.findall(sample)),
        "Deva": len(_DEVA.findall(sample)),
        "Latn": len(_LATIN.findall(sample)),
    }
    if counts["Thai"] and counts["Thai"] >= counts["Deva"] and counts["Thai"] * 3 >= counts["Latn"]:
        return "th"
    if counts["Deva"] and counts["Deva"] * 3 >= counts["Latn"]:
        return "hi"
    if counts["Latn"] < 3:
        return default
    language, probability = _identifier().classify(sample)
    if probability < 0.5 and counts["Latn"] < 40:
        return default
    return str(language)
