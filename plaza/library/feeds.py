"""Atom feeds of newly published public resources: overall and per type, sector and language."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed

from plaza.core.languages import LANGUAGES
from plaza.core.sectors import SectorCode
from plaza.core.text import xml_safe
from plaza.library import selectors
from plaza.library.lists import Collection
from plaza.library.models import Resource, ResourceType
from plaza.search import services as search_services
from plaza.search.params import from_query_dict, to_query_dict
from plaza.search.services import SearchParams

FEED_SIZE = 50


class SafeAtom1Feed(Atom1Feed):
    """Atom that drops the characters XML 1.0 cannot hold (Django's writer refuses them)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*xml_safe(list(args)), **xml_safe(kwargs))

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(*xml_safe(list(args)), **xml_safe(kwargs))


class ResourceFeed(Feed[Any, Any]):
    feed_type = SafeAtom1Feed

    def get_object(self, request: HttpRequest, kind: str = "", value: str = "") -> tuple[str, str]:
        valid = {
            "": {""},
            "type": set(ResourceType.values),
            "sector": set(SectorCode.values),
            "lang": set(LANGUAGES),
        }
        if kind not in valid or value not in valid[kind]:
            raise Http404
        return kind, value

    def title(self, obj: tuple[str, str]) -> str:
        kind, value = obj
        labels: dict[str, dict[str, str]] = {
            "type": {k: str(v) for k, v in ResourceType.choices},
            "sector": {k: str(v) for k, v in SectorCode.choices},
            "lang": {code: lang.native_name for code, lang in LANGUAGES.items()},
        }
        base = f"{settings.SITE_NAME}: new resources"
        return f"{base} ({labels[kind][value]})" if kind else base

    def link(self, obj: tuple[str, str]) -> str:
        kind, value = obj
        return f"/en/library/?{kind}={value}" if kind else "/en/library/"

    def subtitle(self, obj: tuple[str, str]) -> str:
        return "Resources on the informal economy newly published in the knowledge base"

    def items(self, obj: tuple[str, str]) -> QuerySet[Resource]:
        kind, value = obj
        qs = selectors.public_resources()
        if kind:
            qs = selectors.filter_resources(qs, {kind: value})
        return selectors.with_related(qs.order_by("-published_at", "-pk"))[:FEED_SIZE]

    def item_title(self, item: Resource) -> str:
        return item.title

    def item_description(self, item: Resource) -> str:
        return item.abstract

    def item_link(self, item: Resource) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Resource) -> str:
        from plaza.library.oai import oai_identifier

        return oai_identifier(item.pk)

    def item_guid_is_permalink(self, item: Resource) -> bool:
        return False

    def item_pubdate(self, item: Resource) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Resource) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: Resource) -> str:
        return "; ".join(c.display_name for c in item.ordered_creators())

    def item_categories(self, item: Resource) -> list[str]:
        return [str(item.get_type_display()), *item.keywords]

    def item_extra_kwargs(self, item: Resource) -> dict[str, Any]:
        return {}


class CollectionFeed(ResourceFeed):
    """The public resources of one curated collection, the latest added first."""

    def get_object(  # type: ignore[override]
        self, request: HttpRequest, slug: str = ""
    ) -> Collection:
        collection = Collection.objects.filter(slug=slug).first()
        if collection is None:
            raise Http404
        return collection

    def title(self, obj: Collection) -> str:  # type: ignore[override]
        return f"{settings.SITE_NAME}: {obj.title}"

    def link(self, obj: Collection) -> str:  # type: ignore[override]
        with translation.override(settings.LANGUAGE_CODE):
            return obj.get_absolute_url()

    def subtitle(self, obj: Collection) -> str:  # type: ignore[override]
        return obj.description or obj.title

    def items(self, obj: Collection) -> QuerySet[Resource]:  # type: ignore[override]
        qs = selectors.public_resources().filter(collection_items__collection=obj)
        return selectors.with_related(qs.order_by("-collection_items__added_at", "-pk"))[:FEED_SIZE]


class SearchFeed(ResourceFeed):
    """Any search as a feed: /feeds/search.atom?<the search page's parameters>.

    Feeds are read without logging in, so the search runs as an anonymous reader: public
    records only. The newest published first, among the search's first results."""

    def get_object(  # type: ignore[override]
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> SearchParams:
        params = from_query_dict(request.GET, settings.LANGUAGE_CODE)
        return replace(params, page=1, per_page=100, facets=False, snippets=False)

    def title(self, obj: SearchParams) -> str:  # type: ignore[override]
        return f"{settings.SITE_NAME}: {obj.q or 'search'}"

    def link(self, obj: SearchParams) -> str:  # type: ignore[override]
        return "/en/search/?" + to_query_dict(obj, page=1).urlencode()

    def subtitle(self, obj: SearchParams) -> str:  # type: ignore[override]
        return "New resources matching a search of the knowledge base"

    def items(self, obj: SearchParams) -> list[Resource]:  # type: ignore[override]
        result = search_services.search(obj, None)
        ids = [h.pk for h in result.hits if h.model == "library.resource"]
        found = selectors.with_related(selectors.public_resources().filter(pk__in=ids))
        ordered = sorted(found, key=lambda r: (r.published_at is not None, r.published_at, r.pk))
        return list(reversed(ordered))[:FEED_SIZE]
