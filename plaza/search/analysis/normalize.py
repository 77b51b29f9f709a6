"""Character-level normalisation: NFKC, case folding, accent folding, Hindi variants."""

from __future__ import annotations

import functools
import unicodedata

# Latin-script languages whose accents are folded ("médio" matches "medio").
ACCENT_FOLDING_LANGUAGES = frozenset({"en", "es", "fr"})

_DEVANAGARI_DIGITS = {ord("०") + i: str(i) for i in range(10)}
_THAI_DIGITS = {ord("๐") + i: str(i) for i in range(10)}
_NUKTA = "\u093c"
_CHANDRABINDU = "\u0901"
_ANUSVARA = "\u0902"
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def fold_case(text: str) -> str:
    """NFKC normalisation and Unicode case folding (ß -> ss, fullwidth -> ASCII)."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_ZERO_WIDTH)


def fold_accents(word: str) -> str:
    """Strip combining marks from a Latin-script word (never called on Thai or Devanagari)."""
    decomposed = unicodedata.normalize("NFD", word)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).replace("œ", "oe").replace("æ", "ae")


def normalize_hindi(word: str) -> str:
    """Hindi spelling variants: nukta dropped, chandrabindu written as anusvara, ASCII digits.

    NFKC already decomposes the precomposed nukta letters (क़ -> क + ◌़), so removing the
    combining nukta folds both spellings.
    """
    word = unicodedata.normalize("NFKC", word).translate(_DEVANAGARI_DIGITS)
    return word.replace(_NUKTA, "").replace(_CHANDRABINDU, _ANUSVARA)


def normalize_thai_digits(word: str) -> str:
    return word.translate(_THAI_DIGITS)


@functools.lru_cache(maxsize=100_000)
def script_of(word: str) -> str:
    """ISO 15924 code of the first letter's script: Latn, Thai, Deva, or Zyyy (digits, other)."""
    for ch in word:
        code = ord(ch)
        if 0x0E00 <= code <= 0x0E7F:
            return "Thai"
        if 0x0900 <= code <= 0x097F or 0xA8E0 <= code <= 0xA8FF:
            return "Deva"
        if ch.isalpha():
            return "Latn" if code < 0x0250 or 0x1E00 <= code <= 0x1EFF else "Other"
    return "Zyyy"
