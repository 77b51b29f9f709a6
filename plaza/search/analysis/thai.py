"""Thai word segmentation: PyThaiNLP's newmm with Plaza's dictionary of domain words.

The domain dictionary (thai_domain_words.txt, one word a line) keeps compounds such as
หาบเร่แผงลอย ("street vending") whole. Operators extend it with the setting
PLAZA_SEARCH_THAI_DICTIONARY (a file with one word a line); run `plaza reindex` afterwards.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import Any

from django.conf import settings

DOMAIN_WORDS_FILE = Path(__file__).with_name("thai_domain_words.txt")
_lock = threading.Lock()


def _read_words(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    return {
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }


def domain_words() -> frozenset[str]:
    return _domain_words(getattr(settings, "SEARCH_THAI_DICTIONARY", ""))


@functools.cache
def _domain_words(extra: str) -> frozenset[str]:
    words = _read_words(DOMAIN_WORDS_FILE)
    if extra:
        words |= _read_words(Path(extra))
    return frozenset(words)


@functools.cache
def _tokenizer() -> Any:
    with _lock:
        from pythainlp.corpus.common import thai_words
        from pythainlp.tokenize import Tokenizer
        from pythainlp.util import dict_trie

        trie = dict_trie(set(thai_words()) | domain_words())
        return Tokenizer(custom_dict=trie, engine="newmm", keep_whitespace=False)


@functools.cache
def _plain_tokenizer() -> Any:
    from pythainlp.corpus.common import thai_words
    from pythainlp.tokenize import Tokenizer
    from pythainlp.util import dict_trie

    return Tokenizer(custom_dict=dict_trie(set(thai_words())), engine="newmm")


def segment(text: str) -> list[tuple[str, int]]:
    """Words of a run of Thai text with their start offsets inside ``text``."""
    words: list[tuple[str, int]] = []
    offset = 0
    for word in _tokenizer().word_tokenize(text):
        start = text.find(word, offset)
        if start < 0:  # the tokenizer never rewrites text; be safe anyway
            start = offset
        offset = start + len(word)
        if word.strip():
            words.append((word, start))
    return words


@functools.lru_cache(maxsize=50_000)
def split_compound(word: str) -> list[str]:
    """A domain compound's parts as the general dictionary sees them (for query expansion)."""
    if word not in domain_words():
        return [word]
    return [part for part in _plain_tokenizer().word_tokenize(word) if part.strip()]
