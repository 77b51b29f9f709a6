from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "plaza.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from plaza.search import registry
        from plaza.search.writer import BackendIndexWriter

        registry.set_index_writer(BackendIndexWriter())
        # Public pages of the site (press room, referral pages): registered by their apps.
        from django.db.models.signals import post_migrate

        from plaza.search import pages

        pages.register()
        post_migrate.connect(pages.sync_after_migrate, sender=self)
        # Cross-lingual search: store passages and queue their embedding after the lexical index.
        from plaza.search.semantic.writer import chain_after_current_writer

        chain_after_current_writer()

        from plaza.core import warmup
        from plaza.search.services import warm_up

        warmup.register("search", warm_up)
