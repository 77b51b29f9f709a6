"""Plain text from text that may hold HTML or Markdown (abstracts pasted from web pages,
descriptions written in Markdown), for the index and for snippets.

A snippet is plain text with the matched words highlighted: a reader must never see
``<div class="group">`` or ``![Missing alt text](image.png)``. The rules are conservative:
only things that are unmistakably markup are removed (a tag needs a letter, ``/`` or ``!``
right after ``<``, so "x < 5 and y > 3" stays as it is), and the words a reader would see on
a rendered page are kept (a link's text; an image is left out).
"""

from __future__ import annotations

import html
import re

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_INVISIBLE = re.compile(r"<(script|style|template)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|blockquote|pre|hr)\b[^<>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<![A-Za-z][^<>]*>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# [text](url): keep what a reader sees; ![alt](url) is an image, not text in the snippet.
MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^)\n]*)\)")
_MD_REF_DEF = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*\S+.*$", re.MULTILINE)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?", re.MULTILINE)
_MD_LIST = re.compile(r"^\s{0,3}(?:[*+-]|\d{1,3}[.)])\s+", re.MULTILINE)
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$", re.MULTILINE)
_MD_FENCE = re.compile(r"^\s{0,3}(?:```|~~~).*$", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(?<![\w*_~])(\*\*|__|\*|~~)(?=\S)([^\n]+?)(?<=\S)\1")
_MD_CODE = re.compile(r"`([^`\n]+)`")
_SPACES = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(?:\n\s*)+")


def plain_text(text: str) -> str:
    """``text`` without HTML tags, entities or Markdown syntax; words and line breaks kept."""
    if not text or not any(c in text for c in "<&![*_`#>~"):
        return text
    if "<" in text:
        text = _COMMENT.sub(" ", text)
        text = _INVISIBLE.sub(" ", text)
        text = _BLOCK_TAG.sub("\n", text)
        text = _TAG.sub("", text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    text = MD_IMAGE.sub(" ", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_REF_DEF.sub("", text)
    text = _MD_FENCE.sub("", text)
    text = _MD_RULE.sub("", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_LIST.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = _MD_CODE.sub(r"\1", text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()
