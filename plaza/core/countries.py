"""Countries (ISO 3166-1 alpha-2) with names in the interface language, from pycountry."""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry
from django.utils.translation import get_language


@lru_cache(maxsize=8)
def _translator(lang: str) -> gettext.NullTranslations:
    try:
        return gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True
        )
    except OSError:
        return gettext.NullTranslations()


def is_country_code(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code.upper()) is not None if code else False


def country_name(code: str, lang: str | None = None) -> str:
    """The country's common name in ``lang`` (default: the active language)."""
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    return _translator((lang or get_language() or "en").split("-")[0]).gettext(name)


def country_choices() -> list[tuple[str, str]]:
    return sorted(
        ((c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries),
        key=lambda item: item[1],
    )
