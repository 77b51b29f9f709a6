"""Text analysis for search: one pipeline for index and query time (see pipeline.py)."""

from plaza.search.analysis.detect import detect_language, detect_query_language
from plaza.search.analysis.pipeline import (
    SUPPORTED_LANGUAGES,
    Token,
    analyze,
    is_stop_word,
    query_terms,
    term_for,
    terms,
    words,
)

__all__ = [
    "SUPPORTED_LANGUAGES",
    "Token",
    "analyze",
    "detect_language",
    "detect_query_language",
    "is_stop_word",
    "query_terms",
    "term_for",
    "terms",
    "words",
]
