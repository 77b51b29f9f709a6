"""The HTTP API (django-ninja, OpenAPI 3.1 at /api/docs).

Each app that offers an API has ``plaza/<app>/api.py`` with a ``router``; this
module mounts them all under /api/<app>/, so adding an app's API needs no edit here.
"""

from __future__ import annotations

import importlib
import importlib.util

from django.conf import settings
from ninja import NinjaAPI

api = NinjaAPI(
    title=f"{settings.SITE_NAME} API",
    version="1",
    description=(
        "Knowledge base, search, focal cities, statistics and partnership inquiries. "
        "Reads of public records need no login; writes need a logged-in session "
        "(with its CSRF token), and follow the same permissions as the pages."
    ),
    urls_namespace="api",
)

API_APPS = ("core", "library", "search", "directory", "cities", "inquiries", "statistics")

for app in API_APPS:
    module_name = f"plaza.{app}.api"
    if importlib.util.find_spec(module_name) is not None:
        module = importlib.import_module(module_name)
        api.add_router(getattr(module, "PREFIX", f"/{app}"), module.router)

__all__ = ["api"]
