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
        # Cross-lingual search: store passages and queue their embedding after the lexical index.
        from plaza.search.semantic.writer import chain_after_current_writer

        chain_after_current_writer()

        from plaza.core import warmup
        from plaza.search.services import warm_up

        warmup.register("search", warm_up)
