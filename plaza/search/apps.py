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
