"""Text normalisation and phrase matching for the screening, in the five languages.

Latin-script text is case- and accent-folded ("Pasantía" → "pasantia"); Devanagari keeps its
vowel signs (they are letters, not accents); Thai has no spaces between words, so Thai phrases
match anywhere in the text with spaces removed. Other phrases match whole words; a trailing
``*`` lets a phrase match any word ending ("intern*" matches "interns", "internship").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_LATIN_MAX = 0x024F  # Basic Latin .. Latin Extended-B
_NON_WORD = re.compile(r"[^\w\u0900-\u0963\u0966-\u097F\u0E00-\u0E7F]+")
_THAI = re.compile(r"[\u0E00-\u0E7F]")
_WORD_CHARS = r"\w\u0900-\u0963\u0966-\u097F"


def fold(text: str) -> str:
    """Casefold; drop accents on Latin letters only; keep Thai and Devanagari marks."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    out: list[str] = []
    base_is_latin = False
    for char in decomposed:
        if unicodedata.combining(char):
            if base_is_latin:
                continue
        else:
            base_is_latin = ord(char) <= _LATIN_MAX
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def normalise(text: str) -> str:
    """Folded text with punctuation turned into single spaces."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


def is_thai(text: str) -> bool:
    return bool(_THAI.search(text))


@dataclass(frozen=True)
class CompiledPhrase:
    source: str
    language: str
    pattern: re.Pattern[str] | None  # None: Thai substring match
    needle: str

    def found_in(self, normalised: str, unspaced: str) -> bool:
        if self.pattern is None:
            return self.needle in unspaced
        return self.pattern.search(normalised) is not None


def compile_phrase(phrase: str, language: str) -> CompiledPhrase | None:
    """A phrase ready to match; None when nothing is left of it after normalisation."""
    prefix = phrase.strip().endswith("*")
    needle = normalise(phrase.replace("*", " "))
    if not needle:
        return None
    if is_thai(needle):
        return CompiledPhrase(phrase, language, None, needle.replace(" ", ""))
    words = r"\s+".join(re.escape(word) for word in needle.split())
    tail = rf"[{_WORD_CHARS}]*" if prefix else ""
    pattern = re.compile(rf"(?<![{_WORD_CHARS}]){words}{tail}(?![{_WORD_CHARS}])")
    return CompiledPhrase(phrase, language, pattern, needle)


def prepare(text: str) -> tuple[str, str]:
    """The normalised text and the same without spaces (for Thai phrases)."""
    normalised = normalise(text)
    return normalised, normalised.replace(" ", "")
