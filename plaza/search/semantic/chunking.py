"""Split a SearchDocument into passages: title + abstract, then body chunks.

Chunks hold whole sentences, about ``max_words`` words each (a few hundred model
tokens), and repeat the last sentences of the previous chunk (``overlap_words``)
so an idea cut at a boundary is still found. Sentences are found per language:
Thai with PyThaiNLP (words with its dictionary segmenter; Thai writes no
full stops, so a space ends a sentence unless PyThaiNLP's CRF model is
installed), Hindi on the danda (।, ॥), other languages on . ! ? and line ends.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from plaza.search.registry import SearchDocument

from .encoder import ENCODER_ID

MAX_WORDS = 180
OVERLAP_WORDS = 40
MAX_PASSAGES = 400  # per record: a 70 000-word book; beyond that the tail is not embedded

_PARAGRAPHS = re.compile(r"\n\s*\n+")
_LATIN_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+|(?<=[。！？])")
_DEVANAGARI_SENTENCE_END = re.compile(r"(?<=[।॥.!?])\s*")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class PassageText:
    ordinal: int
    text: str  # what is shown as the snippet
    context: str  # the record's title, embedded in front of body chunks (not shown)
    language: str

    @property
    def embedding_input(self) -> str:
        return f"{self.context}\n{self.text}" if self.context else self.text

    @property
    def content_hash(self) -> str:
        digest = hashlib.sha256(f"{ENCODER_ID}\n{self.embedding_input}".encode())
        return digest.hexdigest()[:32]


@lru_cache(maxsize=1)
def _thai_sentence_engine() -> str:
    try:
        import pycrfsuite  # noqa: F401
    except ImportError:
        return "whitespace"
    return "crfcut"


def _is_thai(text: str) -> bool:
    return any("\u0e00" <= char <= "\u0e7f" for char in text)


def split_sentences(text: str, language: str) -> list[str]:
    """Sentences of ``text``, in order, without empty ones."""
    sentences: list[str] = []
    for paragraph in _PARAGRAPHS.split(text):
        for line in paragraph.split("\n") if language == "th" else [paragraph]:
            line = _SPACES.sub(" ", line.replace("\ufeff", "")).strip()
            if not line:
                continue
            parts: list[str]
            if language == "th":
                from pythainlp.tokenize import sent_tokenize

                parts = [str(part) for part in sent_tokenize(line, engine=_thai_sentence_engine())]
            elif language == "hi":
                parts = _DEVANAGARI_SENTENCE_END.split(line)
            else:
                parts = _LATIN_SENTENCE_END.split(line)
            sentences.extend(part.strip() for part in parts if part and part.strip())
    return sentences


def count_words(text: str, language: str) -> int:
    if language == "th" or (not language and _is_thai(text)):
        from pythainlp.tokenize import word_tokenize

        return sum(1 for word in word_tokenize(text, engine="newmm") if word.strip())
    return len(text.split())


def _split_long_sentence(sentence: str, words: int, max_words: int) -> list[tuple[str, int]]:
    """A sentence longer than a chunk (a table, a list without stops) cut into word runs."""
    tokens = sentence.split()
    if len(tokens) <= 1:  # Thai without spaces: cut on characters, proportionally
        size = max(1, len(sentence) * max_words // max(words, 1))
        pieces = [sentence[i : i + size] for i in range(0, len(sentence), size)]
        return [(piece, max_words) for piece in pieces]
    pieces = [" ".join(tokens[i : i + max_words]) for i in range(0, len(tokens), max_words)]
    return [(piece, len(piece.split())) for piece in pieces]


def chunk_text(
    text: str, language: str, *, max_words: int = MAX_WORDS, overlap_words: int = OVERLAP_WORDS
) -> list[str]:
    """Chunks of whole sentences of about ``max_words`` words, overlapping by whole sentences."""
    units: list[tuple[str, int]] = []
    for sentence in split_sentences(text, language):
        words = count_words(sentence, language)
        if words > max_words:
            units.extend(_split_long_sentence(sentence, words, max_words))
        else:
            units.append((sentence, words))
    chunks: list[str] = []
    current: list[tuple[str, int]] = []
    size = 0
    for unit in units:
        if current and size + unit[1] > max_words:
            chunks.append(" ".join(part for part, _ in current))
            overlap: list[tuple[str, int]] = []
            kept = 0
            for previous in reversed(current):
                if kept + previous[1] > overlap_words or len(overlap) + 1 >= len(current):
                    break
                overlap.insert(0, previous)
                kept += previous[1]
            current, size = overlap, kept
        current.append(unit)
        size += unit[1]
    if current:
        chunks.append(" ".join(part for part, _ in current))
    return chunks


def detect_language(document: SearchDocument) -> str:
    if document.language:
        return document.language
    sample = " ".join([document.title, document.abstract, document.body[:2000]]).strip()
    if not sample:
        return ""
    import py3langid

    code, _score = py3langid.classify(sample)
    return str(code)


def document_passages(document: SearchDocument) -> list[PassageText]:
    """The passages of one record: [title (+ subtitle) + abstract, body chunks...]."""
    language = detect_language(document)
    title = " — ".join(part for part in (document.title.strip(), document.subtitle.strip()) if part)
    passages: list[PassageText] = []
    head = "\n".join(part for part in (title, document.abstract.strip()) if part)
    if head:
        if count_words(head, language) <= MAX_WORDS * 3 // 2:
            passages.append(PassageText(0, head, "", language))
        else:
            for chunk in chunk_text(document.abstract, language):
                passages.append(PassageText(len(passages), chunk, title, language))
    if document.body.strip():
        for chunk in chunk_text(document.body, language):
            if len(passages) >= MAX_PASSAGES:
                break
            passages.append(PassageText(len(passages), chunk, title, language))
    return passages
