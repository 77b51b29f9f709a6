"""The analysis pipeline: the same functions run at index time and at query time.

text -> words (with character offsets in the original text) -> NFKC + case folding ->
per script: Thai segmentation, Hindi normalisation + Snowball Hindi, Snowball en/es/fr
followed by accent folding -> stop words removed -> terms.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from plaza.search.analysis import thai
from plaza.search.analysis.languages import STEMMER_NAMES, stemmer, stop_words
from plaza.search.analysis.normalize import (
    ACCENT_FOLDING_LANGUAGES,
    fold_accents,
    fold_case,
    normalize_hindi,
    normalize_thai_digits,
    script_of,
)

# Word characters, including the combining marks of Latin, Devanagari and Thai (Python's \w
# alone splits Devanagari words at their vowel signs). Dandas are punctuation.
_WORD = re.compile(r"[\w\u0300-\u036f\u0900-\u0963\u0966-\u097f\u0e00-\u0e7f\ua8e0-\ua8ff]+")
MAX_WORD_LENGTH = 60
_POSSESSIVE = frozenset({"s", "S"})
SUPPORTED_LANGUAGES = ("en", "es", "fr", "th", "hi")


class Token(NamedTuple):
    """A tuple, not a dataclass: a document has hundreds and a batch hundreds of thousands
    (created, kept and, for parallel analysis, pickled three times faster)."""

    term: str  # the indexed form
    start: int  # character offsets of the word in the original text
    end: int
    position: int


def words(text: str, *, expand_compounds: bool = True) -> list[tuple[str, int, int]]:
    """Words of ``text`` (folded, not stemmed) with their offsets; Thai runs segmented.

    A Thai domain compound (หาบเร่แผงลอย) is followed by its parts (หาบเร่, แผงลอย) unless
    ``expand_compounds`` is False (the query side, which searches compound OR parts).
    """
    result: list[tuple[str, int, int]] = []
    for match in _WORD.finditer(text):
        raw = match.group()
        if raw in _POSSESSIVE and match.start() >= 2 and text[match.start() - 1] in "'’":
            continue  # English possessive: "Seyfried's" is the word "Seyfried"
        if raw.isascii() and len(raw) <= MAX_WORD_LENGTH and "_" not in raw:
            # Fast path: NFKC changes nothing in ASCII.
            result.append((raw.lower(), match.start(), match.end()))
            continue
        script = script_of(raw)
        if len(raw) > 4 * MAX_WORD_LENGTH and script != "Thai":
            continue
        if script == "Thai":
            for word, offset in thai.segment(raw):
                start = match.start() + offset
                folded = normalize_thai_digits(fold_case(word))
                if folded and len(folded) <= MAX_WORD_LENGTH:
                    result.append((folded, start, start + len(word)))
                    # A domain compound (หาบเร่แผงลอย) also matches searches for its parts.
                    parts = thai.split_compound(folded) if expand_compounds else []
                    if len(parts) > 1:
                        result.extend((part, start, start + len(word)) for part in parts)
            continue
        for part in _WORD.findall(fold_case(raw).replace("_", " ")):
            if len(part) <= MAX_WORD_LENGTH:
                result.append((part, match.start(), match.end()))
    return result


def word_language(word: str, language: str) -> str:
    """The language whose rules apply to ``word`` in a text written in ``language``."""
    script = script_of(word)
    if script == "Thai":
        return "th"
    if script == "Deva":
        return "hi"
    if script == "Latn" and language in ("th", "hi", ""):
        return "en"  # English words inside Thai or Hindi text, or unknown Latin text
    return language


@functools.lru_cache(maxsize=200_000)
def term_for(word: str, language: str) -> str | None:
    """The index term for one folded word, or None for a stop word."""
    lang = word_language(word, language)
    if lang == "hi":
        word = normalize_hindi(word)
    if word in stop_words(lang):
        return None
    if lang == "th":
        return word
    if lang in ACCENT_FOLDING_LANGUAGES and fold_accents(word) in stop_words(lang):
        return None
    stem = stemmer(lang)
    term = stem.stemWord(word) if stem is not None else word
    if lang in ACCENT_FOLDING_LANGUAGES:
        term = fold_accents(term)
    return term


def stem_only(word: str, language: str) -> str | None:
    """The index term of ``word`` in ``language`` even if it is one of its stop words."""
    lang = word_language(word, language)
    if lang == "hi":
        word = normalize_hindi(word)
    if lang == "th":
        return word
    stem = stemmer(lang)
    term = stem.stemWord(word) if stem is not None else word
    return fold_accents(term) if lang in ACCENT_FOLDING_LANGUAGES else term


def analyze(text: str, language: str) -> list[Token]:
    """Index terms of ``text`` written in ``language`` (ISO 639-1), with offsets."""
    tokens: list[Token] = []
    for position, (word, start, end) in enumerate(words(text)):
        term = term_for(word, language)
        if term:
            tokens.append(Token(term, start, end, position))
    return tokens


def terms(text: str, language: str) -> list[str]:
    return [token.term for token in analyze(text, language)]


def query_terms(word: str, languages: tuple[str, ...]) -> set[str]:
    """Every index term a query word may match when the query's language is one of ``languages``.

    Thai and Devanagari words have one reading; a Latin word gets its stem in each
    candidate language ("vendedores" -> vendedor (es), vendedor (en), vendedor (fr)).
    """
    lang = word_language(word, languages[0] if len(languages) == 1 else "")
    if lang in ("th", "hi"):
        term = term_for(word, lang)
        return {term} if term else set()
    result: set[str] = set()
    for candidate in languages:
        if candidate not in STEMMER_NAMES and candidate != "th":
            continue
        term = term_for(word, candidate if script_of(word) == "Latn" else lang)
        if term:
            result.add(term)
    return result


def is_stop_word(word: str, languages: tuple[str, ...]) -> bool:
    lang = word_language(word, languages[0] if len(languages) == 1 else "")
    if lang in ("th", "hi"):
        return term_for(word, lang) is None
    return any(term_for(word, candidate) is None for candidate in languages)
