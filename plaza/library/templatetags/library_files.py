"""What a file link says about the file: "PDF, 1.2 MB, 14 pages", in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from plaza.core.formatting import format_number
from plaza.library.extraction import DOCX, HTML, PDF, TEXT

register = template.Library()

KB = 1024
MB = 1024 * KB
GB = 1024 * MB


def type_label(content_type: str) -> str:
    labels = {
        PDF: "PDF",
        DOCX: _("Word document"),
        HTML: _("Web page"),
        TEXT: _("Plain text"),
    }
    return labels.get(content_type, _("File"))


def size_label(size: int) -> str:
    """1,234 bytes · 12 KB · 1.2 MB · 3.4 GB with the locale's separators and digits."""
    if size < KB:
        return ngettext("%(count)s byte", "%(count)s bytes", size) % {"count": format_number(size)}
    if size < MB:
        return _("%(size)s KB") % {"size": format_number(round(size / KB), 0)}
    if size < GB:
        return _("%(size)s MB") % {"size": format_number(round(size / MB, 1), 1)}
    return _("%(size)s GB") % {"size": format_number(round(size / GB, 1), 1)}


def pages_label(count: int) -> str:
    return ngettext("%(count)s page", "%(count)s pages", count) % {"count": format_number(count)}


@register.filter
def file_facts(resource_file: Any) -> str:
    """The type, size and (for PDFs) page count of a ResourceFile, as one short phrase."""
    parts = [type_label(resource_file.content_type), size_label(int(resource_file.size or 0))]
    if resource_file.page_count:
        parts.append(pages_label(int(resource_file.page_count)))
    return pgettext("separator between facts about a file", ", ").join(parts)


@register.filter
def download_count(count: int) -> str:
    return ngettext("downloaded %(count)s time", "downloaded %(count)s times", int(count or 0)) % {
        "count": format_number(int(count or 0))
    }
