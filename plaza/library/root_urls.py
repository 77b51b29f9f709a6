"""Language-neutral URLs of the knowledge base: OAI-PMH, Atom feeds, sitemap.xml, robots.txt."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import path

from plaza.library import oai
from plaza.library.feeds import CollectionFeed, ResourceFeed, SearchFeed
from plaza.library.sitemaps import ResourceSitemap


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /*/accounts/",
        "Disallow: /*/library/new/",
        "Disallow: /*/library/curation/",
        "Disallow: /*/library/export",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


feed = ResourceFeed()

urlpatterns = [
    path("oai", oai.endpoint, name="library-oai"),
    path("feeds/library.atom", feed, name="library-feed"),
    path("feeds/search.atom", SearchFeed(), name="search-feed"),
    path("feeds/collections/<slug:slug>.atom", CollectionFeed(), name="collection-feed"),
    path("feeds/library/<str:kind>/<str:value>.atom", feed, name="library-feed-filtered"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"library": ResourceSitemap}},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", robots_txt, name="robots-txt"),
]
