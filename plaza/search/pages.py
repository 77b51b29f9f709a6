"""Site pages in search: public pages whose text is the site's own (the press room, the
Partnering page, the referral pages), found like any record, in every interface language.

These pages hold no record: their text is interface text in their templates, translated with
gettext. An app registers such a page once (``register_page`` in its ``AppConfig.ready``)
with its URL name and template; the template marks the page's own text with a
``{% block page_text %}`` inside its content (the records a page lists are searchable as
records of their own and are left out). The search document of a page in one language is
that block and the page's ``title`` block, rendered in that language from the same template
the page is served from: nothing is copied, and a changed template or translation shows as a
stale entry in `plaza reindex --check`.

The index is keyed by record, so each (page, language) has a ``SitePage`` row holding its
identity only. ``sync_pages`` makes the rows follow the registered pages and indexes them; it
runs after every migrate (a new page is searchable once the database is migrated) and before
`plaza reindex` rebuilds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.db import connections, transaction
from django.template import Context
from django.template.loader import get_template
from django.template.loader_tags import BlockNode
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from plaza.search import registry
from plaza.search.models import SitePage
from plaza.search.registry import SearchDocument

KIND_PAGE = "page"
PAGE_MODEL = "search.sitepage"
TEXT_BLOCK = "page_text"


@dataclass(frozen=True)
class PageSpec:
    name: str  # stable, e.g. "press"
    url_name: str  # e.g. "inquiries:press"
    template: str  # the template the page's view renders


_pages: dict[str, PageSpec] = {}


def register_page(name: str, *, url_name: str, template: str) -> None:
    """Make the public page ``url_name`` (rendered from ``template``) searchable."""
    _pages[name] = PageSpec(name=name, url_name=url_name, template=template)


def registered_pages() -> dict[str, PageSpec]:
    return dict(_pages)


def page_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def render_block(template_name: str, block: str) -> str:
    """The HTML of ``{% block block %}`` of a template, in the active language.

    The block is rendered without the page's records (its view's context): a page's own text
    needs none, and a block that did would fail here rather than index a half page.
    """
    template = get_template(template_name).template  # type: ignore[attr-defined]
    for node in template.nodelist.get_nodes_by_type(BlockNode):
        if node.name == block:
            context = Context({})
            with context.bind_template(template):
                return str(node.render(context))
    raise LookupError(f"{template_name} has no {{% block {block} %}}")


def page_document(page: SitePage) -> SearchDocument:
    spec = _pages.get(page.name)
    if spec is None or page.language not in page_languages():
        return SearchDocument(model=PAGE_MODEL, pk=int(page.pk), title=page.name, indexable=False)
    with translation.override(page.language):
        title = render_block(spec.template, "title").strip()
        body = render_block(spec.template, TEXT_BLOCK)
        url = reverse(spec.url_name)
    return SearchDocument(
        model=PAGE_MODEL,
        pk=int(page.pk),
        title=title,
        language=page.language,
        body=body,
        url=url,  # in the page's language; the results link it in the reader's
        facets={"kind": [KIND_PAGE]},
        visibility="public",  # a public page: everyone may read it
        group=f"page:{page.name}",  # its languages are versions of one page
    )


def sync_rows() -> dict[tuple[str, str], SitePage]:
    """Give every registered page a row per interface language and drop the rows of pages no
    longer registered (their index entries go with them)."""
    wanted = {(name, language) for name in registered_pages() for language in page_languages()}
    with transaction.atomic():
        rows = {(row.name, row.language): row for row in SitePage.objects.all()}
        for key in set(rows) - wanted:
            rows.pop(key).delete()
        for name, language in sorted(wanted - set(rows)):
            rows[(name, language)] = SitePage.objects.create(name=name, language=language)
    return rows


def sync_pages() -> int:
    """``sync_rows``, then index every page; returns the number of pages indexed."""
    with transaction.atomic():
        rows = sync_rows()
        for key in sorted(rows):
            registry.index_object(rows[key])
    return len(rows)


def sync_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After migrate (and after a test's flush): the site pages are searchable."""
    if using != "default":
        return
    if SitePage._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated backwards past the table
    sync_pages()


def register() -> None:
    registry.register(SitePage, page_document, kind=KIND_PAGE, kind_label=_("Information page"))
    registry.register_interface_versions(KIND_PAGE)
