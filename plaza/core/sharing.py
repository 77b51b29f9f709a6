"""Open Graph and Twitter-card tags, so a link pasted in a messaging app shows a title, a
description and an image. A public page's view passes ``share=share_tags(request, ...)`` in its
context; ``base.html`` includes ``core/_share.html`` when it is there."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.text import Truncator

DEFAULT_IMAGE = "plaza/share.png"


def share_tags(
    request: HttpRequest,
    *,
    title: str,
    description: str = "",
    image: str = "",
    kind: str = "website",
) -> dict[str, Any]:
    """The values of the tags: ``image`` is a URL or path (the site's card by default)."""
    image = image or static(DEFAULT_IMAGE)
    return {
        "title": Truncator(title).chars(120),
        "description": Truncator(" ".join(description.split())).chars(200),
        "url": request.build_absolute_uri(request.path),
        "image": image if image.startswith("http") else request.build_absolute_uri(image),
        "type": kind,
        "site_name": settings.SITE_NAME,
    }
