"""The HTTP API (django-ninja, OpenAPI 3.1 at /api/docs).

Each app that offers an API has ``plaza/<app>/api.py`` with a ``router``; this
module mounts them all under /api/<app>/, so adding an app's API needs no edit here.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.conf import settings
from ninja import NinjaAPI

from plaza.core import api_errors


class PlazaAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document lists the error answers of every operation."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return api_errors.document(super().get_openapi_schema(**kwargs))


api = PlazaAPI(
    title=f"{settings.SITE_NAME} API",
    version="1",
    description=(
        "Knowledge base, search, focal cities, statistics and partnership inquiries. "
        "Reads of public records need no login; writes need a logged-in session "
        "(with its CSRF token), and follow the same permissions as the pages. "
        'Every error answers `{"detail": "...", "errors": {"field": ["..."]}}`: 400 for a '
        "request that is not valid (each bad parameter or field named in `errors`), 401 to "
        "log in, 403 not allowed, 404 not found (or not visible to you), 409 a conflict, "
        "410 withdrawn, 413 too large, 429 too many requests (with `Retry-After`)."
    ),
    urls_namespace="api",
)
api_errors.install(api)

API_APPS = ("core", "library", "search", "directory", "cities", "inquiries", "statistics")

for app in API_APPS:
    module_name = f"plaza.{app}.api"
    if importlib.util.find_spec(module_name) is not None:
        module = importlib.import_module(module_name)
        api.add_router(getattr(module, "PREFIX", f"/{app}"), module.router)

__all__ = ["api"]
