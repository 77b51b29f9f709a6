"""Import of the UNDP Accelerator Labs pages (../shared/data/undp-acclab-informal/pages).

Each page is Markdown with [[key:value]] tags (type, country, year, date, source...);
the site's navigation and footer are stripped, and every record says where it came from.

The scraped pages carry debris that must not reach the library (issue 18): a title cut off
with "…" (the complete one is further down the page), "Skip to main content" taken for the
title (the real one follows the breadcrumb), HTML entities (decoded once), raw HTML and
Markdown in the text. Titles, summaries and full text are plain text (``cleaning``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from plaza.library.cleaning import (
    complete_title,
    decode_entities,
    is_boilerplate,
    is_cut,
    plain_text,
)
from plaza.library.importers import ImportRow

SOURCE = "UNDP Accelerator Labs"
TAG_RE = re.compile(r"^\[\[([a-z_]+):(.*?)\]\]\s*$", re.S)
INLINE_TAG_RE = re.compile(r"\[\[[a-z_]+:[^\]]*\]\]")
TIMESTAMP_RE = re.compile(r"\[\[\d+:\d+(?::\d+)?\]\]\s*")
TYPES = {
    "publications": "publication",
    "blog": "media",
    "story": "media",
    "solution": "good-practice",
    "experiment": "good-practice",
    "learningplan": "good-practice",
}
SECTOR_WORDS = {
    "waste-pickers": ("waste picker", "waste-picker", "recicladores", "reciclador", "recycleurs"),
    "street-vendors": ("street vendor", "street trader", "vendedores ambulantes", "hawker"),
    "domestic-workers": ("domestic worker", "trabajadoras del hogar", "travailleuses domestiques"),
    "home-based-workers": ("home-based worker", "homeworker"),
    "market-porters": ("market porter", "kayayei", "head porter"),
}
FOOTER_MARKERS = ("\nUnited Nations\nDevelopment Programme\n", "\nREAD MORE\n")
NAV_MARKERS = ("Skip to main content",)
# The breadcrumb of undp.org pages: HOME, the country, then maybe the section, then the title.
BREADCRUMB_SECTIONS = frozenset({"blog", "blogs", "stories", "story", "news", "publications"})
# A Medium page's title runs into the byline: "...COVID-19UNDP Accelerator Labs·Follow8 min".
BYLINE_RE = re.compile(r"\s*(?:UNDP Accelerator Labs|UNDP Innovation)?\s*·\s*Follow.*$")
# An experiment form's instruction, repeated on every page of that kind.
FORM_BOILERPLATE_RE = re.compile(
    r"\*\*This section is to explain the basics of the activity\*\*\s*"
    r"|\*\*Explain the design of the experimental activity\.[^*]*\*\*\s*"
    r"|Please note: we ask you to only submit a maximum of 3 challenges[^\n]*\n?"
)
UNWANTED_KEYWORDS = {"", "null", "none", "n/a"}


@lru_cache(maxsize=512)
def country_code(name: str) -> str:
    import pycountry

    name = name.strip()
    if not name or name.lower() in {"null island", "global"}:
        return ""
    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        try:
            return str(pycountry.countries.search_fuzzy(name)[0].alpha_2)
        except LookupError:
            return ""


def detect_language(text: str) -> str:
    import py3langid

    code, _score = py3langid.classify(text[:3000])
    return code if code in ("en", "es", "fr", "pt") else "en"


def strip_boilerplate(body: str, title: str) -> str:
    """The page's own text (still Markdown): navigation, breadcrumb and footer removed."""
    nav = max((body.rfind(marker, 0, 4000) for marker in NAV_MARKERS), default=-1)
    if nav != -1:
        # The page text starts after the title is repeated below the site navigation.
        lines = body[nav:].split("\n")[1:]
        wanted = title.casefold()
        start = next(
            (i for i, line in enumerate(lines) if plain_text(line).casefold() == wanted), -1
        )
        body = "\n".join(lines[start + 1 :])
    cut = min((body.find(m) for m in FOOTER_MARKERS if m in body), default=-1)
    if cut != -1:
        body = body[:cut]
        # Drop the "related stories" teasers just above the footer.
        body = re.sub(r"(\n(STORIES|BLOG|PUBLICATIONS|NEWS)\n[^\n]*)+\s*$", "", body)
    body = INLINE_TAG_RE.sub("", TIMESTAMP_RE.sub("", body))
    body = FORM_BOILERPLATE_RE.sub("", body)
    body = re.sub(r"\[Original article published here\]\([^)]*\)", "", body)
    body = "\n".join(line for line in body.split("\n") if not is_boilerplate(line))
    return re.sub(r"\n{3,}", "\n\n", body).strip()


def breadcrumb_title(lines: list[str]) -> str:
    """The title after undp.org's breadcrumb (HOME, country, [section], title), or ""."""
    for index, line in enumerate(lines):
        if line.strip().casefold() != "home" or index + 2 >= len(lines):
            continue
        position = index + 2  # skip the country
        if lines[position].strip().casefold() in BREADCRUMB_SECTIONS:
            position += 1
        if position < len(lines) and lines[position].strip():
            return lines[position].strip()
    return ""


def clean_title(raw: str, lines: list[str]) -> str:
    """A complete plain-text title: never site furniture, never cut off with "…"."""
    title = plain_text(raw.replace("\\", "")).lstrip("-*• ").strip()
    if not title or is_boilerplate(title):
        title = plain_text(breadcrumb_title(lines)).strip()
    if is_cut(title):
        start = title.rstrip("….").casefold()[:40]
        for line in lines:
            byline = BYLINE_RE.search(line)
            if byline and plain_text(line[: byline.start()]).casefold().startswith(start):
                return plain_text(line[: byline.start()])
    candidates = (
        BYLINE_RE.sub("", plain_text(line)) for line in lines if line.strip() and "[[" not in line
    )
    return complete_title(title, candidates, max_length=500)


def parse_page(path: Path, number: int = 0) -> ImportRow:
    text = path.read_text(encoding="utf-8", errors="replace")
    tags: dict[str, list[str]] = {}
    body_lines: list[str] = []
    heading = ""
    for line in text.splitlines():
        match = TAG_RE.match(line.strip())
        if match:
            tags.setdefault(match.group(1), []).append(match.group(2).strip())
            continue
        if not heading and line.startswith("# "):
            heading = line[2:].strip()
            continue
        body_lines.append(line)
    # ai_summary spans several lines: read it from the raw text.
    summary = re.search(r"\[\[ai_summary:(.*?)\]\]", text, re.S)
    title = clean_title(heading, body_lines) or path.stem.replace("_", " ")
    markdown = strip_boilerplate("\n".join(body_lines), title)
    body = plain_text(markdown)
    abstract = plain_text(summary.group(1)) if summary else _first_words(markdown, 80)
    lowered = (title + " " + body).lower()
    keywords = []
    for key in ("thematic_areas", "methods"):
        for value in tags.get(key, []):
            value = decode_entities(value).strip()
            if value.lower() not in UNWANTED_KEYWORDS and value not in keywords:
                keywords.append(value)
    countries = sorted({c for c in (country_code(n) for n in tags.get("country", [])) if c})
    year_tag = (tags.get("year") or [""])[0]
    date_tag = (tags.get("date") or [""])[0][:10]
    source_url = decode_entities((tags.get("source") or [""])[0])[:500]
    fields: dict[str, Any] = {
        "title": title,
        "type": TYPES.get((tags.get("type") or [""])[0], "publication"),
        "language": detect_language(title + "\n" + body),
        "abstract": abstract,
        "keywords": keywords[:15],
        "countries": countries,
        "publisher": "United Nations Development Programme",
        "full_text": body,
        "source": SOURCE,
        "source_url": source_url,
        "url": source_url,
        "visibility": "public",
    }
    if year_tag.isdigit():
        fields["year"] = int(year_tag)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_tag) and date_tag[:4] == str(
        fields.get("year", date_tag[:4])
    ):
        fields["date"] = date_tag
    sectors = [code for code, words in SECTOR_WORDS.items() if any(w in lowered for w in words)]
    return ImportRow(
        number=number,
        fields=fields,
        creators=[{"kind": "organization", "name": SOURCE}],
        sectors=sectors,
        key=path.name,
    )


def _first_words(markdown: str, count: int) -> str:
    """A summary from the first paragraphs: plain text, ending at a sentence when it can."""
    # Skip headings, form questions ("> ...") and tables; then the site's breadcrumb line
    # ("Home Paraguay ...") and other short lines.
    words: list[str] = []
    for line in markdown.splitlines():
        if len(words) > count:
            break
        if not line.strip() or line.lstrip().startswith(("#", ">", "|")):
            continue
        text = plain_text(line)
        if len(text.split()) > 6:
            words += text.split()
    if len(words) <= count:
        return " ".join(words)
    head = " ".join(words[:count])
    if head.endswith((".", "?", "!")):
        return head
    end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
    if end > len(head) // 2:
        return head[: end + 1]
    return head + " …"


def rows_from_directory(folder: Path) -> list[ImportRow]:
    pages = sorted(folder.glob("*.md"))
    return [parse_page(path, number) for number, path in enumerate(pages, start=1)]


def legacy_title(path: Path) -> str:
    """The title an earlier Plaza gave this page (its first heading, as scraped)."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.startswith("# "):
                return line[2:].strip().replace("\\", "")[:500]
    return path.stem.replace("_", " ")[:500]


def refresh_imported(user: Any, folder: Path, rows: list[ImportRow]) -> int:
    """Clean the records an earlier import made from these pages, in place (title, summary, text).

    An import made before the pages were cleaned kept cut-off titles, "Skip to main content"
    and markup; importing again would add clean twins beside them (the title differs). Each
    such record is found by its source and old title, and updated through the services, one
    short transaction each. Returns how many were updated.
    """
    from plaza.library import services
    from plaza.library.models import Resource

    updated = 0
    for row in rows:
        old = legacy_title(folder / row.key)
        fields = {k: row.fields[k] for k in ("title", "abstract", "full_text", "source_url", "url")}
        if old == fields["title"]:
            continue
        for resource in Resource.objects.filter(source=SOURCE, title=old):
            if resource.year == row.fields.get("year") or resource.year is None:
                services.update_resource(user, resource, fields)
                updated += 1
    return updated


def default_folder() -> Path:
    from django.conf import settings

    return Path(settings.SHARED_DATA_DIR) / "undp-acclab-informal" / "pages"
