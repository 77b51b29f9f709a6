"""Import of the UNDP Accelerator Labs pages (../shared/data/undp-acclab-informal/pages).

Each page is Markdown with [[key:value]] tags (type, country, year, date, source...);
the site's navigation and footer are stripped, and every record says where it came from.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

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
    if any(marker in body[:400] for marker in NAV_MARKERS):
        # The page text starts after the title is repeated below the site navigation.
        start = body.find("\n" + title + "\n")
        if start != -1:
            body = body[start + len(title) + 2 :]
    cut = min((body.find(m) for m in FOOTER_MARKERS if m in body), default=-1)
    if cut != -1:
        body = body[:cut]
        # Drop the "related stories" teasers just above the footer.
        body = re.sub(r"(\n(STORIES|BLOG|PUBLICATIONS|NEWS)\n[^\n]*)+\s*$", "", body)
    body = INLINE_TAG_RE.sub("", TIMESTAMP_RE.sub("", body))
    body = body.replace("\\.", ".").replace("\\-", "-")
    body = re.sub(r"\[Original article published here\]\([^)]*\)", "", body)
    return re.sub(r"\n{3,}", "\n\n", body).strip()


def parse_page(path: Path, number: int = 0) -> ImportRow:
    text = path.read_text(encoding="utf-8", errors="replace")
    tags: dict[str, list[str]] = {}
    body_lines: list[str] = []
    title = ""
    for line in text.splitlines():
        match = TAG_RE.match(line.strip())
        if match:
            tags.setdefault(match.group(1), []).append(match.group(2).strip())
            continue
        if not title and line.startswith("# "):
            title = line[2:].strip()
            continue
        body_lines.append(line)
    # ai_summary spans several lines: read it from the raw text.
    summary = re.search(r"\[\[ai_summary:(.*?)\]\]", text, re.S)
    title = (title or path.stem.replace("_", " ")).replace("\\", "")[:500]
    body = strip_boilerplate("\n".join(body_lines), title)
    abstract = summary.group(1).strip() if summary else _first_words(body, 80)
    lowered = (title + " " + body).lower()
    keywords = []
    for key in ("thematic_areas", "methods"):
        for value in tags.get(key, []):
            if value.strip().lower() not in UNWANTED_KEYWORDS and value.strip() not in keywords:
                keywords.append(value.strip())
    countries = sorted({c for c in (country_code(n) for n in tags.get("country", [])) if c})
    year_tag = (tags.get("year") or [""])[0]
    date_tag = (tags.get("date") or [""])[0][:10]
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
        "source_url": (tags.get("source") or [""])[0][:500],
        "url": (tags.get("source") or [""])[0][:500],
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
    )


def _first_words(text: str, count: int) -> str:
    # Skip headings, form questions ("> ...") and the site's breadcrumb line ("Home Paraguay ...").
    lines = [
        line
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith(("#", ">", "|")) and len(line.split()) > 6
    ]
    words = " ".join(lines).split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def rows_from_directory(folder: Path) -> list[ImportRow]:
    pages = sorted(folder.glob("*.md"))
    return [parse_page(path, number) for number, path in enumerate(pages, start=1)]


def default_folder() -> Path:
    from django.conf import settings

    return Path(settings.SHARED_DATA_DIR) / "undp-acclab-informal" / "pages"
