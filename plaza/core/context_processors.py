from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url

from plaza.core.languages import LANGUAGES


def plaza(request: HttpRequest) -> dict[str, Any]:
    code = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    alternates = [
        (other, translate_url(request.path, other))
        for other, _name in settings.LANGUAGES
        if other != code
    ]
    return {
        "alternate_urls": [(c, url) for c, url in alternates if url != request.path],
        "SITE_NAME": settings.SITE_NAME,
        "interface_languages": [LANGUAGES[c] for c, _name in settings.LANGUAGES],
        "current_language": LANGUAGES.get(code, LANGUAGES["en"]),
    }
