"""Plain text from scraped web pages: no markup, no site furniture, entities decoded once.

Used by the web-page importers (``plaza.library.undp``) before a record is validated, so that
titles and summaries are what a reader should see:

* :func:`decode_entities` turns ``&amp;`` into ``&`` exactly once (``&amp;amp;`` in the source
  stays the literal text ``&amp;``: the page said that);
* :func:`plain_text` removes HTML tags, Markdown images, links (keeping their words),
  emphasis, headings, quotes, table rules and backslash escapes;
* :func:`complete_title` replaces a title the scraper cut off ("...", "…") by the complete
  text found elsewhere on the page (a heading, the first line that starts with it), and
  never returns a title that ends in an ellipsis.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from plaza.core import markup

ELLIPSES = ("…", "...")
# Site furniture that a scraper sometimes took for the page's title or first line.
BOILERPLATE_LINES = frozenset(
    {
        "skip to main content",
        "skip to content",
        "skip to navigation",
        "menu",
        "search",
        "home",
        "share",
        "listen",
        "follow",
    }
)
MD_LINK_RE = re.compile(r"\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
MD_AUTOLINK_RE = re.compile(r"<(https?://[^>\s]+)>")
# A Markdown table's rule line (|---|:--|); the one stripper keeps table rows as text.
MD_TABLE_RULE_RE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$", re.M)
MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
URL_ONLY_RE = re.compile(r"^(?:https?://|www\.)\S+$")
# The end of a sentence: not an initial ("The L. E. D Technology"), not an ellipsis.
SENTENCE_END_RE = re.compile(r"(?<![\s(.][A-Z])(?<!\.)[.!?](?=\s+[^a-z\s]|\s*$)")
# Words a cut-off title must not end on.
DANGLING_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "their",
        "to",
        "toward",
        "towards",
        "with",
        "y",
        "e",
        "o",
        "de",
        "del",
        "la",
        "las",
        "el",
        "los",
        "en",
        "para",
        "con",
        "por",
        "un",
        "una",
        "et",
        "ou",
        "du",
        "des",
        "le",
        "les",
        "à",
        "au",
        "aux",
        "pour",
        "sur",
        "some",
        "uncovered",
    ]
)
WORD_RE = re.compile(r"\w+")


def decode_entities(text: str) -> str:
    """HTML character references decoded once; non-breaking spaces become plain spaces."""
    return html.unescape(text).replace("\xa0", " ")


def _link_words(match: re.Match[str]) -> str:
    words = match.group(1).strip()
    # A link whose words are its own address says nothing a reader needs in a summary.
    return "" if URL_ONLY_RE.match(words) or words == match.group(2) else words


def plain_text(text: str) -> str:
    """Text a reader sees: HTML and Markdown markup removed, entities decoded once.

    The one markup stripper (``plaza.core.markup.plain_text``) does the work; before it, what
    only scraped pages hold (links whose words are their address, autolinks, halves of links
    the scraper broke), after it their escapes, stray bold markers and invisible characters.
    Paragraphs (blank lines) are kept; runs of spaces become one space.
    """
    text = text.replace("\r\n", "\n")
    text = markup.MD_IMAGE.sub(" ", text)  # first: its brackets would read as a link
    text = MD_LINK_RE.sub(_link_words, text)
    text = MD_AUTOLINK_RE.sub("", text)
    # What is left of links the pattern could not pair (brackets inside their words).
    text = re.sub(r"\]\((?:https?://|www\.|mailto:)[^)\s]*\)?", " ", text)
    text = re.sub(r"\[(?=https?://)", "", text)
    text = MD_TABLE_RULE_RE.sub("", text)
    text = markup.plain_text(text)
    text = text.replace("**", "")  # an unpaired bold marker is never part of the words
    text = MD_ESCAPE_RE.sub(r"\1", text)
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip(" \t|") for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def is_boilerplate(line: str) -> bool:
    return line.strip().strip(".").casefold() in BOILERPLATE_LINES


def is_cut(title: str) -> bool:
    return title.rstrip().endswith(ELLIPSES)


def _words(text: str) -> list[str]:
    return WORD_RE.findall(text.casefold())


def _completion(prefix: str, line: str) -> str | None:
    """The complete title in ``line`` if it starts with the words of ``prefix``, else None."""
    wanted = _words(prefix)
    if not wanted:
        return None
    # Walk the line's words until the prefix's words are consumed (the last may be partial).
    position = 0
    for index, word in enumerate(wanted):
        match = WORD_RE.search(line.casefold(), position)
        if match is None:
            return None
        last = index == len(wanted) - 1
        if match.group(0) != word and not (last and match.group(0).startswith(word)):
            return None
        if index == 0 and line[: match.start()].strip(" -*#>\t(\"'“‘"):
            return None  # the words do not start the line
        position = match.end()
    end = SENTENCE_END_RE.search(line, position)
    complete = line[: end.start() + 1] if end else line
    complete = complete.strip().lstrip("-*#> \t").strip()
    if complete.endswith(".") and not complete.endswith(".."):
        complete = complete[:-1]  # a heading written as a sentence: no final full stop
    return complete or None


def complete_title(title: str, candidates: Iterable[str], max_length: int = 500) -> str:
    """``title`` unless it was cut off; then the first complete version among ``candidates``.

    When no candidate completes it, the cut-off word and the ellipsis are dropped, so the
    title ends on a whole word and never in "…".
    """
    title = " ".join(title.split())
    if not is_cut(title):
        return title
    prefix = title.rstrip().rstrip("….").rstrip()
    for candidate in candidates:
        complete = _completion(prefix, " ".join(candidate.split()))
        if complete and not is_cut(complete) and len(prefix) <= len(complete) <= max_length:
            return complete
    words = prefix.split()
    # The last word was probably cut in the middle: keep whole words, and end on a word that
    # can end a title.
    if len(words) > 3:
        words = words[:-1]
    while len(words) > 3 and words[-1].casefold().strip(",;:") in DANGLING_WORDS:
        words = words[:-1]
    return " ".join(words).rstrip(",;:-–— ") or prefix
