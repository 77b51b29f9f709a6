"""Languages Plaza knows: the five interface languages and the content languages.

Interface languages are the ones with a gettext catalogue (settings.LANGUAGES).
Content languages are what a resource or a meeting note may be written in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1
    name: Promise  # name in the interface language (translated)
    native_name: str  # the language's own name for itself
    script: str  # ISO 15924
    direction: str = "ltr"


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", _("English"), "English", "Latn"),
        Language("es", _("Spanish"), "Español", "Latn"),
        Language("fr", _("French"), "Français", "Latn"),
        Language("th", _("Thai"), "ไทย", "Thai"),
        Language("hi", _("Hindi"), "हिन्दी", "Deva"),
        Language("pt", _("Portuguese"), "Português", "Latn"),
        Language("wo", _("Wolof"), "Wolof", "Latn"),
    )
}

INTERFACE_LANGUAGES = ("en", "es", "fr", "th", "hi")


def content_language_choices() -> list[tuple[str, Promise]]:
    return [(lang.code, lang.name) for lang in LANGUAGES.values()]


def get_language_info(code: str) -> Language | None:
    return LANGUAGES.get(code)


def is_known_language(code: str) -> bool:
    return code in LANGUAGES
