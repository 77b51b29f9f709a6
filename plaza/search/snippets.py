"""Highlighted snippets in the original script: plain text (markup removed, see
plaza.core.markup), every piece escaped, matched words in <mark>."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from plaza.core.markup import plain_text
from plaza.search.analysis import analyze

SNIPPET_CHARS = 240


def _matches(
    text: str, language: str, terms: set[str], prefixes: set[str]
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for token in analyze(text, language):
        matched = token.term in terms or any(token.term.startswith(p) for p in prefixes)
        if matched and (not spans or token.start >= spans[-1][1]):
            spans.append((token.start, token.end))
    return spans


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> SafeString:
    parts: list[str] = []
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 (every piece escaped)


def highlight(text: str, language: str, terms: set[str], prefixes: set[str]) -> SafeString:
    """``text`` escaped, with the matched words wrapped in <mark> (for titles)."""
    text = plain_text(text)
    return _render(text, _matches(text, language, terms, prefixes), 0, len(text))


def _window_start(text: str, spans: list[tuple[int, int]], size: int) -> int:
    """The start of the window of ``size`` characters holding the most matched words."""
    best_start, best_count = spans[0][0], 0
    for i, (start, _end) in enumerate(spans):
        count = sum(1 for s, e in spans[i:] if e <= start + size)
        if count > best_count:
            best_start, best_count = start, count
    start = max(0, best_start - size // 4)
    # Begin at a word boundary (a space, or the text's start) when one is near.
    space = text.rfind(" ", max(0, start - 20), start + 1)
    return space + 1 if space >= 0 and start > 0 else start


def snippet(
    text: str, language: str, terms: set[str], prefixes: set[str], size: int = SNIPPET_CHARS
) -> SafeString:
    """A window of ``text`` around its best cluster of matched words, highlighted."""
    text = " ".join(plain_text(text).split())
    if not text:
        return mark_safe("")
    spans = _matches(text, language, terms, prefixes) if terms or prefixes else []
    if not spans:
        end = min(len(text), size)
        return _render(text, [], 0, end)
    start = _window_start(text, spans, size)
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start + size // 2, end)
        end = space if space > 0 else end
    return _render(text, spans, start, end)
