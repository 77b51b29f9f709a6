"""Countries (ISO 3166-1 alpha-2) with names in the interface language, from CLDR (Babel).

pycountry gives the list of codes; Babel gives every name in every interface language, so
there is no hand-kept list of names (and no English left in the Thai or Hindi country list).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

import pycountry
from babel import Locale
from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


@lru_cache(maxsize=16)
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (ValueError, LookupError):
        return Locale.parse("en")


def _lang(lang: str | None) -> str:
    return (lang or get_language() or "en").split("-")[0]


def is_country_code(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code.upper()) is not None if code else False


def country_name(code: str, lang: str | None = None) -> str:
    """The country's name in ``lang`` (default: the active language); the code if unknown."""
    if not code:
        return code
    code = code.upper()
    name = _locale(_lang(lang)).territories.get(code)
    if name:
        return str(name)
    country = pycountry.countries.get(alpha_2=code)
    return (getattr(country, "common_name", None) or country.name) if country else code


@lru_cache(maxsize=16)
def _choices(lang: str) -> tuple[tuple[str, str], ...]:
    names = ((c.alpha_2, country_name(c.alpha_2, lang)) for c in pycountry.countries)
    return tuple(sorted(names, key=lambda item: _sort_key(item[1])))


def _sort_key(name: str) -> str:
    # Accents do not change the order (Bénin before Botswana); Thai and Devanagari sort by
    # code point, which follows their alphabets' order.
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def country_choices(lang: str | None = None) -> list[tuple[str, str]]:
    """Every country, named and sorted in ``lang`` (default: the active language)."""
    return list(_choices(_lang(lang)))


def _attributes(attrs: dict[str, Any]) -> str:
    """HTML attributes as Django's ``attrs.html`` writes them (False left out, True bare),
    escaped."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class CountrySelect(forms.Select):
    """A select of the 250 countries that writes its options in Python, with the markup of
    Django's ``select.html``: the template renders every option through an include, most of
    the inquiry form's time (a page with no query)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{escape(option["value"])}"{_attributes(option["attrs"])}>'
                f"{escape(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
