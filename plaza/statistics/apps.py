from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "plaza.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from plaza.statistics import indexing

        indexing.register()

        from plaza.core import vocabularies
        from plaza.statistics.models import Sex, Status

        vocabularies.register("sex", Sex)
        vocabularies.register("observation_status", Status)
