from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    name = "plaza.cities"
    label = "cities"
    verbose_name = _("Focal cities")

    def ready(self) -> None:
        from plaza.cities import indexing, signals  # noqa: F401 - connects the directory's hooks

        indexing.register()
