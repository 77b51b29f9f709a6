"""The HTTP API (django-ninja, OpenAPI 3.1 at /api/docs).

Each app that offers an API has ``plaza/<app>/api.py`` (or an ``api/`` package) with a
``router``; this module mounts them, listed explicitly, under /api/<app>/ (or the app's
``PREFIX``). A new app's API is added to ``ROUTERS`` below.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from django.conf import settings
from ninja import NinjaAPI

from plaza.cities import api as cities_api
from plaza.core import api as core_api
from plaza.core import api_errors
from plaza.directory import api as directory_api
from plaza.inquiries import api as inquiries_api
from plaza.library import api as library_api
from plaza.search import api as search_api
from plaza.statistics import api as statistics_api


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

ROUTERS: dict[str, ModuleType] = {
    "core": core_api,
    "library": library_api,
    "search": search_api,
    "directory": directory_api,
    "cities": cities_api,
    "inquiries": inquiries_api,
    "statistics": statistics_api,
}

for app, module in ROUTERS.items():
    api.add_router(getattr(module, "PREFIX", f"/{app}"), module.router)

__all__ = ["api"]
