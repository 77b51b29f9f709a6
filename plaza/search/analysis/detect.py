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


# Languages a query may be written in besides Plaza's five (a German, Vietnamese or Arabic
# query must not be called English: its words would lose their weight for the wrong reason).
QUERY_LANGUAGES = (
    *DETECTABLE,
    *[
        "de",
        "it",
        "pt",
        "nl",
        "ca",
        "vi",
        "id",
        "ms",
        "tl",
        "sw",
        "tr",
        "pl",
        "ro",
        "cs",
        "sv",
        "da",
        "no",
        "fi",
        "hu",
    ],
)
OTHER_SCRIPTS = [
    "ar",
    "fa",
    "ur",
    "he",
    "ru",
    "uk",
    "bg",
    "sr",
    "el",
    "zh",
    "ja",
    "ko",
    "bn",
    "ta",
    "te",
    "mr",
    "ne",
    "gu",
    "pa",
    "km",
    "lo",
    "my",
    "si",
    "am",
    "ka",
    "hy",
]
# A query must be long and unambiguous to be called a language Plaza does not analyse: two
# English words are often closer to Latin or Swedish in a character model.
OTHER_LANGUAGE_CONFIDENCE = 0.95
_OTHER_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0e00-\u0e7f\u0900-\u097f]")


@functools.cache
def _wide_identifier(languages: tuple[str, ...]) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    return identifier


def detect_query_language(text: str, default: str = "") -> str:
    """The language of a query: Plaza's five, or another one when the text says so clearly
    (another script, or a Latin-script query the model is sure of)."""
    sample = text[:2000]
    other = len(_OTHER_LETTER.findall(sample))
    latin = len(_LATIN.findall(sample))
    if other > latin and other >= 2:
        language, _probability = _wide_identifier(tuple(OTHER_SCRIPTS)).classify(sample)
        return str(language)
    found = detect_language(text, default=default)
    if found in DETECTABLE and latin >= 12 and len(sample.split()) >= 3:
        language, probability = _wide_identifier(QUERY_LANGUAGES).classify(sample)
        if language not in DETECTABLE and probability >= OTHER_LANGUAGE_CONFIDENCE:
            return str(language)
    return found


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
