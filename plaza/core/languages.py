"""Languages Plaza knows: the five interface languages and the content languages.

Interface languages are the ones with a gettext catalogue (settings.LANGUAGES).
Content languages are what a resource or a meeting note may be written in. Every language's
name in the reader's language comes from CLDR (Babel), not from a hand-kept list.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel import Locale
from django import forms
from django.utils.functional import lazy
from django.utils.translation import get_language


@lru_cache(maxsize=16)
def _locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang)
    except (ValueError, LookupError):
        return None


def language_name(code: str, lang: str | None = None) -> str:
    """The name of language ``code`` in ``lang`` (default: the active language), from CLDR."""
    if not code:
        return code
    return _name(code, (lang or get_language() or "en").split("-")[0])


@lru_cache(maxsize=1024)
def _name(code: str, lang: str) -> str:
    """CLDR's name (static data: read once per process; a list page names a language
    on every entry)."""
    reader = _locale(lang) or _locale("en")
    name = reader.languages.get(code) if reader else None
    if not name:
        return code
    # CLDR writes language names in lower case in es and fr ("español"); a name on its own
    # (a label, a list item) starts with a capital as in every other language.
    return str(name[:1].upper() + name[1:])


_lazy_language_name = lazy(language_name, str)


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1
    script: str  # ISO 15924
    direction: str = "ltr"

    @property
    def name(self) -> str:
        """Name in the interface language (lazy: evaluated when shown)."""
        return _lazy_language_name(self.code)

    @property
    def native_name(self) -> str:
        """The language's own name for itself."""
        return language_name(self.code, self.code)


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "Latn"),
        Language("es", "Latn"),
        Language("fr", "Latn"),
        Language("th", "Thai"),
        Language("hi", "Deva"),
        Language("pt", "Latn"),
        Language("wo", "Latn"),
    )
}

INTERFACE_LANGUAGES = ("en", "es", "fr", "th", "hi")


class NativeLanguageSelect(forms.Select):
    """A select of languages named in their own language, each option marked with its ``lang``
    (so that screen readers pronounce "हिन्दी" in Hindi on an English page)."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        if option["value"]:
            option["attrs"]["lang"] = str(option["value"])
        return option


def content_language_choices() -> list[tuple[str, str]]:
    return [(lang.code, lang.name) for lang in LANGUAGES.values()]


def is_known_language(code: str) -> bool:
    return code in LANGUAGES
