"""sitemap.xml of the public pages (the knowledge base's resources)."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from plaza.library import selectors
from plaza.library.models import Resource


class ResourceSitemap(Sitemap[Resource]):
    limit = 5000
    protocol = None

    def items(self) -> QuerySet[Resource]:
        return selectors.public_resources().order_by("pk")

    def lastmod(self, item: Resource) -> datetime.datetime:
        return item.updated_at
