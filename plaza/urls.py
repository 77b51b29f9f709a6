from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from plaza import views as site_views
from plaza.accounts import views as accounts_views
from plaza.api import api
from plaza.core import views as core_views

# Pages under a language prefix (/en/, /es/, ...): each app's urls.py, listed explicitly.
PAGE_APPS = {
    "accounts": "accounts/",
    "library": "library/",
    "search": "search/",
    "cities": "cities/",
    "directory": "directory/",
    "inquiries": "partnering/",
    "statistics": "statistics/",
}

# Apps that also serve language-neutral URLs (feeds, OAI-PMH, sitemaps) from root_urls.py.
ROOT_APPS = ("library",)

page_patterns: list[URLPattern | URLResolver] = [
    path("", include(([path("", site_views.home, name="home")], "core"))),
]
for app, prefix in PAGE_APPS.items():
    page_patterns.append(path(prefix, include(f"plaza.{app}.urls")))

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/", api.urls),
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
for app in ROOT_APPS:
    urlpatterns.append(path("", include(f"plaza.{app}.root_urls")))

urlpatterns += i18n_patterns(*page_patterns, prefix_default_language=True)
