"""Links into search from other pages: ``{% field_search "keyword" value %}``.

A resource page links each keyword and author to the fielded search for it
(``keyword:"informal economy"``, ``author:"Martha Chen"``), in the reader's language.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


def field_query(name: str, value: str) -> str:
    """``name:"value"`` (quotes kept out of the value, so the phrase stays one)."""
    cleaned = " ".join(str(value).replace('"', " ").split())
    return f'{name}:"{cleaned}"'


@register.simple_tag
def field_search(name: str, value: str) -> str:
    return f"{reverse('search:search')}?{urlencode({'q': field_query(name, value)})}"
